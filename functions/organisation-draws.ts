/** GET /organisations/{orgId}/draws — the draws whose audience lies in a union's subtree. */
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { drawStore } from '../shared/adapters/draw-store';
import { organisationStore } from '../shared/adapters/organisation-store';
import { organisationDraws } from '../shared/draws/draws';
import { draws } from '../shared/draws/functions';

export const handle = async ({ caller, params, query }: RequestOf<typeof draws.organisationDraws>) =>
  ok(await organisationDraws({ draws: drawStore, orgs: organisationStore }, caller, params.orgId, query));

export const handler = httpHandler(draws.organisationDraws, handle);
