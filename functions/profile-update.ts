/** PATCH /me/profile — change my phone, industry, employer, birthday (and name until verified). */
import { updateProfile } from '../shared/accounts/profile-update';
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { hashPii } from '../shared/privacy/pii';
import { accountStore } from '../shared/adapters/account-store';
import { storedReplays } from '../shared/http/idempotency';
import { accounts } from '../shared/accounts/functions';

export const handle = async ({ caller, body }: RequestOf<typeof accounts.profileUpdate>) => ok(await updateProfile({ accounts: accountStore, hashPii }, caller, body));

export const handler = httpHandler(accounts.profileUpdate, handle, { replays: storedReplays });
