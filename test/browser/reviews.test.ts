/**
 * The review queues in a real browser: a claim reviewed with its uploaded document shown, and a
 * page of subsidy applications decided in bulk — the preview says what will happen (one was
 * decided by someone else meanwhile, so it is skipped, with the reason), then the per-item results.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { call } from '../support/api';
import { uniquePhone } from '../support/phones';
import { residentId } from '../support/resident-ids';
import { browserForFile, screenshot, signIn } from './browser';

// A 2×2 PNG: what the document viewer must show as an image.
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==', 'base64');

const browser = browserForFile();

describe('review queues', () => {
  it('reviews a claim with its document shown, and approves an amount after confirming', async () => {
    const user = `browser-claim-${randomUUID().slice(0, 8)}`;
    await call('POST', '/members', { user, body: { name: '陈快递', phone: uniquePhone(), industry: 'courier' } });
    const joined = await call('POST', '/gig-workers/join', { user, body: { cityId: 'sz', industry: 'courier' } });
    const policy = joined.body.policy;
    const filed = await call('POST', '/me/claims', {
      user,
      body: { policyNo: policy.policyNo, kind: 'accident-medical', incidentDate: policy.startsOn, amountFen: 123_456, description: '送件途中摔伤手腕，拍片并打石膏。', documents: [{ fileName: '发票.png', contentType: 'image/png', sizeBytes: png.length }] },
    });
    expect(filed.status).toBe(201);
    const put = await fetch(filed.body.uploads[0].uploadUrl, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: png });
    expect(put.status).toBe(200);
    const claimId = filed.body.claim.claimId;

    const page = await signIn(browser(), 'sz-admin', { route: 'claims' });
    const row = page.getByTestId('claims').locator('tr', { hasText: '¥1234.56' });
    await row.getByRole('button', { name: '审核' }).click();
    const drawer = page.locator('.ant-drawer-content');
    await expect.poll(() => drawer.textContent()).toContain('送件途中摔伤手腕');
    await drawer.getByRole('button', { name: '查看' }).click();
    const image = page.getByTestId('document-view').locator('img');
    await expect.poll(() => image.evaluate((img) => (img as unknown as { complete: boolean; naturalWidth: number }).complete && (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(2);
    await screenshot(page, 'claim-review');
    // The opening is in the claim's access log.
    expect((await call('GET', `/claims/${claimId}/document-views`, { user: 'sz-admin' })).body.items.length).toBeGreaterThan(0);

    await drawer.getByRole('spinbutton').fill('1000');
    await drawer.getByTestId('claim-submit').click();
    const confirm = page.locator('.ant-modal-confirm');
    await expect.poll(() => confirm.textContent()).toContain('¥1000.00');
    expect((await call('GET', `/me/claims/${claimId}`, { user })).body.status).toBe('submitted');
    await confirm.getByRole('button', { name: '确认' }).click();
    await expect.poll(() => page.getByText('审核结果已保存').isVisible()).toBe(true);
    const claim = (await call('GET', `/me/claims/${claimId}`, { user })).body;
    expect(claim).toMatchObject({ status: 'approved', approvedAmountFen: 100_000 });
    await page.context().close();
  });

  it('decides a page of applications in bulk: preview first, then what happened to each', async () => {
    const programmeId = `browser-${randomUUID().slice(0, 8)}`;
    const created = await call('POST', '/programmes', {
      user: 'operator',
      body: {
        programmeId, name: `困难职工补助 ${programmeId}`, cycle: 'annual', window: { opens: '01-01', closes: '12-31' },
        eligibility: { verified: true, minMembershipMonths: 0, levelRequired: false }, amount: { kind: 'fixed', fen: 50_000 }, quotaPerCycle: 10, noticeDays: 7,
      },
    });
    expect(created.status).toBe(201);
    const ids: string[] = [];
    for (const name of ['申请人甲', '申请人乙', '申请人丙']) {
      const user = `browser-app-${randomUUID().slice(0, 8)}`;
      await call('POST', '/members', { user, body: { name, phone: uniquePhone(), industry: 'other' } });
      await call('POST', '/me/membership', { user, body: { organisationId: 'gz-metro' } });
      expect((await call('POST', '/me/verification', { user, body: { name, idNumber: residentId('19900101') } })).status).toBe(200);
      const applied = await call('POST', `/programmes/${programmeId}/applications`, { user, body: { details: { note: '家庭困难' } } });
      expect(applied.status).toBe(201);
      ids.push(applied.body.applicationId);
    }

    const page = await signIn(browser(), 'gz-admin', { route: 'applications' });
    await page.getByTestId('programme-select').click();
    await page.locator('.ant-select-item-option', { hasText: programmeId }).click();
    await expect.poll(() => page.getByTestId('applications').locator('tbody tr').count()).toBe(3);
    // Meanwhile another admin rejects one of them.
    expect((await call('POST', `/applications/${ids[0]}/review`, { user: 'gd-admin', body: { decision: 'reject', reason: '材料不全' } })).status).toBe(200);

    await page.getByTestId('bulk-approve').click();
    await expect.poll(() => page.getByTestId('bulk-preview').textContent()).toContain('将批准 2 项，跳过 1 项');
    expect(await page.getByTestId('bulk-preview').textContent()).toContain('申请人甲: 当前状态为“已驳回”');
    await screenshot(page, 'applications-bulk');
    await page.getByTestId('bulk-confirm').click();
    await expect.poll(() => page.getByTestId('bulk-summary').textContent()).toContain('成功 2 项，失败 0 项');
    expect(await page.getByTestId('bulk-results').textContent()).toContain('申请人乙');
    for (const id of ids.slice(1)) expect((await call('GET', `/applications/${id}`, { user: 'gz-admin' })).body.status).toBe('approved');
    await page.context().close();
  });
});
