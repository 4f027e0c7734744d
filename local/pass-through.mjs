// Passes a request on to a local emulator as it came and pipes its answer back (502 when the
// emulator cannot be reached): what the fronts before DynamoDB Local and the S3 emulator do with
// every request they do not refuse. Plain JavaScript, so the access front's worker thread loads it too.
import * as http from 'node:http';

/** `body`: the request's body when the front has read it already; otherwise the request is piped on. */
export function passThrough(target, agent, request, response, body) {
  const upstream = http.request({ host: target.hostname, port: target.port, method: request.method, path: request.url, headers: request.headers, agent }, (answer) => {
    response.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
    answer.pipe(response);
  });
  upstream.on('error', () => {
    if (!response.headersSent) response.writeHead(502);
    response.end();
  });
  if (body === undefined) request.pipe(upstream);
  else upstream.end(body);
}
