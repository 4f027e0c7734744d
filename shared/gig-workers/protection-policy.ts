/**
 * The accident-medical mutual-aid protection gifted to a gig worker on joining: a policy with its
 * number, coverage (integer fen) and a one-year period, issued in the same write as the joining.
 */
import { addDays, addYears, shanghaiDay } from '../days';
import { randomBytes } from 'node:crypto';

export interface ProtectionPolicy {
  policyNo: string;
  userId: string;
  organisationId: string;
  plan: 'gig-worker-accident-medical';
  coverage: { accidentMedicalFen: number; accidentalDisabilityOrDeathFen: number };
  startsOn: string;
  endsOn: string;
  status: 'active';
  issuedAt: string;
}

export const giftedCoverage = { accidentMedicalFen: 1_000_000, accidentalDisabilityOrDeathFen: 10_000_000 };

export function issuePolicy(userId: string, organisationId: string, now: Date): ProtectionPolicy {
  const startsOn = shanghaiDay(now);
  return {
    policyNo: `GHP${startsOn.replace(/-/g, '')}${randomBytes(5).toString('hex').toUpperCase()}`,
    userId,
    organisationId,
    plan: 'gig-worker-accident-medical',
    coverage: giftedCoverage,
    startsOn,
    // A year of cover: to the day before the same day next year.
    endsOn: addDays(addYears(startsOn, 1), -1),
    status: 'active',
    issuedAt: now.toISOString(),
  };
}
