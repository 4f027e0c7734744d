// One "container" (execution environment) of a function in the local runtime: loads the
// function's bundle once (its cold start) and then runs the invocations the parent thread sends,
// one at a time as Lambda does, each with a Lambda-like context whose remaining time counts down
// to the deadline the parent enforces (the parent terminates this thread when it passes).
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';

const { bundle, functionName, memoryMb, logStreamName } = workerData;
const module = await import(pathToFileURL(bundle).href);
if (typeof module.handler !== 'function') throw new Error(`${bundle} does not export a handler function`);

let running = false;

parentPort.on('message', async ({ id, event, requestId, deadlineMs }) => {
  if (running) {
    // The parent hands a container one invocation at a time; this would be a bug in the host.
    parentPort.postMessage({ id, error: { name: 'Runtime.ConcurrentInvocation', message: 'this container is busy' } });
    return;
  }
  running = true;
  const context = {
    awsRequestId: requestId ?? randomUUID(),
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: String(memoryMb),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: logStreamName ?? 'local',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadlineMs - Date.now()),
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
  } finally {
    running = false;
  }
});
parentPort.postMessage({ ready: true });
