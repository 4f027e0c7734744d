/**
 * The accounts capability's functions: routes with their roles and schemas, schedules and queue
 * consumers, and what each touches. A handler imports only its own capability's definitions.
 */
import { defineFunctions } from '../system';
import { MeView, MemberView, RegisterMemberBody, UpdateProfileBody } from './schemas';

export const accounts = defineFunctions('accounts', {
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
      errors: { ALREADY_REGISTERED: 409, PHONE_TAKEN: 409 },
    },
    tables: { accounts: 'read-write' },
    secrets: ['piiHashKey'],
  },
  profileUpdate: {
    entry: 'functions/profile-update.ts',
    description: "Change the caller's profile by the profile rules: the phone stored only hashed and masked, an industry from the next day.",
    trigger: {
      kind: 'http',
      method: 'PATCH',
      path: '/me/profile',
      access: { roles: ['member'] },
      tag: 'members',
      summary: 'Change my profile',
      request: { body: UpdateProfileBody },
      responses: { 200: { description: 'The profile', schema: MemberView } },
      errors: { NAME_VERIFIED: 409, BIRTHDAY_VERIFIED: 409, PHONE_TAKEN: 409 },
    },
    tables: { accounts: 'read-write' },
    secrets: ['piiHashKey'],
  },
});
