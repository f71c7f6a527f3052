/**
 * Issue 19 items 1-2 in a real browser (Chromium, headless) on a 360-px-wide screen: a counselor's
 * day. She logs in and "Tugas saya" opens the home page, the menu tiles below it; the first counseling
 * of a case received five days ago is overdue; she follows the task's link, records the session, and
 * back home the task is gone. She schedules a follow-up on the case page (a form opened on demand),
 * it shows in her tasks; she marks it done and it is gone, on the case history. Nothing scrolls
 * sideways, no Content-Security-Policy violation, nothing loaded from another host.
 */
import { Page } from 'playwright-core';
import request from 'supertest';
import { Role } from '../src/platform/auth/permissions';
import { bearer, registerCase } from './support/case-fixtures';
import {
  horizontalOverflow,
  launchBrowser,
  RunningApp,
  signIn,
  startApp,
  TestBrowser,
  watchPage,
} from './support/browser';
import { apiLogin, createUser } from './support/test-app';

jest.setTimeout(240_000);

describe("a counselor's day in Chromium: my tasks, do one, it disappears", () => {
  let app: RunningApp;
  let browser: TestBrowser;
  let page: Page;
  let coordToken: string;
  let c: { id: string; number: string };

  const url = (path: string) => `${app.baseUrl}${path}`;
  const api = () => request(app.t.server);

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser({ width: 360, height: 740 })]);
    await createUser(app.t, 'frontdesk', [Role.FrontDesk]);
    await createUser(app.t, 'coordinator', [Role.Coordinator]);
    const counselor = (await createUser(app.t, 'konselor', [Role.Counselor])).id;
    coordToken = await apiLogin(app.t, 'coordinator');
    // Received on 2026-01-10 (the test clock: 2026-01-15): the first counseling was due on the 13th.
    c = await registerCase(app.t, await apiLogin(app.t, 'frontdesk'));
    await api()
      .post(`/api/cases/${c.id}/assignment`)
      .set(bearer(coordToken))
      .send({ counselorId: counselor, version: 1 })
      .expect(200);
    page = await browser.context.newPage();
    watchPage(page, app.baseUrl);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function fitsScreen(): Promise<void> {
    const { scrollWidth, viewport } = await horizontalOverflow(page);
    expect(viewport).toBe(360);
    expect(scrollWidth).toBeLessThanOrEqual(360);
  }

  const myTasks = () => page.locator('#my-tasks');

  it('logs in to "Tugas saya": the overdue first counseling, then the menu', async () => {
    await signIn(page, app.baseUrl, 'konselor');
    await page.goto(url('/'));
    await expect(myTasks().getByRole('heading', { level: 2 }).first().textContent()).resolves.toBe(
      'Tugas saya',
    );
    const row = myTasks().locator('tr', { hasText: 'Sesi konseling awal' });
    await expect(row.textContent()).resolves.toContain(c.number);
    await expect(row.textContent()).resolves.toContain('Terlambat');
    await expect(row.locator('time').textContent()).resolves.toBe('13 Jan 2026');
    // the tiles stay reachable below the tasks
    expect(await page.locator('.tiles a[href="/cases/mine"]').count()).toBe(1);
    await fitsScreen();
  });

  it('does it: follows the link, records the first session; back home the task is gone', async () => {
    const row = myTasks().locator('tr', { hasText: 'Sesi konseling awal' });
    await Promise.all([
      page.waitForURL(url(`/cases/${c.id}/counseling#counseling-sessions`)),
      row.getByRole('link').click(),
    ]);
    await page.locator('#session-form-toggle > summary').click();
    await fitsScreen();
    await Promise.all([
      page.waitForURL((u) => u.pathname === `/cases/${c.id}/counseling`),
      page.getByRole('button', { name: 'Simpan sesi' }).click(),
    ]);
    await page.goto(url('/'));
    await expect(myTasks().locator('tr', { hasText: 'Sesi konseling awal' }).count()).resolves.toBe(0);
    await expect(myTasks().textContent()).resolves.toContain(
      'Tidak ada tugas yang jatuh tempo untuk Anda saat ini.',
    );
  });

  it('schedules a follow-up on the case page; it is a task until marked done, then on the history', async () => {
    await page.goto(url(`/cases/${c.id}/counseling`));
    const section = page.locator('#follow-ups');
    await expect(section.locator('form').isVisible()).resolves.toBe(false);
    await section.locator('#follow-up-form-toggle > summary').click();
    await section.getByLabel('Tanggal', { exact: true }).fill('2026-01-16');
    await section.getByLabel('Apa', { exact: true }).fill('Telepon korban untuk menanyakan keadaannya');
    await section.getByLabel('Dengan siapa').fill('Korban');
    await fitsScreen();
    await Promise.all([
      page.waitForURL(url(`/cases/${c.id}/counseling#follow-ups`)),
      section.getByRole('button', { name: 'Jadwalkan' }).click(),
    ]);
    await expect(page.locator('.flash').first().textContent()).resolves.toContain(
      'Tindak lanjut dijadwalkan.',
    );
    await expect(section.textContent()).resolves.toContain('Telepon korban untuk menanyakan keadaannya');

    await page.goto(url('/'));
    const row = myTasks().locator('tr', { hasText: 'Tindak lanjut' });
    await expect(row.locator('time').textContent()).resolves.toBe('16 Jan 2026');
    await Promise.all([
      page.waitForURL(url(`/cases/${c.id}/counseling#follow-ups`)),
      row.getByRole('link').click(),
    ]);
    await section.locator('details.form-toggle[id^="follow-up-done-"] > summary').click();
    await Promise.all([
      page.waitForURL(url(`/cases/${c.id}/counseling#follow-ups`)),
      section.getByRole('button', { name: 'Selesai' }).click(),
    ]);
    await expect(section.textContent()).resolves.toContain('Selesai');
    await page.goto(url('/'));
    await expect(myTasks().locator('tr', { hasText: 'Tindak lanjut' }).count()).resolves.toBe(0);
    await page.goto(url(`/cases/${c.id}/history`));
    await expect(page.locator('main').textContent()).resolves.toContain(
      'Tindak lanjut tanggal 16 Januari 2026 dilaksanakan pada 15 Januari 2026.',
    );
  });
});
