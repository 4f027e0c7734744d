/**
 * The birthday benefit's functions: the admin routes that switch it on and read it, the monthly
 * schedule that fans out one message per union, and the worker that grants.
 */
import { consumer, defineFunctions, route, schedule } from '../system';
import { OrganisationParams } from '../organisations/schemas';
import { BirthdayBenefitBody, BirthdayBenefitView } from './schemas';

export const birthdays = defineFunctions('birthdays', {
  // Setting a state: a repeat sets the same one and answers it again.
  birthdayBenefitSet: route('PUT /organisations/{orgId}/birthday-benefit', ['admin', 'operator'], 'Switch the birthday benefit', { params: OrganisationParams, body: BirthdayBenefitBody, 200: ['The benefit as it now stands', BirthdayBenefitView] },
    "Switch a union's birthday benefit on (naming a coupon campaign) or off.",
    { errors: { ORGANISATION_NOT_FOUND: 404, NOT_IN_SCOPE: 403, ORGANISATION_CLOSED: 409, CAMPAIGN_UNFIT: 409 }, idempotency: 'natural', tables: { coupons: 'read-write', organisations: 'read' } }),
  birthdayBenefitGet: route('GET /organisations/{orgId}/birthday-benefit', ['admin', 'operator'], 'The birthday benefit', { params: OrganisationParams, 200: ['The benefit (off if never switched on)', BirthdayBenefitView] },
    "A union's birthday benefit: on or off, and its campaign.",
    { errors: { ORGANISATION_NOT_FOUND: 404, NOT_IN_SCOPE: 403 }, tables: { coupons: 'read', organisations: 'read' } }),
  birthdayFanOut: schedule({ minute: '5', hour: '0', day: '1' }, 'The 1st of every month at 00:05: birthday coupons for members born this month',
    'Monthly: queues one birthday run per union whose benefit is on.',
    { tables: { coupons: 'read' }, sendsTo: ['birthdayBenefits'], timeoutSeconds: 60 }),
  birthdayWorker: consumer({ queue: 'birthdayBenefits', batchSize: 1 },
    "Grants one union's members born this month their birthday coupon, exactly once each; carries on in a new message.",
    { tables: { coupons: 'read-write', accounts: 'read', organisations: 'read', inbox: 'read-write' }, sendsTo: ['birthdayBenefits'], timeoutSeconds: 300 }),
}, { tag: 'coupons' });
