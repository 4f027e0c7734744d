/**
 * A prize draw end to end, as the recuperation ("粤工惠养") draws run: a city admin defines one for
 * her subtree; verified members of it enter, once each (the unverified and those of another city
 * are refused); the admin closes entries and commits — the frozen list, a commitment to a secret
 * and a beacon round that does not exist yet; the draw is refused until the round's time; the
 * local clock moves, the round arrives, the draw ranks every entrant and offers the prizes; a
 * winner declines and another lets her deadline pass, and the prizes pass on in rank order with
 * inbox notices, an acceptance racing two lapse sweeps moving a prize once. Then the proof is
 * recomputed here, with this file's own sha256 and its own BLS check of the beacon's value.
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createHash } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { subjectOf } from '../../local/demo';
import { call } from '../support/api';
import { localDynamo } from '../support/local-aws';
import { advanceClock, runSchedule } from '../support/schedules';
import { memberOf, short } from '../support/scenario';

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

interface Proof {
  commitment: string;
  committedAt: string;
  beacon: { chainHash: string; round: number; roundAt: string; randomness: string; signature: string };
  secret: string;
  seed: string;
  prizes: { prizeId: string; count: number }[];
  chunks: number;
  entrants: string[];
  steps: { step: number; slotId: string; from: { entryId: string; rank: number }; reason: string; to?: { entryId: string; rank: number } }[];
  outcome: { slotId: string; status: string; holder?: { entryId: string; rank: number } }[];
}

/** The beacon round checked as drand's scheme says, with nothing of the project's code. */
async function beaconRoundVerifies(proof: Proof) {
  const info = (await (await fetch(`${inject('beaconUrl')}/info`)).json()) as { public_key: string; genesis_time: number; period: number; hash: string; schemeID: string };
  expect(info).toMatchObject({ hash: proof.beacon.chainHash, schemeID: 'bls-unchained-g1-rfc9380' });
  const roundBytes = new Uint8Array(8);
  new DataView(roundBytes.buffer).setBigUint64(0, BigInt(proof.beacon.round));
  const message = createHash('sha256').update(roundBytes).digest();
  const signature = Buffer.from(proof.beacon.signature, 'hex');
  const short = bls12_381.shortSignatures;
  const valid = short.verify(signature, short.hash(message, 'BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_'), Buffer.from(info.public_key, 'hex'));
  // The round is published at genesis + (round - 1) × period: after the commitment.
  const publishedAt = (info.genesis_time + (proof.beacon.round - 1) * info.period) * 1000;
  return valid && sha256(signature) === proof.beacon.randomness && publishedAt === new Date(proof.beacon.roundAt).getTime() && publishedAt > new Date(proof.committedAt).getTime();
}

