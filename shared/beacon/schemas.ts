/** The schema of a beacon round as draws and lotteries publish it. */
import * as z from 'zod/mini';

/** The beacon round a commitment names, and its value once a draw has fetched it. */
export const BeaconView = z.object({
  chainHash: z.string().check(z.describe("The drand chain the round comes from (quicknet when deployed)")),
  round: z.number().check(z.int(), z.describe('A round published only after the commitment')),
  roundAt: z.string().check(z.describe('When the round is published: genesis + (round - 1) × period')),
  randomness: z.optional(z.string().check(z.describe("The round's randomness: sha256 of its signature"))),
  signature: z.optional(z.string().check(z.describe("The round's BLS signature (G1), to check against the chain's public key"))),
});
