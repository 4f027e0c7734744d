/**
 * The one table of truth for wiring: every function, what triggers it (route and roles,
 * schedule, queue) and what it touches. The CDK stack and the local runtime are both built from
 * this object; adding an endpoint is one entry here and one handler file in functions/.
 */
import { MeView, MemberView, RegisterMemberBody } from './accounts/schemas';
import { HealthView } from './platform/schemas';
import { queues, secrets, tables } from './resources';
import { checkSystem, type System } from './system';

export const functions = {
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
  meGet: {
    entry: 'functions/me-get.ts',
    description: "The caller's own account: profile, roles and grants.",
    trigger: {
      kind: 'http',
      method: 'GET',
      path: '/me',
      access: 'signed-in',
      tag: 'members',
      summary: 'Who am I: my member profile and what I may administer',
      responses: { 200: { description: 'The account', schema: MeView } },
    },
  },
  memberRegister: {
    entry: 'functions/member-register.ts',
    description: 'Sign-up: turns a signed-in identity into a member with a profile.',
    trigger: {
      kind: 'http',
      method: 'POST',
      path: '/members',
      access: 'signed-in',
      tag: 'members',
      summary: 'Sign up as a member',
      request: { body: RegisterMemberBody },
      responses: { 201: { description: 'The new member profile', schema: MemberView } },
      errors: { ALREADY_REGISTERED: 409 },
    },
    tables: { accounts: 'read-write' },
    secrets: ['piiHashKey'],
  },
} satisfies System['functions'];

export const system = { tables, queues, secrets, functions } satisfies System;

checkSystem(system);

export type FunctionName = keyof typeof functions;