/** Winners and every pass-on recomputed from the proof alone. */
function recompute(proof: Proof) {
  expect(sha256(proof.secret)).toBe(proof.commitment);
  const seed = sha256(proof.secret + proof.beacon.randomness);
  expect(proof.seed).toBe(seed);
  const ranked = proof.entrants
    .map((id) => ({ id, key: sha256(`${seed}:${id}`) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.id < b.id ? -1 : 1))
    .map((entry) => entry.id);
  const slots = proof.prizes.flatMap((prize) => Array.from({ length: prize.count }, (_, i) => `${prize.prizeId}#${String(i + 1).padStart(3, '0')}`));
  const holders = new Map(slots.map((slot, i) => [slot, ranked[i] ? { entryId: ranked[i]!, rank: i + 1 } : undefined]));
  let next = slots.length + 1;
  for (const [i, step] of proof.steps.entries()) {
    expect(step.step).toBe(i + 1);
    expect(step.from).toEqual(holders.get(step.slotId));
    const to = next <= ranked.length ? { entryId: ranked[next - 1]!, rank: next } : undefined;
    expect(step.to).toEqual(to);
    if (to) next++;
    holders.set(step.slotId, to);
  }
  return { ranked, holders };
}

async function inboxOf(user: string) {
  const { documents } = localDynamo();
  const found = await documents.send(
    new QueryCommand({ TableName: 'inbox', KeyConditionExpression: 'pk = :pk AND begins_with(sk, :notice)', ExpressionAttributeValues: { ':pk': `USER#${subjectOf(user)}`, ':notice': 'NOTICE#' } }),
  );
  return (found.Items ?? []) as { kind: string; noticeId: string; facts: Record<string, unknown> }[];
}

describe('a prize draw', () => {
  it('takes entries, freezes them, draws with a beacon round published after the commit, passes prizes on in rank order, and proves it', { timeout: 180_000 }, async () => {
    const members = await Promise.all([0, 1, 2, 3, 4].map(() => memberOf('gz-metro')));
    const unverified = await memberOf('gz-metro', { verified: false });
    const otherCity = await memberOf('sz-courier');
    const closes = new Date(Date.now() + 7 * 86400_000).toISOString();
    const body = { name: `粤工惠养 疗休养 ${short()}`, organisationId: 'gz', prizes: [{ name: '从化温泉疗休养', count: 2 }], entriesCloseAt: closes, acceptanceHours: 48 };

    // Another city's admin cannot define a draw for Guangzhou; its own admin can.
    expect((await call('POST', '/draws', { user: 'sz-admin', body })).body.code).toBe('NOT_IN_SCOPE');
    const created = await call('POST', '/draws', { user: 'gz-admin', body });
    expect(created.status).toBe(201);
    const { drawId } = created.body;
    expect(created.body).toMatchObject({ status: 'open', entrants: 0, audience: { organisationId: 'gz' }, prizes: [{ prizeId: 'p1', name: '从化温泉疗休养', count: 2 }] });

    // Open to Guangzhou's members, not to Shenzhen's.
    expect((await call('GET', '/draws', { user: members[0] })).body.items.map((d: { drawId: string }) => d.drawId)).toContain(drawId);
    expect((await call('GET', '/draws', { user: otherCity })).body.items.map((d: { drawId: string }) => d.drawId)).not.toContain(drawId);

    // One entry each, also when two arrive at once; the unverified and another city's member are refused.
    const first = await Promise.all([0, 1].map(() => call('POST', `/draws/${drawId}/entries`, { user: members[0] })));
    expect(first.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(first.find((r) => r.status === 409)!.body.code).toBe('ALREADY_ENTERED');
    for (const member of members.slice(1)) expect((await call('POST', `/draws/${drawId}/entries`, { user: member })).status).toBe(201);
    expect((await call('POST', `/draws/${drawId}/entries`, { user: unverified })).body).toMatchObject({ code: 'NOT_ELIGIBLE', reason: expect.stringMatching(/verified/) });
    expect((await call('POST', `/draws/${drawId}/entries`, { user: otherCity })).body).toMatchObject({ code: 'NOT_ELIGIBLE' });
    expect((await call('GET', `/draws/${drawId}`, { user: members[0] })).body.entrants).toBe(5);

    // Entries are open: no commit, unless the admin closes them early and says why.
    expect((await call('POST', `/draws/${drawId}/commit`, { user: 'gz-admin' })).body.code).toBe('DRAW_STATE');
    expect((await call('POST', `/draws/${drawId}/commit`, { user: 'sz-admin', body: { closeEarlyReason: 'Not my draw to close.' } })).body.code).toBe('DRAW_NOT_FOUND');
    const committed = await call('POST', `/draws/${drawId}/commit`, { user: 'gz-admin', body: { closeEarlyReason: 'Every place has been taken up.' } });
    expect(committed.status).toBe(201);
    expect(committed.body).toMatchObject({ status: 'committed', entrants: 5, commitment: expect.stringMatching(/^[0-9a-f]{64}$/), closedEarly: { reason: 'Every place has been taken up.' } });
    expect(new Date(committed.body.beacon.roundAt).getTime()).toBeGreaterThan(new Date(committed.body.committedAt).getTime());
    // The beacon round has not come (asked at once: the round is seconds away on the local clock): the draw is refused.
    const early = await call('POST', `/draws/${drawId}/draw`, { user: 'gz-admin' });
    expect([early.status, early.body.code, early.body.round]).toEqual([425, 'BEACON_ROUND_PENDING', committed.body.beacon.round]);
    expect((await call('POST', `/draws/${drawId}/entries`, { user: unverified })).status).toBe(403);
    const late = await memberOf('gz-metro');
    expect((await call('POST', `/draws/${drawId}/entries`, { user: late })).body.code).toBe('ENTRIES_CLOSED');
    expect((await call('POST', `/draws/${drawId}/commit`, { user: 'gz-admin' })).body.code).toBe('DRAW_STATE');

    // The list is published before the draw; the secret is not.
    const before = (await call('GET', `/draws/${drawId}/proof`, { user: otherCity })).body;
    expect(before.entrants).toHaveLength(5);
    expect(before.secret).toBeUndefined();

    // The clock moves; the round arrives.
    await advanceClock(committed.body.beacon.roundAt);
    const drawn = await call('POST', `/draws/${drawId}/draw`, { user: 'gz-admin' });
    expect(drawn.body).toEqual({ drawId, entrants: 5, prizes: 2, offered: 2, accepted: 0, unclaimed: 0 });
    expect((await call('POST', `/draws/${drawId}/draw`, { user: 'gz-admin' })).body).toEqual(drawn.body);

    // Every entrant has a rank; ranks 1 and 2 are offered the prizes, with a deadline and a notice.
    const entryOf = async (user: string) => (await call('GET', '/me/draws', { user })).body.items.find((e: { drawId: string }) => e.drawId === drawId);
    const entries = await Promise.all(members.map(entryOf));
    expect(entries.map((e) => e.rank).sort()).toEqual([1, 2, 3, 4, 5]);
    const byRank = (rank: number) => members[entries.findIndex((e) => e.rank === rank)]!;
    expect((await entryOf(byRank(1))).status).toBe('offered');
    expect((await entryOf(byRank(2))).status).toBe('offered');
    expect((await entryOf(byRank(3))).status).toBe('entered');
    expect(await inboxOf(byRank(1))).toEqual([expect.objectContaining({ kind: 'prize-won', facts: expect.objectContaining({ drawId, rank: 1, prizeName: '从化温泉疗休养' }) })]);

    // Rank 2 declines: the prize passes to rank 3, with a notice to each.
    const declined = await call('POST', `/draws/${drawId}/prize-decision`, { user: byRank(2), body: { decision: 'decline' } });
    expect(declined.body).toMatchObject({ status: 'declined', rank: 2 });
    expect((await call('POST', `/draws/${drawId}/prize-decision`, { user: byRank(2), body: { decision: 'accept' } })).body.code).toBe('NO_OFFER');
    const third = await entryOf(byRank(3));
    expect(third).toMatchObject({ status: 'offered', slotId: 'p1#002' });
    expect((await inboxOf(byRank(2))).map((n) => n.kind).sort()).toEqual(['prize-passed-on', 'prize-won']);
    expect((await inboxOf(byRank(3))).map((n) => n.kind)).toEqual(['prize-won']);

    // Rank 1 lets her deadline pass. At rank 3's deadline, two sweeps run at once while rank 3
    // accepts: rank 1's prize passes to rank 4, and rank 3's prize moves exactly once — hers, or
    // on to rank 5 — never both.
    const sweepAt = new Date(new Date(third.deadline).getTime() + 60_000);
    const [accepted] = await Promise.all([
      call('POST', `/draws/${drawId}/prize-decision`, { user: byRank(3), body: { decision: 'accept' } }),
      runSchedule('drawSweep', sweepAt),
      runSchedule('drawSweep', sweepAt),
    ]);
    expect((await entryOf(byRank(1))).status).toBe('lapsed');
    expect((await call('POST', `/draws/${drawId}/prize-decision`, { user: byRank(1), body: { decision: 'accept' } })).body.code).toBe('NO_OFFER');
    expect(await inboxOf(byRank(1))).toContainEqual(expect.objectContaining({ kind: 'prize-passed-on', facts: expect.objectContaining({ reason: 'lapsed' }) }));
    expect((await entryOf(byRank(4))).status).toBe('offered');
    const thirdAfter = await entryOf(byRank(3));
    if (accepted.status === 200) expect([accepted.body.status, thirdAfter.status, (await entryOf(byRank(5))).status]).toEqual(['accepted', 'accepted', 'entered']);
    else expect([accepted.body.code, thirdAfter.status, (await entryOf(byRank(5))).status]).toEqual([expect.stringMatching(/NO_OFFER|OFFER_LAPSED/), 'lapsed', 'offered']);
    expect((await call('POST', `/draws/${drawId}/prize-decision`, { user: byRank(4), body: { decision: 'accept' } })).body.status).toBe('accepted');

    // The proof, recomputed here: the beacon value verifies and came after the commitment; the
    // ranks, the first offers and every pass-on follow; the outcome is what the proof says.
    const proof = (await call('GET', `/draws/${drawId}/proof`, { user: otherCity })).body as Proof;
    expect(proof.chunks).toBe(1);
    expect(proof.entrants).toEqual(before.entrants);
    expect(await beaconRoundVerifies(proof)).toBe(true);
    expect(await beaconRoundVerifies({ ...proof, beacon: { ...proof.beacon, round: proof.beacon.round + 1 } })).toBe(false);
    const { ranked, holders } = recompute(proof);
    expect(ranked.map((entryId) => entries.find((e) => e.entryId === entryId)!.rank)).toEqual([1, 2, 3, 4, 5]);
    expect(proof.steps.map((step) => [step.from.rank, step.reason, step.to?.rank])).toEqual(
      accepted.status === 200 ? [[2, 'declined', 3], [1, 'lapsed', 4]] : [[2, 'declined', 3], expect.anything(), expect.anything()],
    );
    for (const slot of proof.outcome) expect(slot.holder).toEqual(holders.get(slot.slotId));
    expect(proof.outcome.map((slot) => slot.status)).toEqual(accepted.status === 200 ? ['accepted', 'accepted'] : ['accepted', 'offered']);

    // The admins of the subtree list it; another city's is out of scope; a foreign cursor is refused.
    const listed = await call('GET', '/organisations/gz/draws?limit=100', { user: 'gz-admin' });
    expect(listed.body.items.map((d: { drawId: string }) => d.drawId)).toContain(drawId);
    expect((await call('GET', '/organisations/gz/draws', { user: 'sz-admin' })).body.code).toBe('NOT_IN_SCOPE');
    const page = await call('GET', '/organisations/gd/draws?limit=1', { user: 'gd-admin' });
    if (page.body.cursor) expect((await call('GET', `/organisations/gz/draws?cursor=${page.body.cursor}`, { user: 'gz-admin' })).body.code).toBe('INVALID_CURSOR');
    expect((await call('GET', '/organisations/gz/draws?cursor=bm90LWEtY3Vyc29y', { user: 'gz-admin' })).body.code).toBe('INVALID_CURSOR');
  });
});
