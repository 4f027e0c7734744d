/**
 * Builds the OpenAPI 3.1 document from the manifest: the same zod schemas that validate requests
 * describe them here (JSON Schema 2020-12, which OpenAPI 3.1 uses as is), so the document cannot
 * drift from what the API accepts.
 */
import { safeParse, toJSONSchema, type $ZodType as ZodType } from 'zod/v4/core';
import { commonProblemCodes, mutatingProblemCodes } from '../http/problem';
import { isMutating, type HttpTrigger, type System } from '../system';

type JsonObject = Record<string, unknown>;

const toSchema = (schema: ZodType, io: 'input' | 'output'): JsonObject => {
  const { $schema: _ignored, ...rest } = toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonObject;
  return rest;
};

const problemSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'code', 'detail', 'requestId'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string', description: "The status's name, in the caller's language (Accept-Language: zh… or English)" },
    status: { type: 'integer' },
    code: { type: 'string', description: 'Stable machine-readable code, e.g. VALIDATION_FAILED' },
    detail: { type: 'string', description: "What went wrong, in the caller's language (Content-Language says which)" },
    requestId: { type: 'string' },
    instance: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: { field: { type: 'string', description: 'Dotted path of the field at fault, e.g. body.phone' }, message: { type: 'string', description: "What is wrong with it, in the caller's language" } },
      },
    },
  },
};

/** Problem codes a route may answer with, grouped by HTTP status. */
function problemCodes(trigger: HttpTrigger): Map<number, string[]> {
  const codes: Record<string, number> = { ...commonProblemCodes };
  if (trigger.access === 'public') {
    delete codes.UNAUTHENTICATED;
    delete codes.ROLE_REQUIRED;
  }
  if (isMutating(trigger)) Object.assign(codes, mutatingProblemCodes);
  Object.assign(codes, trigger.errors);
  const byStatus = new Map<number, string[]>();
  for (const [code, status] of Object.entries(codes)) byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  return byStatus;
}

export function openApiDocument(system: System): JsonObject {
  const paths: Record<string, Record<string, JsonObject>> = {};
  for (const [name, spec] of Object.entries(system.functions)) {
    const trigger = spec.trigger;
    if (trigger.kind !== 'http') continue;
    const parameters: JsonObject[] = [];
    for (const [location, schema] of [
      ['path', trigger.request?.params],
      ['query', trigger.request?.query],
    ] as const) {
      if (!schema) continue;
      const json = toSchema(schema, 'input') as { properties?: Record<string, JsonObject>; required?: string[] };
      for (const [param, paramSchema] of Object.entries(json.properties ?? {})) {
        parameters.push({ name: param, in: location, required: location === 'path' || !!json.required?.includes(param), schema: paramSchema });
      }
    }
    if (isMutating(trigger)) {
      parameters.push({
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        description: 'Repeat a request safely: the same key returns the first answer without doing the work again.',
        schema: { type: 'string', pattern: '^[A-Za-z0-9_.:-]{8,128}$' },
      });
    }
    // A route that declares 304 is a conditional GET: it takes If-None-Match and answers an ETag.
    const conditional = 304 in trigger.responses;
    if (conditional) {
      parameters.push({
        name: 'If-None-Match',
        in: 'header',
        required: false,
        description: 'The ETag of the page you hold: unchanged, the answer is 304 with no body.',
        schema: { type: 'string' },
      });
    }
    const etag = { ETag: { description: 'The entity tag of this answer, for If-None-Match', schema: { type: 'string' } } };
    const responses: Record<string, JsonObject> = {};
    for (const [status, response] of Object.entries(trigger.responses)) {
      responses[status] = {
        description: response.description,
        ...(conditional && (Number(status) === 304 || Number(status) < 300) && { headers: etag }),
        ...(response.schema && { content: { 'application/json': { schema: toSchema(response.schema, 'output') } } }),
      };
    }
    for (const [status, codes] of problemCodes(trigger)) {
      responses[String(status)] = {
        description: `Problem: ${codes.join(', ')}`,
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      };
    }
    const operation: JsonObject = {
      operationId: name,
      summary: trigger.summary,
      description: spec.description,
      tags: [trigger.tag],
      security: trigger.access === 'public' ? [] : [{ bearer: [] }],
      ...(parameters.length > 0 && { parameters }),
      ...(trigger.request?.body && {
        // An optional body (a commit that may close entries early) is not required.
        requestBody: { required: !safeParse(trigger.request.body, undefined).success, content: { 'application/json': { schema: toSchema(trigger.request.body, 'input') } } },
      }),
      responses,
    };
    if (trigger.access !== 'public' && trigger.access !== 'signed-in') {
      operation['x-roles'] = trigger.access.roles;
    }
    (paths[trigger.path] ??= {})[trigger.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'union-benefits',
      version: '1.0.0',
      description: 'Member-benefits platform of the trade unions: members, unions, coupons, subsidies.',
    },
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Problem: problemSchema },
    },
  };
}
