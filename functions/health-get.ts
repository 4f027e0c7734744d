/** GET /health — liveness, no auth, no storage. */
import { publicHttpHandler } from '../shared/http/public-handler';
import { ok } from '../shared/http/request-path';
import { SERVICE_NAME } from '../shared/wiring';
import { platform } from '../shared/platform/functions';

export const handle = async () =>
  ok({ status: 'ok', service: SERVICE_NAME, stage: process.env.STAGE ?? 'unknown', time: new Date().toISOString() });

export const handler = publicHttpHandler(platform.health, handle);
