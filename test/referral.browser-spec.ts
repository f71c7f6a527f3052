/**
 * In a real browser (Chromium, headless), with keyboard-accessible selectors (labels, roles): the
 * counselor of a case with a recorded consent (medico-legal and medical; identity and incident
 * narrative) refers it through the case page to the police unit; the police team member finds it in
 * the partner inbox, sees only the disclosed categories (never the victim's address, phone or NIK),
 * accepts, starts, records an action and completes it with an outcome, after which the case data is
 * no longer shown to them; the counselor then sees the referral completed, the partner's action and
 * outcome, and the completion in the case history. Nothing is loaded from another host and no
 * content-security rule is broken.
 */
import { Locator, Page } from 'playwright-core';
import request from 'supertest';
import { Role } from '../src/platform/auth/permissions';
import { InstitutionsService } from '../src/institutions/institutions.service';
import { UsersService } from '../src/users/users.service';
import {
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
import { bearer, expectNoVictimValues, personalText, registerCase } from './support/case-fixtures';
import { apiLogin, createUser, TEST_PASSWORD } from './support/test-app';

jest.setTimeout(180_000);

const VICTIM = {
  fullName: 'Wulan Sari Dewi',
  nik: '3374016204950003',
  address: 'Jl. Kenanga Raya No. 17, Tembalang',
  phone: '081298765432',
};
// Every free text names her and holds her NIK, street and phone, as real ones do (personalText).
const NARRATIVE = personalText('Korban dipukul suaminya dengan gagang sapu hingga memar di punggung', VICTIM);
/** What the police, told her identity only, read of a text written `personalText(marker, VICTIM)`. */
const forPolice = (marker: string) => `${marker}: ${VICTIM.fullName} (NIK […]) tinggal di […], telepon […].`;
const POLICE = 'Unit PPA Polrestabes';
const ACTION_MARK = 'Korban didampingi penyidik ke RSUD untuk pemeriksaan visum';
const ACTION = personalText(ACTION_MARK, VICTIM);
const OUTCOME_NOTES = personalText(
  'Hasil visum telah diterima penyidik dan dilampirkan dalam berkas perkara',
  VICTIM,
);

describe('a referral from the case page to the partner inbox and back, in Chromium', () => {
  let app: RunningApp;
  let browser: TestBrowser;
  let page: Page;
  let watch: PageWatch;
  let caseUrl: string;
  let caseNumber: string;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser({ width: 1024, height: 768 })]);
    const t = app.t;
    const institutions = t.app.get(InstitutionsService);
    const police = await institutions.create({
      name: POLICE,
      type: 'police_unit',
      serviceRoles: ['law_enforcement', 'medico_legal'],
    });
    await institutions.create({
      name: 'RSUD Kota',
      type: 'hospital',
      serviceRoles: ['medical', 'medico_legal'],
    });
    await t.app.get(UsersService).create(
      {
        username: 'polisi',
        displayName: 'Aipda Wulan',
        roles: [Role.TeamMember],
        institutionId: police.id,
        serviceRoles: ['law_enforcement', 'medico_legal'],
      },
      { password: TEST_PASSWORD, mustChangePassword: false },
    );
    await createUser(t, 'frontdesk', [Role.FrontDesk]);
    await createUser(t, 'coordinator', [Role.Coordinator]);
    const counselor = await createUser(t, 'konselor', [Role.Counselor]);

    // The case, assigned, in initial counseling, with the victim's consent — through the API.
    const c = await registerCase(t, await apiLogin(t, 'frontdesk'), {
      victim: VICTIM,
      incident: { narrative: NARRATIVE },
    });
    caseUrl = `/cases/${c.id}`;
    caseNumber = c.number;
    const coordinator = await apiLogin(t, 'coordinator');
    const konselor = await apiLogin(t, 'konselor');
    await request(t.server)
      .post(`/api/cases/${c.id}/assignment`)
      .set(bearer(coordinator))
      .send({ counselorId: counselor.id, version: c.version })
      .expect(200);
    await request(t.server)
      .post(`/api/cases/${c.id}/transitions`)
      .set(bearer(konselor))
      .send({ transition: 'start_counseling', version: c.version + 1 })
      .expect(200);
    await request(t.server)
      .post(`/api/cases/${c.id}/consents`)
      .set(bearer(konselor))
      .send({
        givenBy: 'victim',
        givenOn: '2026-01-14',
        method: 'verbal',
        witnessName: 'Ratna (konselor pendamping)',
        serviceRoles: ['medico_legal', 'medical'],
        institutionIds: [],
        categories: ['identity', 'incident_narrative'],
      })
      .expect(201);

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

  /** Presses a control from the keyboard (focus, then Enter or Space), as a keyboard user would. */
  async function press(locator: Locator, key: 'Enter' | 'Space'): Promise<void> {
    await locator.focus();
    await page.keyboard.press(key);
  }

  /** Submits a partner form from the keyboard; the page comes back (no error) with the flash. */
  async function answer(button: Locator, flash: string): Promise<void> {
    const back = page.url();
    await Promise.all([page.waitForEvent('load'), press(button, 'Enter')]);
    expect(page.url()).toBe(back);
    await expect(page.getByText(flash).isVisible()).resolves.toBe(true);
  }

  it('the counselor refers the case to the police unit through the case page form', async () => {
    await logIn('konselor');
    await navLink('Kasus saya').click();
    await Promise.all([page.waitForURL(url(caseUrl)), page.getByRole('link', { name: caseNumber }).click()]);

    // "Rujuk ke anggota tim" cannot be done yet: the page says why and where a referral is made.
    const blocked = page.locator('.blocked-list > li', { hasText: 'Rujuk ke anggota tim' });
    await expect(blocked.textContent()).resolves.toContain(
      'Perlu rujukan yang telah diterima lembaga mitra.',
    );
    await expect(blocked.textContent()).resolves.toContain(
      'Rujukan dibuat di bagian Persetujuan dan rujukan; langkah ini tersedia setelah lembaga mitra menerimanya.',
    );
    await press(blocked.getByRole('link', { name: 'Ke bagian Rujukan' }), 'Enter');
    await page.waitForURL(url(`${caseUrl}/referrals`));

    // the section's form opens on demand
    await press(page.locator('#referral-form-toggle > summary'), 'Enter');
    const form = page.getByRole('form', { name: 'Buat rujukan' });
    await form.getByLabel('Peran layanan').selectOption({ label: 'Visum et repertum (medikolegal)' });
    const target = form.getByLabel('Lembaga tujuan');
    const police = await target.locator('option', { hasText: POLICE }).getAttribute('value');
    await target.selectOption(police!);
    await form.getByLabel('Tingkat kedaruratan').selectOption({ label: 'Segera' });
    await form
      .getByLabel('Alasan dan permintaan')
      .fill(personalText('Mohon permintaan visum et repertum atas memar di punggung korban', VICTIM));
    const shared = form.getByRole('group', { name: 'Data yang dibagikan' });
    for (const category of ['Identitas (nama, jenis kelamin, umur)', 'Kronologi kejadian']) {
      const box = shared.getByLabel(category, { exact: true });
      await press(box, 'Space');
      await expect(box.isChecked()).resolves.toBe(true);
    }
    // The page is already at …/referrals (the blocked step's link led there), so waiting for that URL
    // would not wait for the form: wait for the form's answer, then for the flash of the page it leads
    // to (the new page, with its flash, arrives after the POST's 303).
    await Promise.all([
      page.waitForResponse(
        (r) => r.request().method() === 'POST' && new URL(r.url()).pathname.includes('/referrals'),
      ),
      press(form.getByRole('button', { name: 'Kirim rujukan' }), 'Enter'),
    ]);
    await page.getByRole('status').filter({ hasText: 'Rujukan dibuat.' }).waitFor({ state: 'visible' });
    expect(new URL(page.url()).pathname).toBe(`${caseUrl}/referrals`);
    const item = page
      .getByRole('region', { name: 'Rujukan', exact: true })
      .getByRole('listitem')
      .filter({ hasText: POLICE });
    await expect(item.getByText('Menunggu jawaban').isVisible()).resolves.toBe(true);
    await logOut();
  });

  it('the police team member sees it in the inbox with only the disclosed categories, and answers it', async () => {
    await logIn('polisi');
    await Promise.all([page.waitForURL(url('/partner')), navLink('Kotak rujukan').click()]);
    await expect(page.locator('h1').textContent()).resolves.toBe('Kotak rujukan');
    const row = page.getByRole('row').filter({ hasText: caseNumber });
    await expect(row.getByText('Menunggu jawaban').isVisible()).resolves.toBe(true);
    await Promise.all([
      page.waitForURL(/\/partner\/referrals\/[0-9a-f-]{36}$/),
      row.getByRole('link', { name: caseNumber }).click(),
    ]);

    // Only identity and the incident narrative: never the address, the phone or the NIK.
    const disclosed = page.getByRole('region', { name: 'Data kasus yang dibagikan' });
    // (her name is in the identity and, kept, in the narrative that names her)
    await expect(disclosed.getByText(VICTIM.fullName, { exact: true }).isVisible()).resolves.toBe(true);
    await expect(
      disclosed
        .getByText(forPolice('Korban dipukul suaminya dengan gagang sapu hingga memar di punggung'))
        .isVisible(),
    ).resolves.toBe(true);
    await expect(disclosed.getByRole('heading', { name: 'Kontak (telepon, alamat)' }).count()).resolves.toBe(
      0,
    );
    const html = await page.content();
    for (const secret of [VICTIM.address, VICTIM.phone, VICTIM.nik]) expect(html).not.toContain(secret);
    expectNoVictimValues(html, VICTIM, 'partner page', ['name']);

    await answer(page.getByRole('button', { name: 'Terima rujukan' }), 'Rujukan diterima.');

    await answer(page.getByRole('button', { name: 'Mulai layanan' }), 'Layanan dimulai.');

    const action = page.getByRole('form', { name: 'Catat tindakan' });
    await action.getByLabel('Apa yang dilakukan').fill(ACTION);
    await answer(action.getByRole('button', { name: 'Simpan tindakan' }), 'Tindakan dicatat.');
    // its own action, as it may read her: her name (disclosed), not her NIK, street or phone
    await expect(
      page
        .getByRole('region', { name: 'Tindakan yang dicatat' })
        .getByText(forPolice(ACTION_MARK))
        .isVisible(),
    ).resolves.toBe(true);
    expectNoVictimValues(await page.content(), VICTIM, 'partner page with its action', ['name']);

    const complete = page.getByRole('form', { name: 'Selesaikan rujukan' });
    await complete.getByLabel('Hasil', { exact: true }).selectOption({ label: 'Layanan diberikan' });
    await complete.getByLabel('Catatan hasil').fill(OUTCOME_NOTES);
    await answer(complete.getByRole('button', { name: 'Selesaikan' }), 'Rujukan selesai.');
    // Completed: their access to the case data has ended; their own entries remain.
    await expect(page.getByText(/Akses Anda ke data kasus sudah berakhir/).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('region', { name: 'Data kasus yang dibagikan' }).count()).resolves.toBe(0);
    await expect(page.getByText(VICTIM.fullName).count()).resolves.toBe(0);
    expectNoVictimValues(await page.content(), VICTIM, 'partner page after completion');
    await logOut();
  });

  it('the counselor sees the referral completed with the partner outcome, also in the case history', async () => {
    await logIn('konselor');
    await page.goto(url(`${caseUrl}/referrals`));
    const item = page
      .getByRole('region', { name: 'Rujukan', exact: true })
      .getByRole('listitem')
      .filter({ hasText: POLICE })
      .first();
    await expect(item.getByText('Selesai', { exact: true }).isVisible()).resolves.toBe(true);
    await expect(item.getByText(OUTCOME_NOTES).isVisible()).resolves.toBe(true);
    await expect(item.getByText(/Layanan diberikan/).isVisible()).resolves.toBe(true);
    await expect(item.getByText(ACTION).isVisible()).resolves.toBe(true);

    await page.goto(url(`${caseUrl}/history`));
    const history = page.getByRole('table', { name: 'Riwayat kasus' });
    const completed = history
      .getByRole('row')
      .filter({ hasText: `selesai oleh ${POLICE}: Layanan diberikan` });
    await expect(completed.count()).resolves.toBe(1);
    await expect(completed.getByText('Aipda Wulan').isVisible()).resolves.toBe(true);
    await expect(
      history
        .getByRole('row')
        .filter({ hasText: `${POLICE} mencatat tindakan` })
        .count(),
    ).resolves.toBe(1);
  });

  it('loaded nothing from another host and broke no content-security rule', () => {
    expect(watch.foreignRequests).toEqual([]);
    expect(watch.cspViolations).toEqual([]);
    expect(watch.pageErrors).toEqual([]);
  });
});
