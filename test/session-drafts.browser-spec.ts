/**
 * Issue 18, item 1 in Chromium: never lose what was typed.
 *  - A warning comes three minutes before the 30-minute idle expiry (the browser's clock is driven
 *    by the test); "stay signed in" counts as activity on the server, so the session outlives the
 *    30 minutes after the page was loaded.
 *  - An intake typed while the session ran out: the submit answers "please sign in" with the promise
 *    that the entries are kept; "sign in again" leads to the login and back to the intake, where
 *    everything typed is back in its field, and the copy is gone from the tab's sessionStorage. The
 *    typed text is never in a URL the browser requested. The same for a counseling session on the case
 *    page.
 *  - A form answered normally leaves no copy behind.
 */
import { Page, Request } from 'playwright-core';
import request from 'supertest';
import { Role } from '../src/platform/auth/permissions';
import { bearer, registerCase } from './support/case-fixtures';
import { launchBrowser, PageWatch, RunningApp, startApp, TestBrowser, watchPage } from './support/browser';
import { apiLogin, createUser, TEST_PASSWORD } from './support/test-app';

jest.setTimeout(240_000);

describe('the idle warning and typed work kept across a sign-in, in Chromium (issue 18, item 1)', () => {
  let app: RunningApp;
  let browser: TestBrowser;
  let page: Page;
  let watch: PageWatch;
  const requested: string[] = [];
  let konselorId: string;
  const url = (path: string) => `${app.baseUrl}${path}`;
  const draft = () => page.evaluate(() => (globalThis as any).sessionStorage.getItem('lentera.draft'));

  async function logIn(username: string, next = '/'): Promise<void> {
    await page.fill('#username', username);
    await page.fill('#password', TEST_PASSWORD);
    await Promise.all([
      page.waitForURL(url(next)),
      page.click('form[action="/login"] button[type="submit"]'),
    ]);
  }
  /** The server's clock past the idle time: the session has ended. */
  const expireSession = () => app.t.clock.advanceMinutes(31);

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
    await createUser(app.t, 'frontdesk', [Role.FrontDesk]);
    konselorId = (await createUser(app.t, 'konselor', [Role.Counselor])).id;
    await createUser(app.t, 'coordinator', [Role.Coordinator]);
    page = await browser.context.newPage();
    watch = watchPage(page, app.baseUrl);
    // the 401 answers are on purpose
    watch.allowConsoleErrors(/401/);
    page.on('request', (r: Request) => requested.push(r.url()));
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('warns before the idle expiry; "stay signed in" keeps the session', async () => {
    await page.clock.install();
    await page.goto(url('/login'));
    await logIn('frontdesk');
    await page.goto(url('/cases/new'));
    const warning = page.getByRole('alertdialog');
    await expect(warning.isVisible()).resolves.toBe(false);
    await page.clock.fastForward('26:00');
    await expect(warning.isVisible()).resolves.toBe(false);
    app.t.clock.advanceMinutes(27);
    await page.clock.fastForward('01:10');
    await expect(warning.isVisible()).resolves.toBe(true);
    await expect(warning.innerText()).resolves.toContain('Sesi Anda akan segera berakhir');
    const stay = warning.getByRole('button', { name: 'Tetap masuk' });
    await expect(page.evaluate(() => (globalThis as any).document.activeElement.id)).resolves.toBe(
      'session-stay',
    );
    await Promise.all([page.waitForResponse((r) => r.url() === url('/')), stay.click()]);
    await expect(warning.isVisible()).resolves.toBe(false);
    // 27 + 20 minutes after the page was loaded: alive, because "stay" counted as activity
    app.t.clock.advanceMinutes(20);
    const res = await page.goto(url('/cases/new'));
    expect(res!.url()).toBe(url('/cases/new'));
  });

  it('an intake sent after the session ended is restored after signing in again', async () => {
    await page.goto(url('/cases/new'));
    await page.getByLabel('Cara pengaduan').selectOption('walk_in');
    const victim = page.getByRole('group', { name: 'Korban', exact: true });
    await victim.getByLabel('Nama lengkap korban').fill('Ratna Kusumawati');
    await victim.getByLabel('Jenis kelamin').selectOption('female');
    await victim.getByLabel('Tanggal lahir').fill('1990-03-04');
    await page.getByLabel('Korban melapor sendiri').check();
    await page.getByLabel('Tempat kejadian').selectOption('household');
    const violence = page.getByRole('group', { name: /Jenis kekerasan/ });
    await violence.getByLabel('Psikis').check();
    const narrative = 'Korban diancam lewat telepon oleh mantan suami sejak Januari.';
    await page.locator('#narrative').fill(narrative);

    expireSession();
    await Promise.all([
      page.waitForURL(url('/cases/new/check')),
      page.getByRole('button', { name: 'Periksa data ganda' }).click(),
    ]);
    await expect(page.locator('h1').innerText()).resolves.toContain('401');
    await expect(page.locator('#draft-kept').isVisible()).resolves.toBe(true);
    expect(JSON.parse((await draft())!).state).toBe('interrupted');
    const again = page.getByRole('link', { name: 'Masuk lagi' });
    await expect(again.getAttribute('href')).resolves.toBe('/login?next=%2Fcases%2Fnew');
    await again.click();
    await page.waitForURL(/\/login/);
    await logIn('frontdesk', '/cases/new');

    await expect(page.locator('#draft-restored').isVisible()).resolves.toBe(true);
    await expect(page.getByLabel('Cara pengaduan').inputValue()).resolves.toBe('walk_in');
    await expect(victim.getByLabel('Nama lengkap korban').inputValue()).resolves.toBe('Ratna Kusumawati');
    await expect(victim.getByLabel('Jenis kelamin').inputValue()).resolves.toBe('female');
    await expect(victim.getByLabel('Tanggal lahir').inputValue()).resolves.toBe('1990-03-04');
    await expect(page.getByLabel('Korban melapor sendiri').isChecked()).resolves.toBe(true);
    await expect(page.getByLabel('Tempat kejadian').inputValue()).resolves.toBe('household');
    await expect(violence.getByLabel('Psikis').isChecked()).resolves.toBe(true);
    await expect(violence.getByLabel('Fisik').isChecked()).resolves.toBe(false);
    await expect(page.locator('#narrative').inputValue()).resolves.toBe(narrative);
    await expect(draft()).resolves.toBeNull();
    // never in a URL
    const leaks = requested.filter((u) => /Ratna|Kusumawati|diancam/.test(decodeURIComponent(u)));
    expect(leaks).toEqual([]);
    // a normal answer leaves no copy: the duplicate check answers, the copy is gone
    await Promise.all([
      page.waitForURL(url('/cases/new/check')),
      page.getByRole('button', { name: 'Periksa data ganda' }).click(),
    ]);
    await expect(page.locator('h1').innerText()).resolves.not.toContain('401');
    await expect(draft()).resolves.toBeNull();
  });

  it('a counseling session typed on the case page comes back the same way', async () => {
    const coordinator = await apiLogin(app.t, 'coordinator');
    const c = await registerCase(app.t, await apiLogin(app.t, 'frontdesk'));
    const caseId = c.id as string;
    const api = (path: string, body: object) =>
      request(app.t.server).post(path).set(bearer(coordinator)).send(body).expect(200);
    const assigned = await api(`/api/cases/${caseId}/assignment`, {
      counselorId: konselorId,
      version: c.version,
    });
    await api(`/api/cases/${caseId}/transitions`, {
      transition: 'start_counseling',
      version: assigned.body.version,
    });
    await page.goto(url('/'));
    await Promise.all([page.waitForURL(/\/login/), page.click('form.logout-form button[type="submit"]')]);
    await logIn('konselor');
    await page.goto(url(`/cases/${caseId}/counseling`));
    const form = page.locator('form[data-draft="counseling"]');
    // the counseling section's form opens on demand
    await page.locator('#session-form-toggle > summary').click();
    await form.locator('#session-durationMinutes').fill('50');
    await form.locator('#session-notes').fill('Korban menceritakan ancaman terbaru.');
    expireSession();
    await Promise.all([
      page.waitForURL(url(`/cases/${caseId}/counseling-sessions`)),
      form.getByRole('button').last().click(),
    ]);
    await expect(page.locator('h1').innerText()).resolves.toContain('401');
    const again = page.getByRole('link', { name: 'Masuk lagi' });
    await expect(again.getAttribute('href')).resolves.toBe(
      `/login?next=${encodeURIComponent(`/cases/${caseId}/counseling`)}`,
    );
    await again.click();
    await page.waitForURL(/\/login/);
    await logIn('konselor', `/cases/${caseId}/counseling`);
    await expect(page.locator('#draft-restored').isVisible()).resolves.toBe(true);
    await expect(form.locator('#session-durationMinutes').inputValue()).resolves.toBe('50');
    await expect(form.locator('#session-notes').inputValue()).resolves.toBe(
      'Korban menceritakan ancaman terbaru.',
    );
    await expect(draft()).resolves.toBeNull();
  });
});
