/**
 * Issue 14, items 7, 9, 10, 12, 13, 14 and 15 in Chromium (headless), with keyboard-accessible
 * selectors:
 *  - 10: the intake form marks what it requires ("Jenis kelamin"; the reporter's relationship unless
 *    the victim reports herself; the referring institution for a referral; a perpetrator's
 *    relationship once the row is used; a violence type) with required/aria-required, so the browser
 *    stops an incomplete form before the duplicate check;
 *  - 7: emoji and accented initials in the case list, whole;
 *  - 15: "Kasus saya" for the front desk (their registrations), not for a coordinator;
 *  - 14: the consent form groups institutions, the centre's region first, no Kupang office;
 *  - 13: withdrawing one service role of a consent through its confirmation page;
 *  - 12: the case page pages through a long history;
 *  - 9: after the closure the volunteer's page shows no name and no visit form.
 */
import { Page } from 'playwright-core';
import request from 'supertest';
import { Role } from '../src/platform/auth/permissions';
import { PugRegionsService } from '../src/pug/pug-regions.service';
import { SettingsService } from '../src/platform/settings/settings.service';
import {
  launchBrowser,
  PageWatch,
  RunningApp,
  signIn,
  signOut,
  startApp,
  TestBrowser,
  watchPage,
} from './support/browser';
import {
  bearer,
  expectNoVictimValues,
  personalText,
  PersonalValues,
  registerCase,
} from './support/case-fixtures';
import { apiLogin, createUser } from './support/test-app';

jest.setTimeout(240_000);

