/**
 * The birthday benefit's functions: the admin routes that switch it on and read it, the monthly
 * schedule that fans out one message per union, and the worker that grants.
 */
import { defineFunctions } from '../system';
import { OrganisationParams } from '../organisations/schemas';
import { BirthdayBenefitBody, BirthdayBenefitView } from './schemas';

export const birthdays = defineFunctions('birthdays', {
  birthdayBenefitSet: {
    entry: 'functions/birthday-benefit-set.ts',
    description: "Switch a union's birthday benefit on (naming a coupon campaign) or off.",
    trigger: {
      kind: 'http',
      method: 'PUT',
      path: '/organisations/{orgId}/birthday-benefit',
      access: { roles: ['admin', 'operator'] },
      tag: 'coupons',
      summary: 'Switch the birthday benefit',
      request: { params: OrganisationParams, body: BirthdayBenefitBody },
      responses: { 200: { description: 'The benefit as it now stands', schema: BirthdayBenefitView } },
      errors: { ORGANISATION_NOT_FOUND: 404, NOT_IN_SCOPE: 403, ORGANISATION_CLOSED: 409, CAMPAIGN_UNFIT: 409 },
      // Setting a state: a repeat sets the same one and answers it again.
      idempotency: 'natural',
    },
    tables: { coupons: 'read-write', organisations: 'read' },
  },
  birthdayBenefitGet: {
    entry: 'functions/birthday-benefit-get.ts',
    description: "A union's birthday benefit: on or off, and its campaign.",
    trigger: {
      kind: 'http',
      method: 'GET',
      path: '/organisations/{orgId}/birthday-benefit',
      access: { roles: ['admin', 'operator'] },
      tag: 'coupons',
      summary: 'The birthday benefit',
      request: { params: OrganisationParams },
      responses: { 200: { description: 'The benefit (off if never switched on)', schema: BirthdayBenefitView } },
      errors: { ORGANISATION_NOT_FOUND: 404, NOT_IN_SCOPE: 403 },
    },
    tables: { coupons: 'read', organisations: 'read' },
  },
  birthdayFanOut: {
    entry: 'functions/birthday-fan-out.ts',
    description: 'Monthly: queues one birthday run per union whose benefit is on.',
    trigger: {
      kind: 'schedule',
      cron: { minute: '5', hour: '0', day: '1' },
      timeZone: 'Asia/Shanghai',
      description: 'The 1st of every month at 00:05: birthday coupons for members born this month',
    },
    tables: { coupons: 'read' },
    sendsTo: ['birthdayBenefits'],
    timeoutSeconds: 60,
  },
  birthdayWorker: {
    entry: 'functions/birthday-worker.ts',
    description: "Grants one union's members born this month their birthday coupon, exactly once each; carries on in a new message.",
    trigger: { kind: 'queue', queue: 'birthdayBenefits', batchSize: 1 },
    tables: { coupons: 'read-write', accounts: 'read', organisations: 'read', inbox: 'read-write' },
    sendsTo: ['birthdayBenefits'],
    timeoutSeconds: 300,
  },
});
