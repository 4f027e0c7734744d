/**
 * A local public randomness beacon with drand's HTTP contract (`GET /<chainHash>/info`,
 * `GET /<chainHash>/public/<round>` and `/public/latest` → `{ round, randomness, signature }`),
 * of drand quicknet's scheme (bls-unchained-g1-rfc9380), signing its rounds with its own BLS key —
 * so the functions check it with the very adapter that checks drand when deployed. A round whose
 * time has not come is refused (425), as drand refuses it.
 *
 * Its clock is the wall clock moved forward by the runtime's control endpoint (`POST /clock`, or
 * a schedule run `--at` a later time), so a test reaches a beacon round without waiting for it.
 * The clock never goes back: a round once published stays published. Key, genesis and the clock's
 * lead are kept in the data folder (`local-beacon.json`), so a restart publishes the same rounds.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import * as path from 'node:path';
import { roundAt, roundTime, type BeaconChain } from '../shared/beacon/beacon';
import { DRAND_SCHEME, newChainKey, publicKeyOf, signRound } from '../shared/beacon/drand';

export interface LocalBeacon {
  url: string;
  chain: BeaconChain;
  /** The beacon's time: the wall clock plus the lead tests have given it. */
  now(): Date;
  /** Moves the beacon's clock forward to `at` (never back); answers its time. */
  advanceTo(at: Date): Date;
  stop(): Promise<void>;
}

interface Stored {
  secretKey: string;
  genesisTime: number;
  periodSeconds: number;
  /** How far the beacon's clock runs ahead of the wall clock, in ms. */
  leadMs: number;
}

export async function startLocalBeacon(options: { dataDir: string; periodSeconds?: number; port?: number }): Promise<LocalBeacon> {
  const file = path.join(options.dataDir, 'local-beacon.json');
  let stored: Stored;
  if (existsSync(file)) stored = JSON.parse(readFileSync(file, 'utf8')) as Stored;
  else {
    const { secretKey } = newChainKey();
    // Genesis a day back, on a whole period: round numbers look like a running chain's.
    stored = { secretKey: Buffer.from(secretKey).toString('hex'), genesisTime: Math.floor(Date.now() / 1000) - 86_400, periodSeconds: options.periodSeconds ?? 3, leadMs: 0 };
  }
  const save = () => {
    mkdirSync(options.dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  };
  save();
  const secretKey = Buffer.from(stored.secretKey, 'hex');
  const publicKey = publicKeyOf(secretKey);
  const info = { public_key: publicKey, period: stored.periodSeconds, genesis_time: stored.genesisTime, schemeID: DRAND_SCHEME, metadata: { beaconID: 'local' } };
  // drand hashes its chain info into the chain's name; ours is a hash of the same facts.
  const chainHash = createHash('sha256').update(JSON.stringify(info)).digest('hex');
  const chain: BeaconChain = { chainHash, publicKey, genesisTime: stored.genesisTime, periodSeconds: stored.periodSeconds };
  const now = () => new Date(Date.now() + stored.leadMs);
  const signed = new Map<number, ReturnType<typeof signRound>>();
  const sign = (round: number) => {
    if (!signed.has(round)) signed.set(round, signRound(secretKey, round));
    return signed.get(round)!;
  };

  const answer = (res: ServerResponse, status: number, body: unknown) =>
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': status === 200 ? 'public, max-age=60' : 'no-store' }).end(JSON.stringify(body));
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const [hash, kind, which] = url.pathname.split('/').filter(Boolean);
    if (req.method !== 'GET' || hash !== chainHash) return answer(res, 404, { error: `unknown chain; this beacon serves ${chainHash}` });
    if (kind === 'info' && !which) return answer(res, 200, { ...info, hash: chainHash, groupHash: chainHash });
    if (kind !== 'public' || !which) return answer(res, 404, { error: 'GET /<chainHash>/info or /<chainHash>/public/<round|latest>' });
    const latest = roundAt(chain, now());
    const round = which === 'latest' ? latest : /^\d+$/.test(which) ? Number(which) : NaN;
    if (!Number.isSafeInteger(round) || round < 1) return answer(res, 400, { error: `"${which}" is not a round` });
    if (round > latest) return answer(res, 425, { error: `round ${round} is published at ${roundTime(chain, round).toISOString()}` });
    answer(res, 200, sign(round));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    chain,
    now,
    advanceTo: (at) => {
      const lead = at.getTime() - Date.now();
      if (lead > stored.leadMs) {
        stored.leadMs = lead;
        save();
      }
      return now();
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
