/** GET /organisations/{orgId}/birthday-benefit — a union's birthday benefit, for its admins. */
import { birthdayBenefitOf } from '../shared/birthdays/benefit-configure';
import { birthdays } from '../shared/birthdays/functions';
import { httpHandler, ok, type RequestOf } from '../shared/http/http-handler';
import { birthdayBenefitStore } from '../shared/adapters/birthday-store';
import { organisationStore } from '../shared/adapters/organisation-store';

export const handle = async ({ caller, params }: RequestOf<typeof birthdays.birthdayBenefitGet>) =>
  ok(await birthdayBenefitOf({ birthdays: birthdayBenefitStore, orgs: organisationStore }, caller, params.orgId));

export const handler = httpHandler(birthdays.birthdayBenefitGet, handle);
