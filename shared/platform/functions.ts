/**
 * The platform capability's functions: routes with their roles and schemas, schedules and queue
 * consumers, and what each touches. A handler imports only its own capability's definitions.
 */
import { defineFunctions } from '../system';
import { HealthView } from './schemas';

export const platform = defineFunctions('platform', {
  health: {
    entry: 'functions/health-get.ts',
    description: 'Liveness of the API, with no dependency on storage.',
    trigger: {
      kind: 'http',
      method: 'GET',
      path: '/health',
      access: 'public',
      tag: 'platform',
      summary: 'Is the API up?',
      responses: { 200: { description: 'The API is up', schema: HealthView } },
    },
  },
  openapi: {
    entry: 'functions/openapi-get.ts',
    description: 'The OpenAPI 3.1 document, generated from the manifest and its zod schemas.',
    trigger: {
      kind: 'http',
      method: 'GET',
      path: '/openapi.json',
      access: 'public',
      tag: 'platform',
      summary: 'The OpenAPI 3.1 description of this API',
      responses: { 200: { description: 'OpenAPI document' } },
    },
  },
  routeFallback: {
    entry: 'functions/route-fallback.ts',
    description: "The API's $default route: 404 ROUTE_NOT_FOUND, or 405 METHOD_NOT_ALLOWED with Allow from the manifest's routes.",
    trigger: { kind: 'fallback' },
  },
});
