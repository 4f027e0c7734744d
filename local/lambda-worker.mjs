// One "container" of a function in the local runtime: loads the function's bundle once (its
// cold start) and runs each invocation the parent thread sends, with a Lambda-like context.
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';

const { bundle, functionName, timeoutMs, memoryMb } = workerData;
const module = await import(pathToFileURL(bundle).href);
if (typeof module.handler !== 'function') throw new Error(`${bundle} does not export a handler function`);

parentPort.on('message', async ({ id, event, requestId }) => {
  const started = Date.now();
  const context = {
    awsRequestId: requestId ?? randomUUID(),
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: String(memoryMb),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, timeoutMs - (Date.now() - started)),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
  try {
    const result = await module.handler(event, context);
    parentPort.postMessage({ id, result: result === undefined ? null : JSON.parse(JSON.stringify(result)) });
  } catch (error) {
    parentPort.postMessage({
      id,
      error: { name: error?.name ?? 'Error', message: String(error?.message ?? error), stack: error?.stack },
    });
  }
});
parentPort.postMessage({ ready: true });
