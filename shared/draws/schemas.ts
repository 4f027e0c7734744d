/** Request and response schemas of the draws routes (zod/mini: the OpenAPI document is generated from them). */
import * as z from 'zod/mini';
import '../schema-locale';
import { pageOf } from '../schema-shapes';
import { BeaconView } from '../beacon/schemas';

const instant = z.iso.datetime({ offset: true });

export const DrawParams = z.object({ drawId: z.string().check(z.uuid()) });

export const DrawBody = z.strictObject({
  name: z.string().check(z.trim(), z.minLength(2), z.maxLength(100), z.describe('e.g. 粤工惠养 疗休养 第一轮')),
  description: z.optional(z.string().check(z.maxLength(2000))),
  organisationId: z.string().check(z.minLength(1), z.maxLength(100), z.describe('The audience: verified members of unions under it may enter (an admin: her subtree; an operator: the province for a province-wide draw)')),
  prizes: z
    .array(z.strictObject({ name: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)), count: z.number().check(z.int(), z.minimum(1), z.maximum(999)) }))
    .check(z.minLength(1), z.maxLength(20), z.describe('In order: prize p1 first, each `count` units')),
  entriesOpenAt: z.optional(instant.check(z.describe('Default: now'))),
  entriesCloseAt: instant,
  acceptanceHours: z.number().check(z.int(), z.minimum(1), z.maximum(720), z.describe('How long a winner has to accept before the prize passes to the next rank')),
});

const statuses = ['open', 'freezing', 'committed', 'drawn'] as const;

export const DrawView = z.object({
  drawId: z.string(),
  name: z.string(),
  description: z.optional(z.string()),
  audience: z.object({ organisationId: z.string() }),
  prizes: z.array(z.object({ prizeId: z.string(), name: z.string(), count: z.number().check(z.int()) })),
  entriesOpenAt: z.string(),
  entriesCloseAt: z.string(),
  acceptanceHours: z.number().check(z.int()),
  status: z.enum(statuses),
  entrants: z.number().check(z.int()),
  createdAt: z.string(),
  commitment: z.optional(z.string().check(z.describe('sha256_hex of the secret, published with the frozen list'))),
  committedAt: z.optional(z.string()),
  closedEarly: z.optional(z.object({ at: z.string(), by: z.string(), reason: z.string() })),
  beacon: z.optional(BeaconView),
  drawnAt: z.optional(z.string()),
});
export const DrawPage = pageOf(DrawView);

export const EntryView = z.object({
  drawId: z.string(),
  drawName: z.string(),
  entryId: z.string().check(z.describe('Random: the published list names entrants by it only')),
  enteredAt: z.string(),
  status: z.enum(['entered', 'offered', 'accepted', 'declined', 'lapsed']),
  rank: z.optional(z.number().check(z.int(), z.describe('Place in the order sha256(seed:entryId), once drawn; 1 is first'))),
  slotId: z.optional(z.string()),
  prizeName: z.optional(z.string()),
  deadline: z.optional(z.string().check(z.describe('Accept before it, or the prize passes on'))),
  decidedAt: z.optional(z.string()),
});
export const EntryPage = pageOf(EntryView);

export const DrawCommitBody = z.optional(
  z.strictObject({
    closeEarlyReason: z.optional(
      z.string().check(z.trim(), z.minLength(5), z.maxLength(500), z.describe('Commit before the entry window ends: entries close now, and why is recorded')),
    ),
  }),
);

export const PrizeDecisionBody = z.strictObject({ decision: z.enum(['accept', 'decline']) });

export const DrawResult = z.object({
  drawId: z.string(),
  entrants: z.number().check(z.int()),
  prizes: z.number().check(z.int(), z.describe('Prize units')),
  offered: z.number().check(z.int()),
  accepted: z.number().check(z.int()),
  unclaimed: z.number().check(z.int()),
});

export const ProofQuery = z.object({ chunk: z._default(z.coerce.number().check(z.int(), z.minimum(0)), 0) });

const ranked = z.object({ entryId: z.string(), rank: z.number().check(z.int()) });
export const DrawProof = z.object({
  drawId: z.string(),
  name: z.string(),
  status: z.enum(statuses),
  prizes: z.array(z.object({ prizeId: z.string(), name: z.string(), count: z.number().check(z.int()) })),
  acceptanceHours: z.number().check(z.int()),
  entriesCloseAt: z.string(),
  entrantCount: z.number().check(z.int()),
  commitment: z.string(),
  committedAt: z.string(),
  beacon: BeaconView,
  chunks: z.number().check(z.int(), z.describe('Chunks of the frozen list (5,000 entry ids each); ask for each with ?chunk=')),
  chunk: z.number().check(z.int()),
  entrants: z.array(z.string()).check(z.describe('This chunk of the frozen list: sorted entry ids')),
  secret: z.optional(z.string().check(z.describe('The committed secret, revealed once drawn'))),
  seed: z.optional(z.string().check(z.describe('sha256_hex(secret + beacon.randomness)'))),
  drawnAt: z.optional(z.string()),
  steps: z.array(
    z.object({
      step: z.number().check(z.int()),
      at: z.string(),
      slotId: z.string(),
      prizeId: z.string(),
      from: ranked,
      reason: z.enum(['declined', 'lapsed']),
      to: z.optional(ranked),
    }),
  ),
  outcome: z.array(
    z.object({ slotId: z.string(), prizeId: z.string(), status: z.enum(['offered', 'accepted', 'unclaimed']), holder: z.optional(ranked), deadline: z.optional(z.string()) }),
  ),
  algorithm: z.string(),
});
