/**
 * The identity capability's functions: routes with their roles and schemas, schedules and queue
 * consumers, and what each touches. A handler imports only its own capability's definitions.
 */
import { defineFunctions, route } from '../system';
import { MemberView } from '../accounts/schemas';
import { VerifyIdentityBody } from '../members/schemas';

export const identity = defineFunctions('identity', {
  identityVerify: route('POST /me/verification', ['member'], 'Verify my real name', { body: VerifyIdentityBody, 200: ['The verified member', MemberView] },
    'Real-name verification with the resident ID number (GB 11643).',
    { errors: { IDENTITY_NOT_VERIFIED: 400, ID_NUMBER_IN_USE: 409, ALREADY_VERIFIED: 409, VERIFICATION_UNAVAILABLE: 503, MEMBERSHIP_CHANGED: 409 }, tables: { accounts: 'read-write' }, secrets: ['piiHashKey', 'identityProvider'], settings: ['identityVerifierUrl'] }),
}, { tag: 'members' });
