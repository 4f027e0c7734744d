import { describe, expect, it } from 'vitest';
import { commitmentOf, drawWinners } from '../../shared/subsidies/lottery';
import { cycleOf, cyclesBetween, precheck, reportProgrammes, windowOf } from '../../shared/subsidies/programme';
import type { MemberProfile } from '../../shared/accounts/account';
import { memberProfile } from '../support/fixtures';

describe('the lottery', () => {
  const eligible = Array.from({ length: 50 }, (_, i) => `app-${String(i).padStart(2, '0')}`);

  it('is deterministic in list and seed, and takes exactly the quota', () => {
    const seed = 'a'.repeat(64);
    const winners = drawWinners(eligible, seed, 10);
    expect(winners).toHaveLength(10);
    expect(drawWinners([...eligible].reverse(), seed, 10)).toEqual(winners);
    expect(drawWinners(eligible, 'b'.repeat(64), 10)).not.toEqual(winners);
    expect(commitmentOf(seed)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('programme cycles and the pre-check', () => {
  const [education, chairs] = reportProgrammes('2026-01-01T00:00:00Z');
  const member: MemberProfile = memberProfile('u', 'gd/x/', { registeredAt: '2024-01-01T00:00:00Z', membership: { organisationId: 'x', orgPath: 'gd/x/', since: '2024-01-01T00:00:00Z' } });

  it('names cycles and windows in Asia/Shanghai', () => {
    expect(cycleOf(chairs!, new Date('2026-09-30T17:00:00Z'))).toBe('2026-Q4'); // 1 October, 01:00 in Shanghai
    expect(windowOf(chairs!, '2026-Q4')).toEqual({ opens: '2026-10-01', closes: '2026-10-20' });
    expect(cycleOf(education!, new Date('2026-12-31T16:30:00Z'))).toBe('2027');
  });

  it('lists every cycle between two instants, across a year end (a moved subtree re-paths each)', () => {
    expect(cyclesBetween(chairs!, new Date('2025-11-01T00:00:00Z'), new Date('2026-09-30T17:00:00Z'))).toEqual(['2025-Q4', '2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
    expect(cyclesBetween(education!, new Date('2025-06-01T00:00:00Z'), new Date('2026-12-31T16:30:00Z'))).toEqual(['2025', '2026', '2027']);
    expect(cyclesBetween(education!, new Date('2026-06-01T00:00:00Z'), new Date('2026-06-02T00:00:00Z'))).toEqual(['2026']);
  });

  it('names the first rule an application fails', () => {
    const at = new Date('2026-05-01T00:00:00Z');
    expect(precheck(education!, member, 'grassroots', { level: 'bachelor', obtainedOn: '2026-01-10' }, at)).toBeUndefined();
    expect(precheck(education!, { ...member, membership: { ...member.membership!, since: '2026-01-01T00:00:00Z' } }, 'grassroots', { level: 'bachelor', obtainedOn: '2026-01-10' }, at)?.rule).toBe('membership-months');
    expect(precheck(chairs!, member, 'industry-federation', {}, new Date('2026-04-05T00:00:00Z'))?.rule).toBe('union-kind');
    expect(precheck(chairs!, member, 'grassroots', {}, new Date('2026-05-05T00:00:00Z'))?.rule).toBe('application-window');
  });
});
