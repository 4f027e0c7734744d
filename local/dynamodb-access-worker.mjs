// The access front's thread: an HTTP front before DynamoDB Local that answers each function's
// call as IAM would. The caller is known by its access key (each function's own, in the SigV4
// Credential); a call its manifest entry does not grant is refused with AccessDeniedException,
// as on AWS, and every other call passes through untouched. Its own thread, so the checks never
// queue behind the gateway's work.
import * as http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { refusal } from './dynamodb-policy.mjs';
import { passThrough } from './pass-through.mjs';

const { target, grantsByKey, trustedKeys } = workerData;
const targetUrl = new URL(target);
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

const accessKeyOf = (authorization = '') => /Credential=([^/]+)\//.exec(authorization)?.[1];

function deny(response, caller, need) {
  const message = `User: arn:aws:sts::000000000000:assumed-role/${caller}/${caller} is not authorized to perform: dynamodb:${need.action} on resource: arn:aws:dynamodb:local:000000000000:table/${need.table} because no identity-based policy allows the dynamodb:${need.action} action`;
  response.writeHead(400, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'local-access-front' });
  response.end(JSON.stringify({ __type: 'com.amazon.coral.service#AccessDeniedException', Message: message }));
}

const forward = (request, response, body) => passThrough(targetUrl, agent, request, response, body);

const server = http.createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    const body = Buffer.concat(chunks);
    const key = accessKeyOf(request.headers.authorization);
    // The runtime's own clients (table set-up, the demo seed, tests) act as the account's owner.
    if (key === undefined || trustedKeys.includes(key)) return forward(request, response, body);
    const grants = grantsByKey[key];
    const operation = String(request.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
    let need;
    try {
      need = grants ? refusal(operation, JSON.parse(body.toString('utf8') || '{}'), grants) : { action: operation, table: '*' };
    } catch {
      need = undefined; // not JSON: DynamoDB itself answers what is wrong with it
    }
    if (need) return deny(response, key, need);
    forward(request, response, body);
  });
});

server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
parentPort.on('message', (message) => {
  if (message === 'stop') {
    server.closeAllConnections();
    server.close(() => {
      agent.destroy();
      parentPort.postMessage({ stopped: true });
    });
  }
});
