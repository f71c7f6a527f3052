/**
 * In a real browser (Chromium, headless): a counselor logs in through the login page, lands on the
 * home page, switches the language to English with the header switch (the choice survives a reload
 * and the next login), logs out and is back on the login page with the logged-out message. On a
 * 360-px-wide screen the login and home pages do not scroll sideways. No page loads anything from
 * another host, and none logs a Content-Security-Policy violation. The API documentation page
 * renders Swagger UI under the same CSP.
 */
import { Page } from 'playwright-core';
import { Role } from '../src/platform/auth/permissions';
import { createUser, TEST_PASSWORD } from './support/test-app';
import {
  horizontalOverflow,
  launchBrowser,
  PageWatch,
  RunningApp,
  startApp,
  TestBrowser,
  watchPage,
} from './support/browser';

jest.setTimeout(120_000);

describe('login, language switch and logout in Chromium', () => {
  let app: RunningApp;
  let browser: TestBrowser;
  let page: Page;
  let watch: PageWatch;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
    await createUser(app.t, 'konselor', [Role.Counselor]);
    page = await browser.context.newPage();
    watch = watchPage(page, app.baseUrl);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const url = (path: string) => `${app.baseUrl}${path}`;
  const logoutButton = () => page.locator('form.logout-form button[type="submit"]');

  async function expectNoSidewaysScroll(at: string): Promise<void> {
    await page.setViewportSize({ width: 360, height: 740 });
    const { scrollWidth } = await horizontalOverflow(page);
    // document.documentElement.scrollWidth beyond the viewport means a sideways scroll bar.
    expect({ at, scrollWidth, fits: scrollWidth <= 360 }).toEqual({ at, scrollWidth, fits: true });
    await page.setViewportSize({ width: 1280, height: 800 });
  }

  async function logIn(): Promise<void> {
    await page.fill('#username', 'konselor');
    await page.fill('#password', TEST_PASSWORD);
    await Promise.all([page.waitForURL(url('/')), page.click('form[action="/login"] button[type="submit"]')]);
  }

  it('shows the login page in Bahasa Indonesia, fitting a 360-px screen', async () => {
    await page.goto(url('/login'));
    expect(await page.getAttribute('html', 'lang')).toBe('id');
    await expect(page.locator('h1').textContent()).resolves.toBe('Masuk');
    await expectNoSidewaysScroll('login page (id)');
  });

  it('logs in and lands on the home page', async () => {
    await logIn();
    await expect(page.locator('h1').textContent()).resolves.toBe('Selamat datang, Test konselor');
    await expect(logoutButton().textContent()).resolves.toBe('Keluar');
    await expectNoSidewaysScroll('home page (id)');
  });

  it('switches to English with the header switch; the choice survives a reload', async () => {
    await Promise.all([page.waitForURL(url('/')), page.click('form.language-switch button[value="en"]')]);
    await page.waitForSelector('html[lang="en"]');
    await expect(logoutButton().textContent()).resolves.toBe('Log out');
    await expect(page.locator('h1').textContent()).resolves.toBe('Welcome, Test konselor');
    expect(await page.getAttribute('form.language-switch button[value="en"]', 'aria-pressed')).toBe('true');
    await expectNoSidewaysScroll('home page (en)');

    await page.reload();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await expect(logoutButton().textContent()).resolves.toBe('Log out');
  });

  it('logs out to the login page with the logged-out message', async () => {
    // The logout clears the site's cookies (Clear-Site-Data), so the message and the language ride on
    // the login page's address (/login?loggedOut=1&lang=en).
    await Promise.all([page.waitForURL((u) => u.pathname === '/login'), logoutButton().click()]);
    await expect(page.locator('.flash').textContent()).resolves.toBe('You have logged out.');
    await expect(page.locator('h1').textContent()).resolves.toBe('Log in');
    expect(await logoutButton().count()).toBe(0);
    await expectNoSidewaysScroll('login page (en)');
    // The home page now needs a login again.
    await page.goto(url('/'));
    expect(new URL(page.url()).pathname).toBe('/login');
  });

  it('remembers the language on the account: a fresh browser shows English after login', async () => {
    await browser.context.clearCookies();
    await page.goto(url('/login'));
    expect(await page.getAttribute('html', 'lang')).toBe('id');
    await logIn();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await expect(logoutButton().textContent()).resolves.toBe('Log out');
  });

  it('loaded nothing from another host and logged no CSP violation or page error', () => {
    expect(watch.foreignRequests).toEqual([]);
    expect(watch.cspViolations).toEqual([]);
    expect(watch.pageErrors).toEqual([]);
  });

  it('renders the API documentation (Swagger UI) under the CSP, from this server only', async () => {
    const docs = await browser.context.newPage();
    const docsWatch = watchPage(docs, app.baseUrl);
    try {
      await docs.goto(url('/api/docs'));
      await docs.waitForSelector('.swagger-ui', { timeout: 20_000 });
      await docs.waitForSelector('.opblock', { timeout: 20_000 });
      expect(await docs.locator('.opblock').count()).toBeGreaterThan(0);
      expect(docsWatch.foreignRequests).toEqual([]);
      expect(docsWatch.pageErrors).toEqual([]);
      // The docs page alone allows Swagger UI's inline styles; nothing may be blocked there.
      expect(docsWatch.cspViolations).toEqual([]);
      const csp = (await docs.request.get(url('/api/docs'))).headers()['content-security-policy'];
      expect(csp).toContain("style-src 'self' 'unsafe-inline'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    } finally {
      await docs.close();
    }
  });
});
