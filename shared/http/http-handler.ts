/**
 * The Lambda handler of a signed-in route: the shared request path (request-path.ts), then the
 * caller's account read from the accounts table and the route's roles checked, then the handler —
 * through stored Idempotency-Key replays on the mutating routes that store them. A handler file
 * supplies only `handle`.
 */
import type { Context } from 'aws-lambda';
import type { Account } from '../accounts/account';
import { hasAnyRole } from '../accounts/account';
import { accountStore } from '../adapters/account-store';
import { DomainError, NotAllowed } from '../errors';
import { isMutating, storesReplays, type HttpTrigger } from '../system';
import { checkIdempotencyKey, type Replays } from './idempotency-key';
import { shapeReply } from './response-shape';
import { parseRequest, requestPath, toResult, type HttpDefinition, type HttpEvent, type HttpRequest, type HttpResult, type Reply, type RequestOf } from './request-path';

export { created, ok, type Reply, type RequestOf } from './request-path';

export interface HttpOptions {
  /** Stored replays (`storedReplays` from ./idempotency): required on routes whose answers are stored. */
  replays?: Replays;
  /** Loads the caller's account; the accounts table by default. */
  accounts?: { load(userId: string): Promise<Account> };
}

export function httpHandler<D extends HttpDefinition>(
  definition: D,
  handle: (request: RequestOf<D>) => Promise<Reply>,
  options: HttpOptions = {},
) {
  const trigger: HttpTrigger = definition.trigger;
  const routeKey = `${trigger.method} ${trigger.path}`;
  if (trigger.access === 'public') throw new Error(`${routeKey} is public: use publicHttpHandler`);
  const replays = options.replays;
  // Fails the cold start, not a request, when a route that stores answers was built without them.
  if (storesReplays(trigger) && !replays) throw new Error(`${routeKey} stores Idempotency-Key replays: pass { replays: storedReplays }`);
  const accounts = options.accounts ?? accountStore;

  return requestPath(`${trigger.method} ${trigger.path}`, async (event: HttpEvent, context: Context): Promise<HttpResult> => {
    const input = parseRequest(trigger, event);
    const caller = trigger.rolesCheckedBy === 'write' ? { userId: subjectOf(event), grants: [] } : await authorise(trigger, event, accounts);
    const request: HttpRequest = { ...input, caller, requestId: event.requestContext.requestId, headers: event.headers ?? {} };
    const work = async () => toResult(shapeReply(trigger, await handle(request as RequestOf<D>)));

    const key = isMutating(trigger) ? checkIdempotencyKey(event.headers?.['idempotency-key']) : undefined;
    if (key === undefined || !replays) return work();
    // The key is bound to the whole request: the same key on another target or body is refused.
    const call = { caller: caller.userId, route: routeKey, key, request: { params: input.params ?? null, body: input.body ?? null } };
    return (await replays.run(call, context, work)) as HttpResult;
  });
}

function subjectOf(event: HttpEvent): string {
  const subject = event.requestContext.authorizer?.jwt?.claims?.sub;
  if (typeof subject !== 'string' || subject.length === 0) {
    // The authorizer rejects these before us; this guards a misconfigured route.
    throw new DomainError('unauthenticated', 'UNAUTHENTICATED', 'Sign in first.');
  }
  return subject;
}

async function authorise(trigger: HttpTrigger, event: HttpEvent, accounts: NonNullable<HttpOptions['accounts']>): Promise<Account> {
  const account = await accounts.load(subjectOf(event));
  if (typeof trigger.access === 'object' && !hasAnyRole(account, trigger.access.roles)) {
    throw new NotAllowed(`This needs one of the roles: ${trigger.access.roles.join(', ')}.`, 'ROLE_REQUIRED');
  }
  return account;
}
