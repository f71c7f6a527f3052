/**
 * In a real browser (Chromium, headless) on a 360-px-wide screen: the assigned counselor follows the
 * case page's "correct details" link, corrects a misspelt name, the NIK, the district and the
 * violence types in the prefilled form and saves; the case page shows the flash, the corrected values
 * and the correction in the history. Nothing scrolls sideways, no Content-Security-Policy violation,
 * nothing loaded from another host.
 */
import { Page } from 'playwright-core';
import request from 'supertest';
import { Role } from '../src/platform/auth/permissions';
import { bearer, registerCase } from './support/case-fixtures';
import {
  horizontalOverflow,
  launchBrowser,
  PageWatch,
  RunningApp,
  signIn,
  startApp,
  TestBrowser,
  watchPage,
} from './support/browser';
import { apiLogin, createUser } from './support/test-app';

jest.setTimeout(180_000);

describe('correcting a case from its page in Chromium', () => {
  let app: RunningApp;
  let browser: TestBrowser;
  let page: Page;
  let watch: PageWatch;
  let caseId: string;
  let caseNumber: string;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser({ width: 360, height: 740 })]);
    await createUser(app.t, 'frontdesk', [Role.FrontDesk]);
    await createUser(app.t, 'coordinator', [Role.Coordinator]);
    const counselor = await createUser(app.t, 'konselor', [Role.Counselor]);
    const c = await registerCase(app.t, await apiLogin(app.t, 'frontdesk'), {
      victim: { fullName: 'Sity Nurhaliza', nik: '3374010101900044' },
    });
    caseId = c.id;
    caseNumber = c.number;
    await request(app.t.server)
      .post(`/api/cases/${c.id}/assignment`)
      .set(bearer(await apiLogin(app.t, 'coordinator')))
      .send({ counselorId: counselor.id, version: 1 })
      .expect(200);
    page = await browser.context.newPage();
    watch = watchPage(page, app.baseUrl);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const url = (path: string) => `${app.baseUrl}${path}`;

  async function fitsScreen(): Promise<void> {
    const { scrollWidth, viewport } = await horizontalOverflow(page);
    expect(viewport).toBe(360);
    expect(scrollWidth).toBeLessThanOrEqual(360);
  }

  it('the counselor corrects the name, NIK, district and violence types through the form', async () => {
    await signIn(page, app.baseUrl, 'konselor');

    await page.goto(url(`/cases/${caseId}/people`));
    await fitsScreen();
    await Promise.all([
      page.waitForURL(url(`/cases/${caseId}/edit`)),
      page.getByRole('link', { name: 'Koreksi data korban dan kejadian' }).click(),
    ]);
    await expect(page.locator('h1').textContent()).resolves.toBe(`Koreksi data kasus ${caseNumber}`);
    await fitsScreen();

    // Prefilled with the current values.
    const name = page.getByLabel('Nama lengkap korban');
    await expect(name.inputValue()).resolves.toBe('Sity Nurhaliza');
    await expect(page.getByLabel('NIK', { exact: false }).inputValue()).resolves.toBe('3374010101900044');

    await name.fill('Siti Nurhaliza');
    await page.getByLabel('NIK', { exact: false }).fill('3374010101900055');
    await page.getByLabel('Kecamatan').selectOption('Genuk');
    const violence = page.getByRole('group', { name: /Jenis kekerasan/ });
    await violence.getByLabel('Seksual', { exact: true }).check();
    await violence.getByLabel('Psikis', { exact: true }).uncheck();

    // The keyboard reaches the save button.
    const save = page.getByRole('button', { name: 'Simpan koreksi' });
    await save.focus();
    await Promise.all([page.waitForURL(url(`/cases/${caseId}/people`)), page.keyboard.press('Enter')]);

    await expect(page.getByRole('status').first().textContent()).resolves.toContain(
      'Data kasus sudah dikoreksi',
    );
    const people = page.locator('#people');
    await expect(people.textContent()).resolves.toContain('Siti Nurhaliza');
    await expect(people.textContent()).resolves.toContain('3374010101900055');
    await expect(people.textContent()).resolves.toContain('Genuk');
    await fitsScreen();
    await page.goto(url(`/cases/${caseId}/incident`));
    await expect(page.locator('#incident').textContent()).resolves.toContain('Seksual');
    await page.goto(url(`/cases/${caseId}/history`));
    await expect(page.locator('#history').textContent()).resolves.toContain(
      'Data kasus dikoreksi: nama korban, NIK, kecamatan, jenis kekerasan; nilai sebelumnya tersimpan di riwayat.',
    );
    await fitsScreen();

    expect(watch.cspViolations).toEqual([]);
    expect(watch.foreignRequests).toEqual([]);
    expect(watch.pageErrors).toEqual([]);
  });

  it('the counselor adds a perpetrator in an empty row and corrects the incident date', async () => {
    await page.goto(url(`/cases/${caseId}/edit`));
    // The recorded perpetrator is prefilled in the first row; the next row is empty, to add one.
    const first = page.getByRole('group', { name: 'Pelaku 1' });
    await expect(first.getByLabel('Nama', { exact: true }).inputValue()).resolves.toBe('Budi Santoso');
    const second = page.getByRole('group', { name: 'Pelaku 2' });
    await expect(second.getByLabel('Nama', { exact: true }).inputValue()).resolves.toBe('');
    await second.getByLabel('Hubungan dengan korban', { exact: false }).selectOption('neighbour');
    await second.getByLabel('Nama', { exact: true }).fill('Agus Salim');
    await page.getByLabel('Tanggal kejadian (atau awal periode)').fill('2026-01-07');
    await fitsScreen();
    await Promise.all([
      page.waitForURL(url(`/cases/${caseId}/people`)),
      page.getByRole('button', { name: 'Simpan koreksi' }).click(),
    ]);
    const people = page.locator('#people');
    await expect(people.textContent()).resolves.toContain('Budi Santoso');
    await expect(people.textContent()).resolves.toContain('Agus Salim');
    await page.goto(url(`/cases/${caseId}/history`));
    await expect(page.locator('#history').textContent()).resolves.toContain(
      'Data kasus dikoreksi: tanggal kejadian, pelaku; nilai sebelumnya tersimpan di riwayat.',
    );
    expect(watch.pageErrors).toEqual([]);
  });
});
