/** GET /me — the caller's own account: profile, roles and grants. Reads only the caller's items. */
import { memberView, rolesOf } from '../shared/accounts/account';
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { accounts } from '../shared/accounts/functions';

export const handle = async ({ caller }: RequestOf<typeof accounts.meGet>) =>
  ok({
    userId: caller.userId,
    member: caller.member ? memberView(caller.member) : null,
    roles: rolesOf(caller),
    grants: caller.grants.map(({ grantedAt: _at, grantedBy: _by, ...grant }) => grant),
  });

export const handler = httpHandler(accounts.meGet, handle);
