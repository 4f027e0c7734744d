/** The deployed verifier's HTTPS contract, against a stand-in provider on loopback. */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpsIdentityVerifier } from '../../shared/identity/identity-verifier';

let server: Server;
let url = '';
const seen: { authorization?: string; body: { name: string; idNumber: string } }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const parsed = JSON.parse(body) as { name: string; idNumber: string };
      seen.push({ authorization: req.headers.authorization, body: parsed });
      if (parsed.name === '服务故障') return res.writeHead(503).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ match: parsed.name === '张伟' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}/verify`;
});

afterAll(() => server.close());

describe('HttpsIdentityVerifier', () => {
  const verifier = () => new HttpsIdentityVerifier(url, async () => 'provider-key');

  it('asks the provider with its key and takes its answer', async () => {
    expect(await verifier().verify('张伟', '11010519491231002x')).toEqual({ verified: true, birthDate: '1949-12-31' });
    expect(seen.at(-1)).toEqual({ authorization: 'Bearer provider-key', body: { name: '张伟', idNumber: '11010519491231002X' } });
    expect(await verifier().verify('李娜', '11010519491231002X')).toMatchObject({ verified: false, field: 'body.idNumber' });
  });

  it('never sends a malformed number out', async () => {
    const before = seen.length;
    expect(await verifier().verify('张伟', '110105194912310021')).toMatchObject({ verified: false });
    expect(seen.length).toBe(before);
  });

  it('fails loudly when the provider fails, rather than verifying anyone', async () => {
    await expect(verifier().verify('服务故障', '11010519491231002X')).rejects.toThrow(/503/);
  });
});
