/**
 * The accounts capability's functions: routes with their roles and schemas, schedules and queue
 * consumers, and what each touches. A handler imports only its own capability's definitions.
 */
import { defineFunctions, route } from '../system';
import { MeView, MemberView, RegisterMemberBody, UpdateProfileBody } from './schemas';

export const accounts = defineFunctions('accounts', {
  meGet: route('GET /me', 'signed-in', 'Who am I: my member profile and what I may administer', { 200: ['The account', MeView] },
    "The caller's own account: profile, roles and grants."),
  memberRegister: route('POST /members', 'signed-in', 'Sign up as a member', { body: RegisterMemberBody, 201: ['The new member profile', MemberView] },
    'Sign-up: turns a signed-in identity into a member with a profile.',
    { errors: { ALREADY_REGISTERED: 409, PHONE_TAKEN: 409 }, tables: { accounts: 'read-write' }, secrets: ['piiHashKey'] }),
  profileUpdate: route('PATCH /me/profile', ['member'], 'Change my profile', { body: UpdateProfileBody, 200: ['The profile', MemberView] },
    "Change the caller's profile by the profile rules: the phone stored only hashed and masked, an industry from the next day.",
    { errors: { NAME_VERIFIED: 409, BIRTHDAY_VERIFIED: 409, PHONE_TAKEN: 409 }, tables: { accounts: 'read-write' }, secrets: ['piiHashKey'] }),
}, { tag: 'members' });
