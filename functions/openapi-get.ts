/** GET /openapi.json — the OpenAPI 3.1 document, built once per container from the manifest. */
import { httpHandler, ok } from '../shared/http/http-handler';
import { system } from '../shared/manifest';
import { openApiDocument } from '../shared/platform/openapi';

const document = openApiDocument(system);

export const handle = async () => ok(document);

export const handler = httpHandler('openapi', handle);
