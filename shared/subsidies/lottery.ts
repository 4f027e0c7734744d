/**
 * A lottery anyone can check. Before the draw the programme publishes the sorted list of
 * eligible application ids and SHA-256(seed); after it, the seed. The winners are the `quota`
 * applications whose SHA-256(`${seed}:${applicationId}`) is smallest (hex order, ties by id):
 * anyone with the list and the seed recomputes them, and the commitment shows the seed was fixed
 * before the list was known to be final.
 */
import { createHash, randomBytes } from 'node:crypto';

export const LOTTERY_ALGORITHM =
  'winners = the quota applications with the smallest sha256_hex(seed + ":" + applicationId); ties by applicationId; commitment = sha256_hex(seed)';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export const newSeed = () => randomBytes(32).toString('hex');
export const commitmentOf = (seed: string) => sha256(seed);

export function drawWinners(eligible: string[], seed: string, quota: number): string[] {
  return eligible
    .map((id) => ({ id, rank: sha256(`${seed}:${id}`) }))
    .sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : a.id < b.id ? -1 : 1))
    .slice(0, quota)
    .map((entry) => entry.id)
    .sort();
}
