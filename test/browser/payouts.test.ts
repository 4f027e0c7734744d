/**
 * Payout batches in a real browser: the operator lists the batches and opens the one whose item
 * the provider refused, with its reason, and the next one that paid it; an admin's menu has no
 * payouts page.
 */
import { describe, expect, it } from 'vitest';
import { batchesOf, claimPaidAfterAFailure } from '../support/scenario';
import { browserForFile, screenshot, signIn } from './browser';

const browser = browserForFile();

describe('the payouts page', () => {
  it("the operator sees the batches and a failed item's reason; admins have no such page in the menu", async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    const { payoutId } = await claimPaidAfterAFailure('ACCOUNT_FROZEN');
    const [paidIn, failedIn] = await batchesOf(payoutId, since);

    const page = await signIn(browser(), 'operator', { route: 'payouts' });
    const list = page.getByTestId('payout-batches');
    await expect.poll(() => list.textContent()).toContain(failedIn.batchNo);
    expect(await list.textContent()).toContain('已结清');
    await list.getByRole('button', { name: failedIn.batchNo }).click();
    const batch = page.getByTestId('payout-batch');
    await expect.poll(() => batch.getByTestId('payout-failure').first().textContent()).toBe('ACCOUNT_FROZEN');
    expect(await batch.textContent()).toContain(`${payoutId}-1`);
    expect(await batch.textContent()).toContain('失败');
    await page.waitForTimeout(400); // the drawer's slide-in, for the screenshot
    await screenshot(page, 'payouts');
    await page.keyboard.press('Escape');

    // The settled filter keeps both; the next batch paid the item's next number.
    await page.getByTestId('payout-status').getByText('已结清').click();
    await expect.poll(() => list.textContent()).toContain(paidIn.batchNo);
    await list.getByRole('button', { name: paidIn.batchNo }).click();
    await expect.poll(() => page.getByTestId('payout-batch').textContent()).toContain(`${payoutId}-2`);
    expect(await page.getByTestId('payout-batch').textContent()).toContain('已到账');
    await page.context().close();

    const admin = await signIn(browser(), 'gz-admin');
    await expect.poll(() => admin.getByRole('menu').textContent()).toContain('数据看板');
    expect(await admin.getByRole('menu').textContent()).not.toContain('发放批次');
    await admin.context().close();
  });
});
