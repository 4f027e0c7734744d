/** POST /programmes — an operator adds a programme, without code. */
import { created, httpHandler, type RequestOf } from '../shared/http/http-handler';
import { subsidyStore } from '../shared/stores';

export const handle = async ({ body }: RequestOf<'programmeCreate'>) => {
  const programme = { ...body, status: 'active' as const, createdAt: new Date().toISOString() };
  await subsidyStore().putProgramme(programme);
  return created(programme);
};

export const handler = httpHandler('programmeCreate', handle);
