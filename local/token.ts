/**
 * `npm run token -- <user> [ttlSeconds]`: prints a bearer token for a demo user (see local/demo.ts)
 * or for a new sign-in named after any other word. Local only: the deployed stack takes tokens
 * from Cognito.
 */
import * as path from 'node:path';
import { subjectOf } from './demo';
import { LocalIdentityProvider } from './local-idp';
import { projectRoot } from './runtime';

const [user, ttl] = process.argv.slice(2);
if (!user) {
  console.error('Usage: npm run token -- <user> [ttlSeconds]\n  users: operator, gd-admin, gz-admin, sz-admin, alice, bob, merchant, or any new name');
  process.exit(2);
}
const idp = await LocalIdentityProvider.open(process.env.DATA_DIR ?? path.join(projectRoot, '.data'));
console.log(await idp.issue(subjectOf(user), { username: user, ttlSeconds: ttl ? Number(ttl) : 12 * 3600 }));
