/** GET /health — liveness, no auth, no storage. */
import { httpHandler, ok } from '../shared/http/http-handler';
import { SERVICE_NAME } from '../shared/wiring';

export const handle = async () =>
  ok({ status: 'ok', service: SERVICE_NAME, stage: process.env.STAGE ?? 'unknown', time: new Date().toISOString() });

export const handler = httpHandler('health', handle);
