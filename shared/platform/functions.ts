/**
 * The platform capability's functions: routes with their roles and schemas, schedules and queue
 * consumers, and what each touches. A handler imports only its own capability's definitions.
 */
import { defineFunctions, route } from '../system';
import { HealthView } from './schemas';

export const platform = defineFunctions('platform', {
  health: route('GET /health', 'public', 'Is the API up?', { 200: ['The API is up', HealthView] },
    'Liveness of the API, with no dependency on storage.',
    { entry: 'functions/health-get.ts' }),
  openapi: route('GET /openapi.json', 'public', 'The OpenAPI 3.1 description of this API', { 200: ['OpenAPI document'] },
    'The OpenAPI 3.1 document, generated from the manifest and its zod schemas.',
    { entry: 'functions/openapi-get.ts' }),
  routeFallback: {
    description: "The API's $default route: 404 ROUTE_NOT_FOUND, or 405 METHOD_NOT_ALLOWED with Allow from the manifest's routes.",
    trigger: { kind: 'fallback' },
  },
});
