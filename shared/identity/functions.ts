/**
 * The identity capability's functions: routes with their roles and schemas, schedules and queue
 * consumers, and what each touches. A handler imports only its own capability's definitions.
 */
import { defineFunctions } from '../system';
import { MemberView } from '../accounts/schemas';
import { VerifyIdentityBody } from '../members/schemas';

export const identity = defineFunctions('identity', {
  identityVerify: {
    entry: 'functions/identity-verify.ts',
    description: 'Real-name verification with the resident ID number (GB 11643).',
    trigger: {
      kind: 'http',
      method: 'POST',
      path: '/me/verification',
      access: { roles: ['member'] },
      tag: 'members',
      summary: 'Verify my real name',
      request: { body: VerifyIdentityBody },
      responses: { 200: { description: 'The verified member', schema: MemberView } },
      errors: { IDENTITY_NOT_VERIFIED: 400, ID_NUMBER_IN_USE: 409, ALREADY_VERIFIED: 409, VERIFICATION_UNAVAILABLE: 503, MEMBERSHIP_CHANGED: 409 },
    },
    tables: { accounts: 'read-write' },
    secrets: ['piiHashKey', 'identityProvider'],
    settings: ['identityVerifierUrl'],
  },
});
