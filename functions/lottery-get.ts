/** GET /programmes/{programmeId}/cycles/{cycle}/lottery — the proof: list, commitment, seed and winners once drawn. */
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { subsidyDependencies } from '../shared/stores';
import { lotteryProof } from '../shared/subsidies/subsidies';

export const handle = async ({ params }: RequestOf<'lotteryGet'>) => ok(await lotteryProof(subsidyDependencies(), params.programmeId, params.cycle));

export const handler = httpHandler('lotteryGet', handle);
