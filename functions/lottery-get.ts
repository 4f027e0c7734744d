/** GET /programmes/{programmeId}/cycles/{cycle}/lottery — the proof: list, commitment, seed and winners once drawn. */
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { lotteryProof } from '../shared/subsidies/subsidies';
import { subsidyStore } from '../shared/adapters/subsidy-store';
import { subsidies } from '../shared/subsidies/functions';

export const handle = async ({ params }: RequestOf<typeof subsidies.lotteryGet>) => ok(await lotteryProof({ subsidies: subsidyStore }, params.programmeId, params.cycle));

export const handler = httpHandler(subsidies.lotteryGet, handle);
