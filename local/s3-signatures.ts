/**
 * What S3 checks on a presigned URL and fauxqs does not: the SigV4 query signature. fauxqs stores
 * whatever is PUT to it, so without this a presigned upload URL would take a file of another type
 * or size than the one signed, locally, and be refused only on AWS. This front sits before fauxqs
 * and checks every presigned request (X-Amz-Signature in the query) as S3 does — the signature over
 * the method, path, query and signed headers (so Content-Type and Content-Length), with the local
 * credentials, and the expiry — answering 403 with S3's error codes; every other request (the SDK's
 * own, signed in the Authorization header, and SQS) passes through untouched.
 */
import { createHash, createHmac } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isLocalAccessKey } from './dynamodb-local';
import { passThrough } from './pass-through.mjs';

const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
/** RFC 3986 encoding, as SigV4 canonicalises query parameters. */
const strictEncode = (value: string) => encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Why a presigned request would be refused by S3, or undefined when it would be accepted. */
export function presignedRefusal(
  request: { method: string; url: string; headers: http.IncomingHttpHeaders },
  credentials: { accessKeyId: string; secretAccessKey: string },
  now: Date = new Date(),
): { code: string; message: string } | undefined {
  const [rawPath = '/', rawQuery = ''] = request.url.split('?', 2);
  const params = rawQuery
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const [name = '', value = ''] = pair.split('=', 2);
      return [decodeURIComponent(name.replace(/\+/g, ' ')), decodeURIComponent(value.replace(/\+/g, ' '))] as const;
    });
  const param = (name: string) => params.find(([key]) => key === name)?.[1];
  const signature = param('X-Amz-Signature');
  const credential = param('X-Amz-Credential');
  const amzDate = param('X-Amz-Date');
  const signedHeaders = param('X-Amz-SignedHeaders');
  if (param('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256' || !signature || !credential || !amzDate || !signedHeaders) {
    return { code: 'AuthorizationQueryParametersError', message: 'Query-string authentication requires the X-Amz-* parameters.' };
  }
  const [accessKeyId, ...scopeParts] = credential.split('/');
  if (!accessKeyId || !isLocalAccessKey(accessKeyId)) return { code: 'InvalidAccessKeyId', message: 'The access key does not exist.' };
  const signedAt = Date.parse(amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));
  const expires = Number(param('X-Amz-Expires') ?? '0');
  if (!Number.isFinite(signedAt) || now.getTime() > signedAt + expires * 1000) return { code: 'AccessDenied', message: 'Request has expired' };

  const query = params
    .filter(([name]) => name !== 'X-Amz-Signature')
    .map(([name, value]) => [strictEncode(name), strictEncode(value)] as const)
    .sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : 1) : a < b ? -1 : 1))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  const headerNames = signedHeaders.split(';');
  const headers = headerNames
    .map((name) => {
      const value = request.headers[name];
      return `${name}:${(Array.isArray(value) ? value.join(',') : (value ?? '')).trim().replace(/\s+/g, ' ')}\n`;
    })
    .join('');
  const payloadHash = param('X-Amz-Content-Sha256') ?? 'UNSIGNED-PAYLOAD';
  const canonical = [request.method, rawPath, query, headers, signedHeaders, payloadHash].join('\n');
  const scope = scopeParts.join('/');
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, createHash('sha256').update(canonical).digest('hex')].join('\n');
  const [day = '', region = '', service = ''] = scopeParts;
  const key = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, day), region), service), 'aws4_request');
  if (hmac(key, toSign).toString('hex') !== signature) {
    return { code: 'SignatureDoesNotMatch', message: 'The request signature we calculated does not match the signature you provided.' };
  }
  return undefined;
}

/** An HTTP front on `port` (0: a free one) for the emulator at `target`, checking presigned requests. */
export async function startSignatureFront(target: { port: number }, port: number, credentials: { accessKeyId: string; secretAccessKey: string }) {
  const agent = new http.Agent({ keepAlive: true });
  const server = http.createServer((request, response) => {
    if (/[?&]X-Amz-Signature=/.test(request.url ?? '')) {
      const refusal = presignedRefusal({ method: request.method ?? 'GET', url: request.url ?? '/', headers: request.headers }, credentials);
      if (refusal) {
        request.resume();
        response.writeHead(403, { 'content-type': 'application/xml' });
        response.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${refusal.code}</Code><Message>${refusal.message}</Message></Error>`);
        return;
      }
    }
    passThrough({ hostname: '127.0.0.1', port: target.port }, agent, request, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '0.0.0.0', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      agent.destroy();
    },
  };
}
