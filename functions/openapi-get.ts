/** GET /openapi.json — the OpenAPI 3.1 document, built once per container from the manifest. */
import { publicHttpHandler } from '../shared/http/public-handler';
import { ok } from '../shared/http/request-path';
import { system } from '../shared/manifest';
import { openApiDocument } from '../shared/platform/openapi';
import { platform } from '../shared/platform/functions';

const document = openApiDocument(system);

export const handle = async () => ok(document);

export const handler = publicHttpHandler(platform.openapi, handle);
