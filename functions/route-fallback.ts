/**
 * The API's `$default` route — what no route takes: 404 ROUTE_NOT_FOUND, or 405
 * METHOD_NOT_ALLOWED with `Allow` computed from the manifest's routes (built once per container).
 */
import { unroutedAnswer } from '../shared/http/gateway-problems';
import { requestPath } from '../shared/http/request-path';
import { system } from '../shared/manifest';

const routes = Object.values(system.functions).flatMap(({ trigger }) => (trigger.kind === 'http' ? [{ method: trigger.method, path: trigger.path }] : []));

export const handler = requestPath('$default', async (event) =>
  unroutedAnswer(routes, {
    method: event.requestContext.http.method.toUpperCase(),
    path: event.rawPath,
    requestId: event.requestContext.requestId,
    acceptLanguage: event.headers?.['accept-language'],
  }),
);
