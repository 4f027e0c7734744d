/**
 * A public randomness beacon (drand) as the draws and lotteries use it: a chain pinned by its hash,
 * public key, genesis time and period, whose round `r` is published at genesis + (r - 1) × period
 * and not before. A commitment names a round that did not exist when it was made; the draw mixes
 * that round's value into the committed secret, so neither the operator (who knew the list and the
 * secret) nor anyone else could choose the seed.
 */
import { createHash } from 'node:crypto';
import { DomainError, inChinese } from '../errors';

inChinese({
  BEACON_ROUND_PENDING: '抽签所用的公共随机信标轮次尚未发布，请在 Retry-After 指示的秒数后重试。',
  BEACON_UNAVAILABLE: '公共随机信标暂不可用或其数据未通过验证，请稍后重试。',
});

export interface BeaconChain {
  /** drand's chain hash: which network the rounds come from. */
  chainHash: string;
  /** Hex of the group's public key (G2, compressed). */
  publicKey: string;
  /** Unix seconds of round 1. */
  genesisTime: number;
  periodSeconds: number;
}

/** One published round: randomness = sha256(signature), the signature a BLS signature over the round. */
export interface BeaconRound {
  round: number;
  randomness: string;
  signature: string;
}

/** The port: a beacon whose rounds are verified before anyone sees them. */
export interface RandomnessBeacon {
  readonly chain: BeaconChain;
  /** The newest published round. */
  latest(): Promise<BeaconRound>;
  /** A published round, verified; undefined while its time has not come (the beacon refuses it). */
  round(round: number): Promise<BeaconRound | undefined>;
}

/** The round a commitment names, with when it will be published. */
export interface BeaconPromise {
  chainHash: string;
  round: number;
  roundAt: string;
}

/** The instant round `round` is published. */
export const roundTime = (chain: BeaconChain, round: number): Date => new Date((chain.genesisTime + (round - 1) * chain.periodSeconds) * 1000);

/** The newest round whose time has come at `at`. */
export const roundAt = (chain: BeaconChain, at: Date): number => Math.max(0, Math.floor((at.getTime() / 1000 - chain.genesisTime) / chain.periodSeconds) + 1);

/**
 * How long after a commitment its round is published at the soonest: long enough that the
 * commitment is stored (the list's chunks and the head) before the value exists.
 */
export const BEACON_DELAY_SECONDS = 60;

/**
 * The round a commitment made at `now` waits for: the first published at least BEACON_DELAY_SECONDS
 * after `now`, and at least two rounds beyond the newest the beacon has published (should our clock
 * lag the beacon's, the round is still one nobody has seen).
 */
export async function futureRound(beacon: RandomnessBeacon, now: Date): Promise<BeaconPromise> {
  const latest = await beacon.latest();
  const round = Math.max(roundAt(beacon.chain, new Date(now.getTime() + BEACON_DELAY_SECONDS * 1000)) + 1, latest.round + 2);
  return { chainHash: beacon.chain.chainHash, round, roundAt: roundTime(beacon.chain, round).toISOString() };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The final seed: sha256_hex(secret ‖ randomness), both as lowercase hex text. */
export const mixSeed = (secret: string, randomness: string): string => sha256(`${secret}${randomness}`);

export const BEACON_ALGORITHM =
  'beacon: drand chain <chainHash>, scheme bls-unchained-g1-rfc9380: the round\'s signature is a BLS12-381 signature on G1 (public key on G2) over sha256(round as 8-byte big-endian), domain separation tag BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_; randomness = sha256_hex(signature bytes); the round is published at genesisTime + (round - 1) × period seconds, after committedAt. seed = sha256_hex(secret + randomness) (hex text concatenated); commitment = sha256_hex(secret)';

/** The draw waits for its beacon round: it does not exist yet. */
export class BeaconRoundPending extends DomainError {
  constructor(promise: BeaconPromise) {
    const wait = Math.max(1, Math.ceil((new Date(promise.roundAt).getTime() - Date.now()) / 1000));
    super('too-early', 'BEACON_ROUND_PENDING', `The draw waits for beacon round ${promise.round}, published at ${promise.roundAt}; try again then.`, {
      round: promise.round,
      roundAt: promise.roundAt,
      retryAfterSeconds: Math.min(wait, 3600),
    });
  }
}

/** The beacon did not answer, or answered something that does not verify against the pinned chain. */
export class BeaconUnavailable extends DomainError {
  constructor(why: string) {
    super('unavailable', 'BEACON_UNAVAILABLE', `The randomness beacon cannot be used now: ${why}.`, { retryAfterSeconds: 30 });
  }
}
