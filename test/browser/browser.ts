/**
 * The browser tier's helpers: Debian's Chromium driven by playwright-core (no browser download),
 * signing in through the local hosted UI exactly as a person does, and screenshots of the pages
 * into test/e2e/screenshots/ on every run.
 */
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import '../support/provided';

export const screenshotDir = path.resolve(import.meta.dirname, '../e2e/screenshots');

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
}

/** One Chromium for the test file: launched before its tests, closed after them; call the getter inside a test. */
export function browserForFile(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => browser!;
}

export const consoleUrl = (route = '') => `${inject('apiUrl')}/console/${route.replace(/^\//, '')}`;

/** Opens the console as `user`: the hosted UI's sign-in page, a click on the user, back to the console. */
export async function signIn(browser: Browser, user: string, options: { route?: string; language?: 'zh' | 'en' } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  if (options.language === 'en') await page.addInitScript(() => localStorage.setItem('console.language', 'en'));
  await page.goto(consoleUrl(options.route));
  await page.waitForURL(/\/oauth2\/authorize/);
  if (['operator', 'gd-admin', 'gz-admin', 'sz-admin', 'alice', 'bob', 'carol', 'merchant'].includes(user)) {
    await page.locator(`button[name=user][value="${user}"]`).click();
  } else {
    await page.getByLabel('其他用户名').fill(user);
    await page.getByRole('button', { name: '登录', exact: true }).click();
  }
  await page.waitForURL((url) => url.pathname.startsWith('/console/') && !url.searchParams.has('code'));
  return page;
}

/** Types each value into the input with that test id, in order, as a person fills in a form. */
export async function fillIn(page: Page, values: Record<string, string>): Promise<void> {
  for (const [testId, value] of Object.entries(values)) await page.getByTestId(testId).fill(value);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: false });
}
