/**
 * Issue 19 items 5 and 6 in a real browser (Chromium, headless) on a 360-px-wide screen: the assigned
 * counselor asks for a case's closure from the case page (reason, checklist, why); the coordinator
 * finds it in "Pengajuan penutupan", opens the case and approves it — the case is closed; then the
 * coordinator hands a counselor's caseload over on "Pengalihan kasus": chooses the counselor, the
 * target, sees the plan and confirms. Nothing scrolls sideways, no Content-Security-Policy violation,
 * nothing loaded from another host.
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
  signOut,
  startApp,
  TestBrowser,
  watchPage,
} from './support/browser';
import { apiLogin, createUser } from './support/test-app';

jest.setTimeout(240_000);

describe('closure approval and caseload handover pages in Chromium', () => {
  let app: RunningApp;
  let browser: TestBrowser;
  let page: Page;
  let coordToken: string;
  const ids: Record<string, string> = {};
  const cases: { id: string; number: string }[] = [];

  const url = (path: string) => `${app.baseUrl}${path}`;
  const api = () => request(app.t.server);
  const caseOf = async (id: string) =>
    (await api().get(`/api/cases/${id}`).set(bearer(coordToken)).expect(200)).body;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser({ width: 360, height: 740 })]);
    await createUser(app.t, 'frontdesk', [Role.FrontDesk]);
    await createUser(app.t, 'coordinator', [Role.Coordinator]);
    ids.c1 = (await createUser(app.t, 'konselor', [Role.Counselor])).id;
    ids.c2 = (await createUser(app.t, 'konselor2', [Role.Counselor])).id;
    coordToken = await apiLogin(app.t, 'coordinator');
    const fd = await apiLogin(app.t, 'frontdesk');
    for (let i = 0; i < 3; i++) {
      const c = await registerCase(app.t, fd);
      await api()
        .post(`/api/cases/${c.id}/assignment`)
        .set(bearer(coordToken))
        .send({ counselorId: ids.c1, version: 1 })
        .expect(200);
      cases.push({ id: c.id, number: c.number });
    }
    await api()
      .post(`/api/cases/${cases[0].id}/transitions`)
      .set(bearer(coordToken))
      .send({ transition: 'start_counseling', version: 2 })
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

  it('the counselor asks for closure; the coordinator approves it from the list', async () => {
    const c = cases[0];
    await signIn(page, app.baseUrl, 'konselor');
    await page.goto(url(`/cases/${c.id}`));
    const section = page.locator('#closure');
    await expect(section.getByRole('heading', { level: 2 }).textContent()).resolves.toBe('Penutupan kasus');
    // the request form opens on demand (the overview stays short)
    const toggle = section.locator('details#closure-request-toggle');
    await expect(toggle.evaluate((d: any) => d.open)).resolves.toBe(false);
    await toggle.locator('summary').click();
    await section.getByLabel('Alasan penutupan', { exact: true }).selectOption('lost_contact');
    await section.getByLabel('Catatan kasus lengkap (sesi, kronologis, keputusan)').check();
    await section
      .getByLabel('Alasan penutupan (penjelasan)')
      .fill('Korban tidak dapat dihubungi sejak dua bulan');
    await fitsScreen();
    await Promise.all([
      page.waitForURL(url(`/cases/${c.id}#closure`)),
      section.getByRole('button', { name: 'Ajukan penutupan' }).click(),
    ]);
    await expect(page.locator('.flash').first().textContent()).resolves.toContain(
      'Pengajuan penutupan dikirim kepada koordinator.',
    );
    await expect(section.textContent()).resolves.toContain('Menunggu keputusan');
    await signOut(page);

    await signIn(page, app.baseUrl, 'coordinator');
    // the navigation names the list (at 360 px it sits in the menu)
    expect(await page.locator('nav a[href="/closure-requests"]').count()).toBeGreaterThan(0);
    await page.goto(url('/closure-requests'));
    await fitsScreen();
    await Promise.all([
      page.waitForURL(url(`/cases/${c.id}#closure`)),
      page.getByRole('link', { name: c.number }).click(),
    ]);
    await expect(section.textContent()).resolves.toContain('Korban tidak dapat dihubungi sejak dua bulan');
    await fitsScreen();
    await Promise.all([
      page.waitForURL(url(`/cases/${c.id}#closure`)),
      section.getByRole('button', { name: 'Setujui dan tutup kasus' }).click(),
    ]);
    await expect(page.locator('#case-stage').textContent()).resolves.toBe('Ditutup');
    expect((await caseOf(c.id)).stage).toBe('closed');
    await page.goto(url('/closure-requests'));
    await expect(
      page.getByText('Tidak ada pengajuan penutupan yang menunggu keputusan.').isVisible(),
    ).resolves.toBe(true);
  });

  it("the coordinator hands a counselor's open cases over, after seeing the plan", async () => {
    expect(await page.locator('nav a[href="/caseload-handover"]').count()).toBeGreaterThan(0);
    await page.goto(url('/caseload-handover'));
    await page.getByLabel('Konselor saat ini').selectOption(ids.c1);
    await Promise.all([
      page.waitForURL(url(`/caseload-handover?from=${ids.c1}`)),
      page.getByRole('button', { name: 'Tampilkan kasusnya' }).click(),
    ]);
    await fitsScreen();
    // the closed case is not offered; the two open ones are, ticked
    await expect(page.locator('input[name="caseIds"]:checked').count()).resolves.toBe(2);
    await page.getByLabel('Test konselor2').check();
    await page.getByRole('button', { name: 'Lihat rencana pengalihan' }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Periksa rencana pengalihan');
    await fitsScreen();
    expect((await caseOf(cases[1].id)).assignedCounselorId).toBe(ids.c1);
    await Promise.all([
      page.waitForURL(url(`/caseload-handover?from=${ids.c1}`)),
      page.getByRole('button', { name: 'Alihkan 2 kasus' }).click(),
    ]);
    await expect(page.locator('.flash').first().textContent()).resolves.toContain('Kasus sudah dialihkan');
    await expect(page.getByText('Konselor ini tidak memiliki kasus terbuka.').isVisible()).resolves.toBe(
      true,
    );
    for (const c of cases.slice(1)) expect((await caseOf(c.id)).assignedCounselorId).toBe(ids.c2);
  });
});
