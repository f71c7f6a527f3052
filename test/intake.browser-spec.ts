/**
 * In a real browser (Chromium, headless), with keyboard-accessible selectors (labels, roles): the
 * front desk registers a complaint through the sectioned intake page (duplicate check first), a
 * coordinator assigns a counselor, the counselor starts initial counseling, records a session and a
 * risk assessment with a threat to life, and admits the victim to a safe house: the case page then
 * shows the stage "Di rumah aman". The intake page fits a 360-px screen, hides the reporter part when
 * the victim reports herself (no JavaScript), and nothing is loaded from another host.
 */
import { Page } from 'playwright-core';
import { Role } from '../src/platform/auth/permissions';
import { ShelterService } from '../src/steps/shelter/shelter.service';
import {
  horizontalOverflow,
  launchBrowser,
  mainNavLink,
  PageWatch,
  RunningApp,
  signIn,
  signOut,
  startApp,
  TestBrowser,
  watchPage,
} from './support/browser';
import { personalText } from './support/case-fixtures';
import { createUser } from './support/test-app';

/** The victim as the front desk types her; the narrative and the session note name her, as real ones do. */
const VICTIM = {
  fullName: 'Dewi Lestari',
  nik: '3374015505920002',
  address: 'Jl. Anggrek No. 9, Semarang',
  phone: '081277788899',
};

jest.setTimeout(180_000);

