/**
 * A lottery anyone can check. At the commit the programme publishes the sorted list of eligible
 * application ids, SHA-256(secret) and a beacon round that does not exist yet; at the draw, the
 * secret and that round's value. The seed is SHA-256(secret ‖ randomness) — fixed by neither the
 * operator, who knew the list and the secret but not the beacon's value, nor the beacon, which
 * never saw the secret. The winners are the `quota` applications whose
 * SHA-256(`${seed}:${applicationId}`) is smallest (hex order, ties by id): anyone with the list,
 * the secret and the round recomputes them.
 */
import { createHash, randomBytes } from 'node:crypto';

export const LOTTERY_ALGORITHM =
  'winners = the quota applications with the smallest sha256_hex(seed + ":" + applicationId); ties by applicationId; all of them when the list is within the quota (then no seed is needed and the beacon round is not waited for). seed = sha256_hex(secret + beacon.randomness) (hex text concatenated; a lottery without a beacon, committed before it was used: seed = secret); commitment = sha256_hex(secret), published with the list and the beacon round at committedAt. Beacon: drand chain beacon.chainHash, scheme bls-unchained-g1-rfc9380: beacon.signature is a BLS12-381 signature on G1 (public key on G2) over sha256(round as 8-byte big-endian), DST BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_; randomness = sha256_hex(signature bytes); the round is published at beacon.roundAt, after committedAt';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A fresh secret to commit to. */
export const newSecret = () => randomBytes(32).toString('hex');
export const commitmentOf = (secret: string) => sha256(secret);

export function drawWinners(eligible: string[], seed: string, quota: number): string[] {
  return eligible
    .map((id) => ({ id, rank: sha256(`${seed}:${id}`) }))
    .sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : a.id < b.id ? -1 : 1))
    .slice(0, quota)
    .map((entry) => entry.id)
    .sort();
}
