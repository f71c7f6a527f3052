/**
 * In Chromium (issue 13, item 4): a coordinator opens a case page (the victim's address on it) and
 * logs out; the browser's Back button must not show the case page again from the cache or the
 * back-forward cache, and neither may History (a page reached again by its URL). The answers carry
 * `Cache-Control: no-store`, and logout `Clear-Site-Data`.
 */
import { Page } from 'playwright-core';
import { Role } from '../src/platform/auth/permissions';
import { registerCase } from './support/case-fixtures';
import { launchBrowser, RunningApp, startApp, TestBrowser } from './support/browser';
import { apiLogin, createUser, TEST_PASSWORD } from './support/test-app';

jest.setTimeout(120_000);

const ADDRESS = 'Jl. Kenanga Rahasia No. 17, Semarang';

describe('Back after logout in Chromium', () => {
  let app: RunningApp;
  let browser: TestBrowser;
  let page: Page;
  let caseId: string;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
    await createUser(app.t, 'frontdesk', [Role.FrontDesk]);
    await createUser(app.t, 'coord', [Role.Coordinator]);
    const c = await registerCase(app.t, await apiLogin(app.t, 'frontdesk'), {
      victim: { address: ADDRESS },
    });
    caseId = c.id;
    page = await browser.context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const url = (path: string) => `${app.baseUrl}${path}`;

  it('does not show the case page again after logout', async () => {
    await page.goto(url('/login'));
    await page.fill('#username', 'coord');
    await page.fill('#password', TEST_PASSWORD);
    await Promise.all([page.waitForURL(url('/')), page.click('form[action="/login"] button[type="submit"]')]);
    await page.goto(url(`/cases/${caseId}/people`));
    expect(await page.content()).toContain(ADDRESS);

    await Promise.all([
      page.waitForURL((u) => u.pathname === '/login'),
      page.click('form.logout-form button[type="submit"]'),
    ]);
    expect(await page.content()).not.toContain(ADDRESS);

    // Back: to the case page's URL, which must be asked of the server again (and refused).
    await page.goBack({ waitUntil: 'load' }).catch(() => undefined);
    await page.waitForLoadState('load');
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.content()).not.toContain(ADDRESS);

    // Typing the address again, or Back once more, shows nothing of the case either.
    await page.goto(url(`/cases/${caseId}/people`));
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.content()).not.toContain(ADDRESS);
    await page.goBack({ waitUntil: 'load' }).catch(() => undefined);
    expect(await page.content()).not.toContain(ADDRESS);
  });
});