describe('rough edges of issue 14 in Chromium', () => {
  let app: RunningApp;
  let browser: TestBrowser;
  let page: Page;
  let watch: PageWatch;
  const tok: Record<string, string> = {};
  const ids: Record<string, string> = {};

  const url = (path: string) => `${app.baseUrl}${path}`;
  const api = (who: string) => ({
    get: (u: string) => request(app.t.server).get(u).set(bearer(tok[who])),
    post: (u: string, body: object = {}) => request(app.t.server).post(u).set(bearer(tok[who])).send(body),
    put: (u: string, body: object = {}) => request(app.t.server).put(u).set(bearer(tok[who])).send(body),
  });

  const logIn = (username: string) => signIn(page, app.baseUrl, username);
  const logOut = () => signOut(page);
  const nav = () => page.getByRole('navigation', { name: 'Navigasi utama' });
  /** The ids of the form controls the browser considers invalid now. */
  const invalid = () =>
    page.evaluate(() =>
      Array.from(
        (globalThis as any).document.querySelectorAll('input:invalid, select:invalid, textarea:invalid'),
      ).map((e: any) => e.id as string),
    );
  const attr = (selector: string, name: string) => page.locator(selector).getAttribute(name);

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser({ width: 1024, height: 800 })]);
    const t = app.t;
    for (const [name, roles] of [
      ['frontdesk', [Role.FrontDesk]],
      ['coordinator', [Role.Coordinator]],
      ['konselor', [Role.Counselor]],
      ['kader', [Role.CommunityVolunteer]],
      ['adm', [Role.Admin]],
    ] as const) {
      ids[name] = (await createUser(t, name, [...roles])).id;
      tok[name] = await apiLogin(t, name);
    }
    const mk = async (name: string, type: string, serviceRoles: string[]) =>
      (await api('adm').post('/api/institutions', { name, type, serviceRoles }).expect(201)).body
        .id as string;
    ids.smgDinsos = await mk('Dinas Sosial Kota Semarang', 'social_service', ['social_rehabilitation']);
    ids.police = await mk('Unit PPA Polrestabes', 'police_unit', ['law_enforcement']);
    ids.kpgDinsos = await mk('Dinas Sosial Kota Kupang', 'social_service', ['social_rehabilitation']);
    const regions = t.app.get(PugRegionsService);
    const smg = (await regions.create({ name: 'Kota Semarang', kind: 'city' })).id;
    const kpg = (await regions.create({ name: 'Kota Kupang', kind: 'city' })).id;
    await regions.setRoster(smg, 1, [{ institutionId: ids.smgDinsos, pugRole: 'other' }]);
    await regions.setRoster(kpg, 1, [{ institutionId: ids.kpgDinsos, pugRole: 'other' }]);
    const settings = t.app.get(SettingsService);
    await settings.updateCentre({ regionId: smg }, (await settings.centre()).version, ids.adm);
    ids.volunteer = (
      await api('coordinator')
        .post('/api/community/volunteers', { name: 'Bu Tini', groupName: 'Kader Tugu', userId: ids.kader })
        .expect(201)
    ).body.id;
    page = await browser.context.newPage();
    watch = watchPage(page, app.baseUrl);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });
  afterEach(() => {
    expect(watch.cspViolations).toEqual([]);
    expect(watch.pageErrors).toEqual([]);
    expect(watch.foreignRequests).toEqual([]);
  });

  it('10: the intake form marks what it requires, and stops before the duplicate check', async () => {
    await logIn('frontdesk');
    await page.goto(url('/cases/new'));
    // Jenis kelamin: always
    await expect(attr('#victimSex', 'required')).resolves.toBe('');
    await expect(attr('#victimSex', 'aria-required')).resolves.toBe('true');
    const victim = page.getByRole('group', { name: 'Korban', exact: true });
    await expect(victim.getByLabel('Jenis kelamin (wajib)').count()).resolves.toBe(1);
    // the reporter's relationship: unless the victim reports herself
    await expect(attr('#reporterRelationship', 'aria-required')).resolves.toBe('true');
    await page.getByLabel('Korban melapor sendiri').check();
    await expect(attr('#reporterRelationship', 'aria-required')).resolves.toBe('false');
    await expect(attr('#reporterRelationship', 'required')).resolves.toBeNull();
    await page.getByLabel('Korban melapor sendiri').uncheck();
    await expect(attr('#reporterRelationship', 'required')).resolves.toBe('');
    // the referring institution: for a referral only
    await expect(attr('#referringInstitutionId', 'required')).resolves.toBeNull();
    await page.getByLabel(/Cara pengaduan/).selectOption('institution_referral');
    await expect(attr('#referringInstitutionId', 'aria-required')).resolves.toBe('true');
    await page.getByLabel(/Cara pengaduan/).selectOption('walk_in');
    await expect(attr('#referringInstitutionId', 'required')).resolves.toBeNull();
    // a perpetrator's relationship: once the row is used
    const perpetrator1 = page.getByRole('group', { name: 'Pelaku 1' });
    await expect(attr('#perp1Relationship', 'required')).resolves.toBeNull();
    await perpetrator1.getByLabel('Umur').fill('40');
    await expect(attr('#perp1Relationship', 'aria-required')).resolves.toBe('true');

    // An incomplete form is not sent: the page stays, the browser names the fields.
    await page.getByLabel(/Nama lengkap korban/).fill('Dewi Lestari');
    await page.getByRole('button', { name: 'Periksa data ganda' }).click();
    await page.waitForTimeout(300);
    expect(page.url()).toBe(url('/cases/new'));
    const refused = await invalid();
    for (const id of [
      'victimSex',
      'reporterRelationship',
      'perp1Relationship',
      'incidentPlaceType',
      'violenceTypes-physical',
    ])
      expect(refused).toContain(id);

    // Completed, it goes to the duplicate check.
    await victim.getByLabel('Jenis kelamin').selectOption('female');
    await page.getByLabel('Korban melapor sendiri').check();
    await perpetrator1.getByLabel(/Hubungan dengan korban/).selectOption('spouse');
    await page.getByLabel(/Tempat kejadian/).selectOption('household');
    await page
      .getByRole('group', { name: /Jenis kekerasan/ })
      .getByLabel('Fisik')
      .check();
    await expect(invalid()).resolves.toEqual([]);
    await Promise.all([
      page.waitForURL(url('/cases/new/check')),
      page.getByRole('button', { name: 'Periksa data ganda' }).click(),
    ]);
    await logOut();
  });

  it('7 and 15: whole initials in the list; "Kasus saya" for the front desk, not for a coordinator', async () => {
    await registerCase(app.t, tok.frontdesk, { victim: { fullName: '😀Ani Wati', nik: '3374000000999001' } });
    await logIn('frontdesk');
    await expect(nav().getByRole('link', { name: 'Kasus saya' }).count()).resolves.toBe(1);
    await Promise.all([
      page.waitForURL(url('/cases/mine')),
      nav().getByRole('link', { name: 'Kasus saya' }).click(),
    ]);
    await expect(
      page.getByText('Kasus yang Anda daftarkan, juga setelah lewat tahap penerimaan.').isVisible(),
    ).resolves.toBe(true);
    const initials = await page.locator('table tbody tr td:nth-child(3)').allTextContents();
    expect(initials).toContain('😀.W.');
    await logOut();
    await logIn('coordinator');
    await expect(nav().getByRole('link', { name: 'Kasus saya' }).count()).resolves.toBe(0);
    await expect(nav().getByRole('link', { name: 'Daftar kasus' }).count()).resolves.toBe(1);
    await logOut();
  });

  let caseId: string;
  let consentId: string;
  /** The victim of that case: the reasons and the instructions name her (personalText). */
  let person: PersonalValues;

  it('14 and 13: the consent form offers Semarang first; one role is withdrawn through its confirmation page', async () => {
    const c = await registerCase(app.t, tok.frontdesk, { victim: { nik: '3374000000999002' } });
    caseId = c.id;
    person = c.person;
    await api('coordinator')
      .post(`/api/cases/${caseId}/assignment`, { counselorId: ids.konselor, version: 1 })
      .expect(200);
    await api('coordinator')
      .post(`/api/cases/${caseId}/transitions`, { transition: 'start_counseling', version: 2 })
      .expect(200);
    await logIn('konselor');
    await page.goto(url(`/cases/${caseId}/referrals#consent`));
    const groupHeadings = await page.locator('#consent .checks__group').allTextContents();
    expect(groupHeadings.slice(0, 2)).toEqual([
      'Kota Semarang',
      'Lembaga lain (di luar wilayah PUG mana pun)',
    ]);
    await expect(page.locator('#consent').getByText('Dinas Sosial Kota Kupang').count()).resolves.toBe(0);

    // A consent for two roles and the police (API), a referral to the police
    consentId = (
      await api('konselor')
        .post(`/api/cases/${caseId}/consents`, {
          givenBy: 'victim',
          givenOn: '2026-01-14',
          method: 'verbal',
          witnessName: 'Saksi',
          serviceRoles: ['law_enforcement', 'community_monitoring'],
          institutionIds: [ids.smgDinsos],
          categories: ['identity', 'contact'],
        })
        .expect(201)
    ).body.id;
    await api('konselor')
      .post(`/api/cases/${caseId}/referrals`, {
        serviceRole: 'law_enforcement',
        targetInstitutionId: ids.police,
        urgency: 'routine',
        reason: personalText('Pendampingan pelaporan', person),
        categories: ['identity'],
      })
      .expect(201);
    await page.goto(url(`/cases/${caseId}/referrals`)); // (the same URL with a fragment would not reload)
    await Promise.all([
      page.waitForURL(url(`/consents/${consentId}/withdraw-part`)),
      page.getByRole('link', { name: 'Cabut sebagian…' }).click(),
    ]);
    await Promise.all([
      page.waitForURL(/withdraw-part\?serviceRole=law_enforcement/),
      page.getByRole('link', { name: 'Peran layanan: Penegakan hukum' }).click(),
    ]);
    await expect(
      page.getByRole('heading', { name: 'Cabut persetujuan untuk Penegakan hukum?' }).isVisible(),
    ).resolves.toBe(true);
    await expect(page.locator('.ending-referrals').textContent()).resolves.toContain('Unit PPA Polrestabes');
    await page.getByLabel('Alasan').fill(personalText('Korban belum siap melapor', person));
    await Promise.all([
      page.waitForURL(url(`/cases/${caseId}/referrals#consent`)),
      page.getByRole('button', { name: 'Ya, cabut untuk Penegakan hukum' }).click(),
    ]);
    await expect(page.getByText('Persetujuan dicabut untuk bagian itu').isVisible()).resolves.toBe(true);
    await expect(page.locator('#consent .withdrawn-parts').textContent()).resolves.toContain(
      'Penegakan hukum',
    );
    await logOut();
  });

  it('12: the case page pages through a long history', async () => {
    let version = (await api('coordinator').get(`/api/cases/${caseId}`).expect(200)).body.version;
    for (let i = 0; i < 22; i++) {
      const res = await api('coordinator')
        .post(`/api/cases/${caseId}/assignment`, { counselorId: ids.konselor, version })
        .expect(200);
      version = res.body.version;
    }
    await logIn('coordinator');
    await page.goto(url(`/cases/${caseId}/history`));
    const history = page.getByRole('table', { name: 'Riwayat kasus' });
    const total = (await api('coordinator').get(`/api/cases/${caseId}`).expect(200)).body.eventCount;
    expect(total).toBeGreaterThan(25);
    const firstSeq = Number(await history.locator('tbody tr td').first().textContent());
    expect(firstSeq).toBe(26);
    await Promise.all([
      page.waitForURL(url(`/cases/${caseId}/history?historyPage=1#history`)),
      page.locator('#history').getByRole('link', { name: '← Sebelumnya' }).click(),
    ]);
    await expect(history.locator('tbody tr').count()).resolves.toBe(25);
    await expect(history.locator('tbody tr td').first().textContent()).resolves.toBe('1');
    await logOut();
  });

  it('9: after the closure the volunteer sees no name and cannot record a visit', async () => {
    const assignment = (
      await api('coordinator')
        .post(`/api/cases/${caseId}/monitoring`, {
          volunteerId: ids.volunteer,
          instructions: personalText('Kunjungi tiap Senin', person),
        })
        .expect(201)
    ).body;
    await logIn('kader');
    await page.goto(url(`/community/monitoring/${assignment.id}`));
    await expect(page.getByText('Kunjungi tiap Senin').isVisible()).resolves.toBe(true);
    await logOut();
    // the open referral to the police ended with the withdrawn role: the case can be closed
    const version = (await api('coordinator').get(`/api/cases/${caseId}`).expect(200)).body.version;
    await api('coordinator')
      .post(`/api/cases/${caseId}/transitions`, { transition: 'close', version, closureReason: 'resolved' })
      .expect(200);
    await logIn('kader');
    await page.goto(url(`/community/monitoring/${assignment.id}`));
    await expect(page.getByText('Kunjungi tiap Senin').count()).resolves.toBe(0);
    expectNoVictimValues(await page.content(), person, 'volunteer page after the closure');
    await expect(page.getByRole('button', { name: /kunjungan/i }).count()).resolves.toBe(0);
    await expect(page.locator('main .badge').first().textContent()).resolves.toBe('Berakhir');
    await expect(
      page.getByText('Tugas ini sudah berakhir: data korban tidak ditampilkan lagi.').isVisible(),
    ).resolves.toBe(true);
    await logOut();
  });
});
