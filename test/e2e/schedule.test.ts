/**
 * `npm run schedule` walks the subsidy flow from an application to a paid payout without waiting
 * for the clock: the daily cycle job and the payout batcher run by hand, at a time of our choosing,
 * on the RUNNING runtime (the tier's shared one); its queue consumers then pay as usual.
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import { projectRoot } from '../../local/runtime';
import { dayAfter, shanghaiDay } from '../../shared/days';
import { call } from '../support/api';
import { memberOf, programme } from '../support/scenario';

const tsxCli = path.join(projectRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');

async function schedule(...args: string[]) {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [tsxCli, 'local/schedule.ts', ...args], {
      cwd: projectRoot,
      env: { ...process.env, DATA_DIR: inject('runtimeDataDir') },
    });
    return { code: 0, output: stdout, answer: JSON.parse(stdout) };
  } catch (error) {
    const failed = error as { code: number; stderr: string };
    return { code: failed.code, output: failed.stderr, answer: undefined };
  }
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('npm run schedule', () => {
  it('names the schedules when asked for an unknown one', async () => {
    const unknown = await schedule('noSuchSchedule');
    expect(unknown.code).toBe(1);
    expect(unknown.output).toMatch(/no schedule "noSuchSchedule"/);
    expect(unknown.output).toMatch(/subsidyCycles.*payoutBatcher|payoutBatcher.*subsidyCycles/);
    expect((await schedule('couponRelease', '--at', 'not-a-time')).code).toBe(2);
  });

  it('takes an application to a paid payout on the running runtime', { timeout: 180_000 }, async () => {
    // A programme whose application window closes today (Asia/Shanghai).
    const today = shanghaiDay(new Date());
    const programmeId = await programme('operator', 10, { name: '困难职工生活补助', closes: today.slice(5), amount: { kind: 'fixed', fen: 50_000 }, noticeDays: 1 });
    const member = await memberOf('gz-metro');
    const applied = await call('POST', `/programmes/${programmeId}/applications`, { user: member, body: { details: { note: '家庭困难' } } });
    expect(applied.status).toBe(201);
    const { applicationId } = applied.body;
    expect((await call('POST', `/applications/${applicationId}/review`, { user: 'gz-admin', body: { decision: 'approve' } })).status).toBe(200);

    // The daily job of tomorrow (00:10): the window has closed, so it draws the lottery.
    const tomorrow = dayAfter(today);
    const drawn = await schedule('subsidyCycles', '--at', `${tomorrow}T00:10:00+08:00`);
    expect(drawn.code).toBe(0);
    expect(drawn.answer).toMatchObject({ schedule: 'subsidyCycles', scheduledTime: new Date(`${tomorrow}T00:10:00+08:00`).toISOString() });
    expect(drawn.answer.result.drawn).toContain(`${programmeId}/${today.slice(0, 4)}`);
    expect((await call('GET', `/applications/${applicationId}`, { user: member })).body.status).toBe('in-notice');

    // The day after, the one-day notice has ended: payable, and a payout queued for that day.
    const dayAfterTomorrow = `${dayAfter(tomorrow)}T00:10:00+08:00`;
    const closed = await schedule('subsidyCycles', '--at', dayAfterTomorrow);
    expect(closed.answer.result.payable).toBeGreaterThanOrEqual(1);
    expect((await call('GET', `/applications/${applicationId}`, { user: member })).body.status).toBe('payable');
    const queued = (await call('GET', '/me/payouts', { user: member })).body.items[0];
    expect(queued).toMatchObject({ status: 'queued', amountFen: 50_000, scheduledFor: dayAfter(tomorrow) });

    // The payout batcher on that day; the queue's worker pays the batch, the reconciler settles it.
    const batched = await schedule('payoutBatcher', '--at', dayAfterTomorrow);
    expect(batched.code).toBe(0);
    expect(batched.answer.result.batches.length).toBeGreaterThanOrEqual(1);
    const paid = await until('the payout is paid', async () => {
      const item = (await call('GET', '/me/payouts', { user: member })).body.items[0];
      if (item.status === 'paid') return item;
      await schedule('payoutReconciler');
      return undefined;
    });
    expect(paid).toMatchObject({ status: 'paid', amountFen: 50_000 });
  });
});
