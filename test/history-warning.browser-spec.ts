/**
 * In Chromium (issue 14, item 6): a case whose stored history no longer verifies shows, in its
 * history section, a clear warning announced to screen readers (role="alert") and no verification
 * code — not a pale badge beside a code; an intact history shows its code and no warning.
 */
import { Page } from 'playwright-core';
import { Role } from '../src/platform/auth/permissions';
import { tamperWithEvent } from './chronology-fixtures';
import { registerCase } from './support/case-fixtures';
import { launchBrowser, RunningApp, startApp, TestBrowser, watchPage } from './support/browser';
import { apiLogin, createUser, TEST_PASSWORD } from './support/test-app';

jest.setTimeout(120_000);

describe('the case page warns about a history that does not verify, in Chromium', () => {
  let app: RunningApp;
  let browser: TestBrowser;
  let page: Page;
  let intact: string;
  let tampered: string;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
    await createUser(app.t, 'frontdesk', [Role.FrontDesk]);
    await createUser(app.t, 'coord', [Role.Coordinator]);
    const token = await apiLogin(app.t, 'frontdesk');
    intact = (await registerCase(app.t, token)).id;
    tampered = (await registerCase(app.t, token)).id;
    await tamperWithEvent(app.t.dataSource, tampered, 1);
    page = await browser.context.newPage();
    await page.goto(`${app.baseUrl}/login`);
    await page.fill('#username', 'coord');
    await page.fill('#password', TEST_PASSWORD);
    await Promise.all([
      page.waitForURL(`${app.baseUrl}/`),
      page.click('form[action="/login"] button[type="submit"]'),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('shows a warning and no code for the tampered history', async () => {
    const watch = watchPage(page, app.baseUrl);
    await page.goto(`${app.baseUrl}/cases/${tampered}/history`);
    const alert = page.locator('#history [role="alert"]');
    await alert.waitFor({ state: 'visible' });
    const text = (await alert.textContent()) ?? '';
    expect(text).toContain('Riwayat kasus tidak dapat diverifikasi');
    expect(text).toContain('Riwayat rusak mulai urutan 1');
    expect(await page.locator('#history .verification code').count()).toBe(0);
    expect(await page.locator('#history .badge--bad').count()).toBe(0);
    // the warning stands out: the error flash's colours, not a pale badge
    const colours = await alert.evaluate((el) => {
      const style = (globalThis as any).getComputedStyle(el);
      return { background: style.backgroundColor as string, border: style.borderLeftColor as string };
    });
    expect(colours.background).not.toBe('rgba(0, 0, 0, 0)');
    expect(watch.pageErrors).toEqual([]);
  });

  it('shows the code and no warning for an intact history', async () => {
    await page.goto(`${app.baseUrl}/cases/${intact}/history`);
    const code = page.locator('#history .verification code');
    await code.waitFor({ state: 'visible' });
    expect(await code.textContent()).toMatch(/^[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}$/);
    expect(await page.locator('#history [role="alert"]').count()).toBe(0);
  });
});
