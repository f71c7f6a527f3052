/**
 * Issue 19 item 4 in a real browser (Chromium, headless) on a 360-px-wide screen: the assigned
 * counselor opens the flags form on the case page, sets "Pelaku berbahaya" with a reason, sees the
 * badge on the case page and on "Kasus saya", filters the list by the flag (the page size kept), then
 * removes the flag with a reason and finds both on the case's history. Nothing scrolls sideways, no
 * Content-Security-Policy violation, nothing loaded from another host.
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

describe('case flags in Chromium', () => {
  let app: RunningApp;
  let browser: TestBrowser;
  let page: Page;
  let coordToken: string;
  const ids: Record<string, string> = {};
  const cases: { id: string; number: string }[] = [];

  const url = (path: string) => `${app.baseUrl}${path}`;
  const api = () => request(app.t.server);

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser({ width: 360, height: 740 })]);
    await createUser(app.t, 'frontdesk', [Role.FrontDesk]);
    await createUser(app.t, 'coordinator', [Role.Coordinator]);
    ids.c1 = (await createUser(app.t, 'konselor', [Role.Counselor])).id;
    coordToken = await apiLogin(app.t, 'coordinator');
    const fd = await apiLogin(app.t, 'frontdesk');
    for (let i = 0; i < 2; i++) {
      const c = await registerCase(app.t, fd);
      await api()
        .post(`/api/cases/${c.id}/assignment`)
        .set(bearer(coordToken))
        .send({ counselorId: ids.c1, version: 1 })
        .expect(200);
      cases.push({ id: c.id, number: c.number });
    }
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

  it('the counselor sets a flag, sees it on the list, filters by it, removes it with a reason; both on the history', async () => {
    const [c, other] = cases;
    await signIn(page, app.baseUrl, 'konselor');
    await page.goto(url(`/cases/${c.id}`));
    const section = page.locator('#flags');
    await expect(section.getByRole('heading', { level: 2 }).textContent()).resolves.toBe('Penanda kasus');
    await expect(section.locator('#no-flags').isVisible()).resolves.toBe(true);
    // the form opens on demand
    const form = section.locator('#flag-form-toggle');
    await expect(form.getByLabel('Jenis penanda').isVisible()).resolves.toBe(false);
    await form.locator('summary').click();
    await form.getByLabel('Jenis penanda').selectOption('perpetrator_dangerous');
    await form.getByLabel('Alasan penanda dipasang').fill('Pelaku mengancam lewat pesan singkat');
    await fitsScreen();
    await Promise.all([
      page.waitForURL(url(`/cases/${c.id}#flags`)),
      form.getByRole('button', { name: 'Pasang penanda' }).click(),
    ]);
    await expect(page.locator('.flash').first().textContent()).resolves.toContain('Penanda telah dipasang.');
    await expect(page.locator('#case-flag-badges').textContent()).resolves.toContain('Pelaku berbahaya');
    await expect(section.textContent()).resolves.toContain('Pelaku mengancam lewat pesan singkat');
    await fitsScreen();

    // "Kasus saya": the badge; the filter keeps the page size and shows only the flagged case
    await page.goto(url('/cases/mine?pageSize=10'));
    const row = page.locator('tr', { has: page.getByRole('link', { name: c.number }) });
    await expect(row.locator('[data-flag="perpetrator_dangerous"]').textContent()).resolves.toBe(
      'Pelaku berbahaya',
    );
    await expect(page.getByRole('link', { name: other.number }).count()).resolves.toBe(1);
    await page.getByLabel('Penanda', { exact: true }).selectOption('perpetrator_dangerous');
    await Promise.all([
      page.waitForURL((u) => u.searchParams.get('flag') === 'perpetrator_dangerous'),
      page.getByRole('button', { name: 'Saring' }).click(),
    ]);
    expect(new URL(page.url()).searchParams.get('pageSize')).toBe('10');
    await expect(page.getByRole('link', { name: c.number }).count()).resolves.toBe(1);
    await expect(page.getByRole('link', { name: other.number }).count()).resolves.toBe(0);
    await fitsScreen();

    // remove it with a reason
    await page.goto(url(`/cases/${c.id}`));
    const removal = section.locator('.flag-item details.form-toggle').first();
    await removal.locator('summary').click();
    await removal.getByLabel(/Alasan penanda dicabut/).fill('Pelaku sudah ditahan polisi');
    await Promise.all([
      page.waitForURL(url(`/cases/${c.id}#flags`)),
      removal.getByRole('button', { name: 'Cabut penanda' }).click(),
    ]);
    await expect(page.locator('.flash').first().textContent()).resolves.toContain('Penanda telah dicabut.');
    await expect(page.locator('#case-flag-badges').count()).resolves.toBe(0);
    await section.locator('#removed-flags summary').click();
    await expect(section.locator('#removed-flags').textContent()).resolves.toContain(
      'Pelaku sudah ditahan polisi',
    );

    // both on the history
    await page.goto(url(`/cases/${c.id}/history`));
    const history = await page.locator('main').textContent();
    expect(history).toContain('Penanda dipasang: Pelaku berbahaya.');
    expect(history).toContain('Penanda dicabut: Pelaku berbahaya.');
    await fitsScreen();
  });
});
