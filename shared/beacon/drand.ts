/**
 * drand's HTTP API (`GET /<chainHash>/info`, `GET /<chainHash>/public/<round|latest>`) for chains of
 * the scheme `bls-unchained-g1-rfc9380` (quicknet): every round is checked against the pinned chain
 * before it is used — its BLS signature under the pinned public key, and randomness = sha256(signature).
 * The relay is only a messenger: a relay that lies is refused, whatever it answers.
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { createHash } from 'node:crypto';
import { BeaconUnavailable, type BeaconChain, type BeaconRound, type RandomnessBeacon } from './beacon';

export const DRAND_SCHEME = 'bls-unchained-g1-rfc9380';
/** RFC 9380 hash-to-G1 with the BLS signature suite's tag, as drand's G1 schemes use it. */
export const DRAND_G1_DST = 'BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_';

const signatures = bls12_381.shortSignatures;

/** What round `round` signs: sha256 of the round number as 8 bytes, big-endian. */
export function roundMessage(round: number): Uint8Array {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64BE(BigInt(round));
  return createHash('sha256').update(bytes).digest();
}

const hexOf = (text: string, bytes: number) => (new RegExp(`^[0-9a-f]{${bytes * 2}}$`).test(text) ? Buffer.from(text, 'hex') : undefined);

/** Whether a round is genuine for the chain: its signature verifies and its randomness is sha256(signature). */
export function verifyRound(chain: Pick<BeaconChain, 'publicKey'>, value: BeaconRound): boolean {
  const signature = hexOf(value.signature, 48);
  const publicKey = hexOf(chain.publicKey, 96);
  if (!signature || !publicKey || !Number.isSafeInteger(value.round) || value.round < 1) return false;
  if (createHash('sha256').update(signature).digest('hex') !== value.randomness) return false;
  try {
    return signatures.verify(signature, signatures.hash(roundMessage(value.round), DRAND_G1_DST), publicKey);
  } catch {
    // A signature or key that is not a point of the group.
    return false;
  }
}

/** Signs a round as a drand node of the scheme would (the local beacon's side; drand's group does it with a threshold of shares). */
export function signRound(secretKey: Uint8Array, round: number): BeaconRound {
  const signature = signatures.Signature.toHex(signatures.sign(signatures.hash(roundMessage(round), DRAND_G1_DST), secretKey));
  return { round, signature, randomness: createHash('sha256').update(Buffer.from(signature, 'hex')).digest('hex') };
}

/** A fresh key pair for a local chain: the secret key's bytes and the public key's hex. */
export function newChainKey(): { secretKey: Uint8Array; publicKey: string } {
  const { secretKey, publicKey } = signatures.keygen();
  return { secretKey, publicKey: publicKey.toHex(true) };
}

export const publicKeyOf = (secretKey: Uint8Array): string => signatures.getPublicKey(secretKey).toHex(true);

interface ChainInfo {
  public_key: string;
  period: number;
  genesis_time: number;
  hash: string;
  schemeID: string;
}

export class DrandHttpBeacon implements RandomnessBeacon {
  private checked?: Promise<void>;

  constructor(
    private readonly baseUrl: string,
    readonly chain: BeaconChain,
    private readonly timeoutMs = 5_000,
  ) {}

  private async get(path: string): Promise<Response> {
    try {
      return await fetch(`${this.baseUrl.replace(/\/$/, '')}/${this.chain.chainHash}${path}`, { signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      throw new BeaconUnavailable(`no answer from the beacon (${(error as Error).name})`);
    }
  }

  /** The relay serves the pinned chain (once per container): same key, period, genesis and scheme. */
  private checkChain(): Promise<void> {
    this.checked ??= (async () => {
      const response = await this.get('/info');
      if (!response.ok) throw new BeaconUnavailable(`the beacon's chain info answered ${response.status}`);
      const info = (await response.json()) as ChainInfo;
      const pinned = this.chain;
      if (info.hash !== pinned.chainHash || info.public_key !== pinned.publicKey || info.period !== pinned.periodSeconds || info.genesis_time !== pinned.genesisTime || info.schemeID !== DRAND_SCHEME) {
        throw new BeaconUnavailable('the beacon serves another chain than the one configured');
      }
    })().catch((error: unknown) => {
      this.checked = undefined;
      throw error;
    });
    return this.checked;
  }

  private async verified(response: Response, round?: number): Promise<BeaconRound> {
    const body = (await response.json()) as Partial<BeaconRound>;
    const value = { round: Number(body.round), randomness: String(body.randomness), signature: String(body.signature) };
    if ((round !== undefined && value.round !== round) || !verifyRound(this.chain, value)) {
      throw new BeaconUnavailable(`round ${round ?? value.round} does not verify against the configured chain`);
    }
    return value;
  }

  async latest(): Promise<BeaconRound> {
    await this.checkChain();
    const response = await this.get('/public/latest');
    if (!response.ok) throw new BeaconUnavailable(`the latest round answered ${response.status}`);
    return this.verified(response);
  }

  async round(round: number): Promise<BeaconRound | undefined> {
    await this.checkChain();
    const response = await this.get(`/public/${round}`);
    // A round whose time has not come: drand answers 425 (Too Early), older relays 404.
    if (response.status === 425 || response.status === 404) return undefined;
    if (!response.ok) throw new BeaconUnavailable(`round ${round} answered ${response.status}`);
    return this.verified(response, round);
  }
}
