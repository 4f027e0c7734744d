/**
 * The one table of truth for wiring: every function, what triggers it (route and roles,
 * schedule, queue) and what it touches. Each capability defines its own functions beside its
 * domain code (`shared/<capability>/functions.ts`, where a route's whole definition lives); this
 * module composes them. The CDK app, the local runtime and the OpenAPI document read it; a
 * handler never does (it imports only its own capability's definitions, so it bundles nothing
 * else).
 */
import { accounts } from './accounts/functions';
import { activities } from './activities/functions';
import { birthdays } from './birthdays/functions';
import { claims } from './claims/functions';
import { coupons } from './coupons/functions';
import { dashboard } from './dashboard/functions';
import { draws } from './draws/functions';
import { gigWorkers } from './gig-workers/functions';
import { identity } from './identity/functions';
import { inbox } from './inbox/functions';
import { members } from './members/functions';
import { news } from './news/functions';
import { organisations } from './organisations/functions';
import { payouts } from './payouts/functions';
import { platform } from './platform/functions';
import { privacy } from './privacy/functions';
import { subsidies } from './subsidies/functions';
import { themes } from './themes/functions';
import { buckets, queues, secrets, tables } from './resources';
import { checkSystem, type System } from './system';

export const functions = {
  ...platform,
  ...accounts,
  ...organisations,
  ...members,
  ...identity,
  ...gigWorkers,
  ...claims,
  ...coupons,
  ...birthdays,
  ...subsidies,
  ...draws,
  ...payouts,
  ...inbox,
  ...privacy,
  ...activities,
  ...news,
  ...themes,
  ...dashboard,
} satisfies System['functions'];

export const system = { tables, queues, secrets, buckets, functions } satisfies System;

checkSystem(system);

export type FunctionName = keyof typeof functions;
