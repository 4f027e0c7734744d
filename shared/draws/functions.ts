/**
 * The draws capability's functions: prize draws with entries, a frozen list, commit–reveal mixed
 * with a public beacon round, ranks, acceptance deadlines and pass-on, and their proof.
 */
import { OrganisationParams, PageQuery } from '../organisations/schemas';
import { beaconSettings, defineFunctions, route, schedule } from '../system';
import { DrawBody, DrawCommitBody, DrawPage, DrawParams, DrawProof, DrawResult, DrawView, EntryPage, EntryView, PrizeDecisionBody, ProofQuery } from './schemas';

export const draws = defineFunctions('draws', {
  drawCreate: route('POST /draws', ['admin', 'operator'], 'Define a prize draw', { body: DrawBody, 201: ['The draw, open', DrawView] },
    'An operator, or an admin for her subtree, defines a prize draw: audience, prizes, entry window, acceptance time.',
    { errors: { ORGANISATION_NOT_FOUND: 404, NOT_IN_SCOPE: 403 }, tables: { draws: 'read-write', organisations: 'read' } }),
  drawsOpen: route('GET /draws', ['member'], 'Draws open to me', { query: PageQuery, 200: ['A page of draws', DrawPage] },
    "The draws open to the caller now: their audience is her union or one above it, and entries have not closed.",
    { tables: { draws: 'read' } }),
  drawGet: route('GET /draws/{drawId}', 'signed-in', 'A draw', { params: DrawParams, 200: ['The draw', DrawView] },
    'A draw: its prizes, window, status, counts, commitment and beacon round.',
    { errors: { DRAW_NOT_FOUND: 404 }, tables: { draws: 'read' } }),
  drawEnter: route('POST /draws/{drawId}/entries', ['member'], 'Enter a draw', { params: DrawParams, 201: ['The entry', EntryView] },
    'A verified member of the audience enters, once, while entries are open.',
    { errors: { DRAW_NOT_FOUND: 404, NOT_ELIGIBLE: 403, ALREADY_ENTERED: 409, ENTRIES_CLOSED: 409, ENTRIES_NOT_OPEN: 425 }, tables: { draws: 'read-write' } }),
  drawsMine: route('GET /me/draws', ['member'], 'My entries and results', { query: PageQuery, 200: ['A page of entries', EntryPage] },
    "The caller's entries with their ranks, offers and results, newest first.",
    { tables: { draws: 'read' } }),
  organisationDraws: route('GET /organisations/{orgId}/draws', ['admin', 'operator'], "A subtree's draws", { params: OrganisationParams, query: PageQuery, 200: ['A page of draws', DrawPage] },
    'The draws whose audience lies in the subtree of a union, for its admins and operators.',
    { errors: { ORGANISATION_NOT_FOUND: 404, NOT_IN_SCOPE: 403 }, tables: { draws: 'read', organisations: 'read' } }),
  drawCommit: route('POST /draws/{drawId}/commit', ['admin', 'operator'], 'Freeze and commit a draw', { params: DrawParams, body: DrawCommitBody, 201: ['The draw, committed: commitment and beacon round', DrawView] },
    'Once entries have closed: freeze the list and publish it with a commitment to a secret and the beacon round the draw will mix in.',
    { errors: { DRAW_NOT_FOUND: 404, DRAW_STATE: 409, BEACON_UNAVAILABLE: 503 }, tables: { draws: 'read-write', organisations: 'read' }, settings: beaconSettings }),
  drawRun: route('POST /draws/{drawId}/draw', ['admin', 'operator'], 'Draw', { params: DrawParams, 200: ['How many entered, and where the prizes stand', DrawResult] },
    "Once the beacon round is out: mix it into the secret, rank every entrant, offer each prize unit to its rank; safe to repeat.",
    { errors: { DRAW_NOT_FOUND: 404, DRAW_STATE: 409, BEACON_ROUND_PENDING: 425, BEACON_UNAVAILABLE: 503 }, tables: { draws: 'read-write', organisations: 'read', inbox: 'read-write' }, settings: beaconSettings, timeoutSeconds: 120 }),
  prizeDecision: route('POST /draws/{drawId}/prize-decision', ['member'], 'Accept or decline a prize', { params: DrawParams, body: PrizeDecisionBody, 200: ['The entry', EntryView] },
    'The member offered a prize accepts it before her deadline, or declines it (it passes to the next rank).',
    { errors: { DRAW_NOT_FOUND: 404, NO_OFFER: 409, OFFER_LAPSED: 410, DRAW_STATE: 409 }, tables: { draws: 'read-write', inbox: 'read-write' } }),
  drawProof: route('GET /draws/{drawId}/proof', 'signed-in', "A draw's proof", { params: DrawParams, query: ProofQuery, 200: ['The proof (one chunk of the list per call)', DrawProof] },
    'The proof anyone signed in can recompute: frozen list, commitment, beacon round and value, secret, seed, every pass-on step, the algorithm.',
    { errors: { DRAW_NOT_FOUND: 404, DRAW_STATE: 409 }, tables: { draws: 'read' } }),
  drawSweep: schedule({ minute: '*/5' }, 'Every five minutes: lapse offers past their deadline',
    'Every five minutes: offers whose deadline has come pass to the next rank; half-written draws are completed.',
    { tables: { draws: 'read-write', inbox: 'read-write' }, timeoutSeconds: 120 }),
});
