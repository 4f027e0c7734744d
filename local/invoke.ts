/**
 * `npm run invoke -- <function> <events/file.json>`: runs one function on a sample event, the way
 * Lambda would run it (bundled, in its own worker, with its manifest environment), against a
 * fresh in-memory runtime with the demo seeded. Prints the function's result as JSON.
 */
import { readFileSync } from 'node:fs';
import { LocalRuntimeError } from './processes';
import { startRuntime } from './runtime';

const [functionName, eventFile] = process.argv.slice(2);
if (!functionName || !eventFile) {
  console.error('Usage: npm run invoke -- <function> <events/file.json>');
  process.exit(2);
}

let runtime: Awaited<ReturnType<typeof startRuntime>> | undefined;
let exitCode = 0;
try {
  const event = JSON.parse(readFileSync(eventFile, 'utf8')) as unknown;
  runtime = await startRuntime({ port: 0, inMemory: true, log: (line) => console.error(line) });
  if (!runtime.functions.names.includes(functionName)) {
    throw new LocalRuntimeError(`No function "${functionName}". Functions: ${runtime.functions.names.join(', ')}`);
  }
  const result = await runtime.functions.invoke(functionName, event);
  console.log(JSON.stringify(result, null, 2));
} catch (error) {
  console.error(error instanceof LocalRuntimeError ? error.message : error);
  exitCode = 1;
} finally {
  await runtime?.stop();
}
process.exit(exitCode);
