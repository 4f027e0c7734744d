/**
 * The drand adapter's checks: a real quicknet round verifies against the pinned quicknet key and a
 * tampered one does not; against the local beacon (drand's contract, its own key) the adapter takes
 * published rounds, answers "not yet" for future ones, and refuses a relay that serves another
 * chain or a round whose signature or randomness was changed.
 */
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalBeacon, type LocalBeacon } from '../../local/beacon';
import { futureRound, mixSeed, roundAt, roundTime, BeaconUnavailable } from '../../shared/beacon/beacon';
import { DrandHttpBeacon, verifyRound } from '../../shared/beacon/drand';
import { drandQuicknet } from '../../infra/stages';

/** drand quicknet round 1,000,000 as published (https://api.drand.sh/<quicknet>/public/1000000). */
const quicknetRound = {
  round: 1_000_000,
  signature: '83ad29e4c409f9470fc2ef02f90214df49e02b441a1a241a82d622d9f608ef98fd8b11a029f1bee9d9e83b45088abe72',
  randomness: 'b22aad4794f7451896f7a371aa46106fd84d919f3f569acd5b2fddf1d1440af3',
};

describe('verifying a drand quicknet round', () => {
  it('accepts the published round under the pinned key', () => {
    expect(verifyRound(drandQuicknet, quicknetRound)).toBe(true);
    // Published at genesis + 999,999 × 3 s.
    expect(roundTime(drandQuicknet, 1_000_000).toISOString()).toBe(new Date(1_695_803_364_000).toISOString());
    expect(roundAt(drandQuicknet, new Date(1_695_803_364_000))).toBe(1_000_000);
    expect(roundAt(drandQuicknet, new Date(1_695_803_363_999))).toBe(999_999);
  });

  it('refuses it for another round, with a changed signature or randomness, or under another key', () => {
    expect(verifyRound(drandQuicknet, { ...quicknetRound, round: 1_000_001 })).toBe(false);
    const flipped = quicknetRound.signature.slice(0, -2) + (quicknetRound.signature.endsWith('72') ? '73' : '72');
    expect(verifyRound(drandQuicknet, { ...quicknetRound, signature: flipped })).toBe(false);
    expect(verifyRound(drandQuicknet, { ...quicknetRound, randomness: 'a'.repeat(64) })).toBe(false);
    expect(verifyRound(drandQuicknet, { ...quicknetRound, signature: 'not hex' })).toBe(false);
    const otherKey = '8d91ae0f4e3cd277cfc46aba26680232b0d5bb4444602cdb23442d62e17f43cdffb1104909e535430c10a6a1ce680a65'.padEnd(192, '0');
    expect(verifyRound({ publicKey: otherKey }, quicknetRound)).toBe(false);
  });

  it('mixes the secret and the randomness as the algorithm text says', () => {
    expect(mixSeed('ab', 'cd')).toBe(createHash('sha256').update('abcd').digest('hex'));
  });
});

describe('the adapter against the local beacon', () => {
  let beacon: LocalBeacon;
  beforeAll(async () => {
    beacon = await startLocalBeacon({ dataDir: mkdtempSync(path.join(tmpdir(), 'beacon-')) });
  });
  afterAll(() => beacon.stop());

  it('takes published rounds, says "not yet" for future ones, and names a future round for a commitment', async () => {
    const adapter = new DrandHttpBeacon(beacon.url, beacon.chain);
    const latest = await adapter.latest();
    expect(latest.round).toBe(roundAt(beacon.chain, beacon.now()));
    expect(await adapter.round(latest.round)).toEqual(latest);
    expect(await adapter.round(latest.round + 100)).toBeUndefined();
    const promise = await futureRound(adapter, new Date());
    expect(promise.round).toBeGreaterThanOrEqual(latest.round + 2);
    expect(new Date(promise.roundAt).getTime()).toBeGreaterThan(Date.now() + 59_000);
    expect(await adapter.round(promise.round)).toBeUndefined();
    // The clock moves forward (never back) and the round is out.
    beacon.advanceTo(new Date(promise.roundAt));
    expect(verifyRound(beacon.chain, (await adapter.round(promise.round))!)).toBe(true);
    expect(beacon.advanceTo(new Date(0)).getTime()).toBeGreaterThanOrEqual(new Date(promise.roundAt).getTime());
  });

  it('refuses a relay serving another chain, or a round whose signature was changed', async () => {
    await expect(new DrandHttpBeacon(beacon.url, { ...beacon.chain, periodSeconds: 30 }).latest()).rejects.toBeInstanceOf(BeaconUnavailable);
    await expect(new DrandHttpBeacon(beacon.url, { ...beacon.chain, publicKey: drandQuicknet.publicKey }).latest()).rejects.toBeInstanceOf(BeaconUnavailable);
    // A relay in the middle that passes the chain info on and changes a round's signature.
    const liar = createServer((req, res) => {
      void (async () => {
        const upstream = await fetch(`${beacon.url}${req.url}`);
        const body = (await upstream.json()) as Record<string, unknown>;
        if (typeof body.signature === 'string') body.signature = `${body.signature.slice(0, -1)}${body.signature.endsWith('0') ? '1' : '0'}`;
        res.writeHead(upstream.status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      })();
    });
    await new Promise<void>((resolve) => liar.listen(0, '127.0.0.1', resolve));
    try {
      const adapter = new DrandHttpBeacon(`http://127.0.0.1:${(liar.address() as { port: number }).port}`, beacon.chain);
      await expect(adapter.round(roundAt(beacon.chain, beacon.now()))).rejects.toThrow(/does not verify/);
    } finally {
      liar.close();
    }
  });
});