describe('intake to safe house in Chromium', () => {
  let app: RunningApp;
  let browser: TestBrowser;
  let page: Page;
  let watch: PageWatch;
  let caseUrl: string;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser({ width: 1024, height: 768 })]);
    await createUser(app.t, 'frontdesk', [Role.FrontDesk]);
    await createUser(app.t, 'coordinator', [Role.Coordinator]);
    await createUser(app.t, 'konselor', [Role.Counselor]);
    await app.t.app.get(ShelterService).createSafeHouse({ name: 'Rumah Melati', capacity: 4 } as any);
    page = await browser.context.newPage();
    watch = watchPage(page, app.baseUrl);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const url = (path: string) => `${app.baseUrl}${path}`;

  const logIn = (username: string) => signIn(page, app.baseUrl, username);

  const logOut = () => signOut(page);

  const navLink = (name: string) => mainNavLink(page, name);

  async function stage(): Promise<string> {
    return ((await page.locator('#case-stage').textContent()) ?? '').trim();
  }

  it('the front desk registers a complaint through the intake page', async () => {
    await logIn('frontdesk');
    await Promise.all([page.waitForURL(url('/cases/new')), navLink('Pengaduan baru').click()]);
    await expect(page.locator('h1').textContent()).resolves.toBe('Penerimaan pengaduan');

    // On a 360-px screen nothing scrolls sideways.
    await page.setViewportSize({ width: 360, height: 740 });
    const { scrollWidth } = await horizontalOverflow(page);
    expect(scrollWidth).toBeLessThanOrEqual(360);
    await page.setViewportSize({ width: 1024, height: 768 });

    // The section nav jumps to a section.
    await page
      .getByRole('navigation', { name: 'Bagian formulir' })
      .getByRole('link', { name: 'Kejadian' })
      .click();
    expect(page.url()).toContain('#sec-incident');

    await page.getByLabel('Cara pengaduan').selectOption('walk_in');
    const victim = page.getByRole('group', { name: 'Korban', exact: true });
    await victim.getByLabel('Nama lengkap korban').fill(VICTIM.fullName);
    await victim.getByLabel('NIK', { exact: true }).fill(VICTIM.nik);
    await page.locator('[name="victimAddress"]').fill(VICTIM.address);
    await page.locator('[name="victimPhone"]').fill(VICTIM.phone);
    await victim.getByLabel('Jenis kelamin').selectOption('female');
    await victim.getByLabel('Tanggal lahir').fill('1992-05-15');
    await victim.getByLabel('Kecamatan').selectOption('Tembalang');
    await victim.getByLabel('Pendidikan').selectOption('senior_secondary');
    await victim.getByRole('group', { name: 'Disabilitas' }).getByLabel('Disabilitas fisik').check();

    // Without JavaScript, the reporter part hides when the victim reports herself.
    const reporterRelationship = page.getByLabel('Hubungan pelapor dengan korban');
    await expect(reporterRelationship.isVisible()).resolves.toBe(true);
    await page.getByLabel('Korban melapor sendiri').check();
    await expect(reporterRelationship.isVisible()).resolves.toBe(false);

    const perpetrator1 = page.getByRole('group', { name: 'Pelaku 1' });
    await perpetrator1.getByLabel('Hubungan dengan korban').selectOption('spouse');
    await perpetrator1.getByLabel('Jenis kelamin').selectOption('male');
    await perpetrator1.getByLabel('Umur').fill('40');

    await page.getByLabel('Tanggal kejadian (atau awal periode)').fill('2026-01-12');
    await page.getByLabel('Tempat kejadian').selectOption('household');
    const violence = page.getByRole('group', { name: /Jenis kekerasan/ });
    await violence.getByLabel('Fisik').check();
    await violence.getByLabel('Psikis').check();
    await page
      .getByRole('group', { name: 'Pertanyaan klasifikasi GBVIMS' })
      .getByLabel(/Serangan fisik/)
      .check();
    await page
      .getByLabel('Kronologi kejadian (sesuai penuturan korban)')
      .fill(personalText('Korban dipukul dan diancam akan dibunuh', VICTIM));

    await Promise.all([
      page.waitForURL(url('/cases/new/check')),
      page.getByRole('button', { name: 'Periksa data ganda' }).click(),
    ]);
    await expect(page.getByText('Tidak ditemukan data korban yang sama.').isVisible()).resolves.toBe(true);
    await expect(page.getByLabel('Nama lengkap korban').inputValue()).resolves.toBe('Dewi Lestari');

    await Promise.all([
      page.waitForURL(/\/cases\/[0-9a-f-]{36}$/),
      page.getByRole('button', { name: 'Simpan pengaduan' }).click(),
    ]);
    caseUrl = page.url().replace(app.baseUrl, '');
    await expect(page.locator('h1 .case-number').textContent()).resolves.toBe('PPT/2026/000001');
    await expect(page.locator('.victim-initials').textContent()).resolves.toBe('D.L.');
    await expect(stage()).resolves.toBe('Penerimaan pengaduan');
    await logOut();
  });

  it('a coordinator assigns a counselor', async () => {
    await logIn('coordinator');
    await navLink('Daftar kasus').click();
    await Promise.all([
      page.waitForURL(url(caseUrl)),
      page.getByRole('link', { name: 'PPT/2026/000001' }).click(),
    ]);
    await page.getByLabel('Konselor', { exact: true }).selectOption({ label: 'Test konselor' });
    await Promise.all([
      page.waitForURL(url(`${caseUrl}#assign`)),
      page.getByRole('button', { name: 'Tugaskan', exact: true }).click(),
    ]);
    await expect(page.getByText('Konselor telah ditugaskan.').isVisible()).resolves.toBe(true);
    await logOut();
  });

  it('the counselor starts counseling, records a session and a threat to life, and admits the victim to a safe house', async () => {
    await logIn('konselor');
    await navLink('Kasus saya').click();
    await Promise.all([
      page.waitForURL(url(caseUrl)),
      page.getByRole('link', { name: 'PPT/2026/000001' }).click(),
    ]);

    const actions = page.locator('#actions');
    await Promise.all([
      page.waitForURL(url(`${caseUrl}#actions`)),
      actions.getByRole('button', { name: 'Mulai konseling awal' }).click(),
    ]);
    await expect(stage()).resolves.toBe('Konseling awal');

    // counseling is a section page of its own; its forms open on demand
    await Promise.all([
      page.waitForURL(url(`${caseUrl}/counseling`)),
      page.locator('nav.section-nav').getByRole('link', { name: 'Konseling' }).click(),
    ]);
    const counseling = page.locator('#counseling');
    const sessionForm = counseling.locator('details#session-form-toggle');
    await sessionForm.locator('summary').click();
    await sessionForm.getByLabel('Durasi (menit)').fill('45');
    await sessionForm.getByLabel('Catatan', { exact: true }).fill(personalText('Sesi pertama', VICTIM));
    await Promise.all([
      page.waitForURL(/#counseling/),
      sessionForm.getByRole('button', { name: 'Simpan sesi' }).click(),
    ]);

    const risk = page.locator('#risk');
    await risk.locator('details#risk-form-toggle summary').click();
    await risk.getByLabel('Tingkat risiko').selectOption('critical');
    await risk.getByLabel('Ada ancaman terhadap jiwa korban').check();
    await Promise.all([
      page.waitForURL(/#risk/),
      risk.getByRole('button', { name: 'Simpan asesmen' }).click(),
    ]);

    // the workflow's actions are on the overview
    await Promise.all([
      page.waitForURL(url(caseUrl)),
      page.locator('nav.section-nav').getByRole('link', { name: 'Ikhtisar' }).click(),
    ]);
    const safeHouse = actions.getByLabel('Rumah aman', { exact: true });
    const melati = await safeHouse.locator('option', { hasText: 'Rumah Melati' }).getAttribute('value');
    await safeHouse.selectOption(melati!);
    await actions.getByLabel('Rencana lama tinggal (hari)').fill('14');
    await Promise.all([
      page.waitForURL(url(`${caseUrl}#actions`)),
      actions.getByRole('button', { name: 'Tempatkan di rumah aman' }).click(),
    ]);
    await expect(stage()).resolves.toBe('Di rumah aman');
    await expect(page.getByText('Korban ditempatkan di rumah aman.').isVisible()).resolves.toBe(true);
  });

  it('loaded nothing from another host and broke no content-security rule', () => {
    expect(watch.foreignRequests).toEqual([]);
    expect(watch.cspViolations).toEqual([]);
    expect(watch.pageErrors).toEqual([]);
  });
});
