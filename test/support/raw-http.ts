/**
 * A bare HTTP/1.1 client over a socket, for requests `fetch` will not send: a body on a GET, a
 * request target that is not normalised ('../' and broken percent escapes stay as written), header
 * values with control characters. One request per connection; the answer is read to the end.
 */
import { connect } from 'node:net';

export interface RawRequest {
  method: string;
  /** The request target exactly as sent: path and query. */
  target: string;
  headers: [string, string][];
  body?: Buffer;
}

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  ms: number;
}

export type RawOutcome = RawAnswer | { failed: string; ms: number };

export function sendRaw(baseUrl: string, request: RawRequest, timeoutMs: number): Promise<RawOutcome> {
  const { hostname, port } = new URL(baseUrl);
  const started = Date.now();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (outcome: RawOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const socket = connect({ host: hostname, port: Number(port) });
    const timer = setTimeout(() => finish({ failed: `no answer within ${timeoutMs} ms`, ms: Date.now() - started }), timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    // The server may answer (413) and close while the body is still being written: what it sent counts.
    const done = (error?: Error) => {
      const parsed = parseAnswer(Buffer.concat(chunks), Date.now() - started);
      finish(parsed ?? { failed: error ? `connection failed: ${error.message}` : 'closed without an answer', ms: Date.now() - started });
    };
    socket.on('end', () => done());
    socket.on('close', () => done());
    socket.on('error', (error) => done(error));
    socket.on('connect', () => {
      const body = request.body ?? Buffer.alloc(0);
      const lines = [`${request.method} ${request.target} HTTP/1.1`, `host: ${hostname}:${port}`, 'connection: close'];
      if (body.length > 0 || !['GET', 'DELETE'].includes(request.method)) lines.push(`content-length: ${body.length}`);
      for (const [name, value] of request.headers) lines.push(`${name}: ${value}`);
      // Header values travel as bytes: latin1 keeps every code unit below 256 as one byte.
      socket.write(Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'));
      if (body.length > 0) socket.write(body, () => undefined);
    });
  });
}

function parseAnswer(raw: Buffer, ms: number): RawAnswer | undefined {
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine, ...headerLines] = raw.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '')?.[1]);
  if (!status) return undefined;
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = raw.subarray(end + 4);
  if (headers['transfer-encoding']?.includes('chunked')) body = unchunk(body);
  else if (headers['content-length'] !== undefined) body = body.subarray(0, Number(headers['content-length']));
  return { status, headers, body: body.toString('utf8'), ms };
}

function unchunk(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', at);
    if (lineEnd < 0) break;
    const size = parseInt(data.subarray(at, lineEnd).toString('latin1'), 16);
    if (!size) break;
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}
