import * as path from 'node:path';
import request from 'supertest';
import { Role } from '../src/platform/auth/permissions';
import { VIEWS_DIR } from '../src/platform/common/paths';
import { AuthContext } from '../src/platform/common/request-context';
import { createHandlebars, registerPartials } from '../src/web/handlebars';
import { Translator } from '../src/platform/i18n/translator';
import { ConsentService } from '../src/steps/referral/consent.service';
import { ReferralPresenter } from '../src/steps/referral/pages/referral.presenter';
import { SessionService } from '../src/platform/auth/session.service';
import { UsersService } from '../src/users/users.service';
import { bearer, registerCase } from './support/case-fixtures';
import {
  apiLogin,
  createTestApp,
  createUser,
  csrfOf,
  pageLogin,
  TEST_PASSWORD,
  TestApp,
} from './support/test-app';

type Agent = ReturnType<typeof request.agent>;
const PDF = Buffer.from('%PDF-1.4\nformulir persetujuan\n%%EOF\n');
const NAME = 'Wulan Sekar Arum';
const NIK = '3374015502960004';
const ADDRESS = 'Jl. Anggrek Ungu 12';

const decoded = (html: string) =>
  html
    .replace(/&#x3D;/g, '=')
    .replace(/&amp;/g, '&')
    .replace(/&#x27;/g, "'");

describe('referrals: pages in Bahasa Indonesia and English (e2e)', () => {
  let t: TestApp;
  const tok: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const pages: Record<string, Agent> = {};
  let caseId: string;
  let hospital: string;

  const api = (who: string) => ({
    get: (url: string) => request(t.server).get(url).set(bearer(tok[who])),
    post: (url: string, body: unknown = {}) =>
      request(t.server)
        .post(url)
        .set(bearer(tok[who]))
        .send(body as object),
  });

  /** Posts a page form with its CSRF token taken from `from`. */
  async function postForm(who: string, from: string, url: string, fields: [string, string][], status = 303) {
    const csrf = await csrfOf(pages[who], from);
    const res = await pages[who]
      .post(url)
      .type('form')
      .send(new URLSearchParams([['_csrf', csrf], ...fields]).toString());
    expect({ url, status: res.status }).toEqual({ url, status });
    return res;
  }

  beforeAll(async () => {
    t = await createTestApp();
    await createUser(t, 'adm', [Role.Admin]);
    tok.admin = await apiLogin(t, 'adm');
    hospital = (
      await api('admin')
        .post('/api/institutions', { name: 'RSUD Kota', type: 'hospital', serviceRoles: ['medical'] })
        .expect(201)
    ).body.id;
    ids.c1 = (await createUser(t, 'c1', [Role.Counselor])).id;
    await createUser(t, 'coord', [Role.Coordinator]);
    await createUser(t, 'fd', [Role.FrontDesk]);
    ids.kader = (await createUser(t, 'kader', [Role.CommunityVolunteer])).id;
    const users = t.app.get(UsersService);
    for (const u of ['rs1', 'rs2']) {
      await users.create(
        {
          username: u,
          displayName: `Dokter ${u}`,
          roles: [Role.TeamMember],
          institutionId: hospital,
          serviceRoles: u === 'rs1' ? ['medical'] : [],
        },
        { password: TEST_PASSWORD, mustChangePassword: false },
      );
    }
    for (const u of ['c1', 'coord', 'fd', 'rs1', 'rs2', 'kader']) tok[u] = await apiLogin(t, u);
    for (const u of ['adm', 'c1', 'coord', 'rs1', 'rs2', 'kader']) pages[u] = await pageLogin(t, u);
    const c = await registerCase(t, tok.fd, { victim: { fullName: NAME, nik: NIK, address: ADDRESS } });
    caseId = c.id;
    await api('coord')
      .post(`/api/cases/${caseId}/assignment`, { counselorId: ids.c1, version: 1 })
      .expect(200);
    await api('c1')
      .post(`/api/cases/${caseId}/transitions`, { transition: 'start_counseling', version: 2 })
      .expect(200);
  });
  afterAll(() => t.close());

  it('the admin institution and user forms carry contacts, service roles, the active period and handled roles', async () => {
    const form = await pages.adm.get('/admin/institutions/new').expect(200);
    expect(form.text).toContain('name="serviceRoles" value="medico_legal"');
    expect(form.text).toContain('name="activeUntil"');
    const res = await postForm('adm', '/admin/institutions/new', '/admin/institutions', [
      ['name', 'LBH APIK'],
      ['type', 'legal_aid'],
      ['isActive', 'on'],
      ['phone', '024-555111'],
      ['serviceRoles', 'legal_aid'],
      ['serviceRoles', 'law_enforcement'],
      ['activeFrom', '2025-01-01'],
      ['activeUntil', ''],
    ]);
    const page = await pages.adm.get(res.headers.location).expect(200);
    expect(page.text).toMatch(/name="serviceRoles" value="legal_aid" checked/);
    expect(page.text).toContain('value="024-555111"');
    const bad = await postForm(
      'adm',
      '/admin/institutions/new',
      '/admin/institutions',
      [
        ['name', 'Salah Periode'],
        ['type', 'ngo'],
        ['activeFrom', '2026-05-01'],
        ['activeUntil', '2026-01-01'],
      ],
      422,
    );
    expect(bad.text).toContain('form-error');
    const userPage = await pages.adm
      .get(`/admin/users/${(await api('admin').get('/api/users?q=rs1').expect(200)).body.items[0].id}`)
      .expect(200);
    expect(userPage.text).toMatch(/name="serviceRoles" value="medical" checked/);
  });

  it('records consent with its scan and a referral through the case-page forms, back to the case page', async () => {
    const missing = await postForm('c1', '/referrals', `/cases/${caseId}/consents`, [
      ['givenBy', 'victim'],
      ['givenOn', '2026-01-14'],
      ['method', 'signed_form'],
      ['serviceRoles', 'medical'],
      ['serviceRoles', 'community_monitoring'],
      ['categories', 'identity'],
    ]);
    expect(missing.headers.location).toBe(`/cases/${caseId}/referrals?error=CONSENT_SCAN_REQUIRED#consent`);
    const csrf = await csrfOf(pages.c1, '/referrals');
    const ok = await pages.c1
      .post(`/cases/${caseId}/consents`)
      .field('_csrf', csrf)
      .field('givenBy', 'victim')
      .field('givenOn', '2026-01-14')
      .field('method', 'signed_form')
      .field('serviceRoles', 'medical')
      .field('serviceRoles', 'community_monitoring')
      .field('categories', 'identity')
      .field('categories', 'contact')
      .attach('file', PDF, 'persetujuan.pdf')
      .expect(303);
    expect(ok.headers.location).toBe(`/cases/${caseId}/referrals#consent`);
    const consents = (await api('c1').get(`/api/cases/${caseId}/consents`).expect(200)).body.consents;
    expect(consents[0]).toEqual(
      expect.objectContaining({
        method: 'signed_form',
        hasScan: true,
        effective: true,
        categories: ['identity', 'contact'],
      }),
    );
    const badFile = await pages.c1
      .post(`/consents/${consents[0].id}/scan`)
      .field('_csrf', await csrfOf(pages.c1, '/referrals'))
      .attach('file', Buffer.from('not a pdf'), 'x.pdf')
      .expect(303);
    expect(badFile.headers.location).toBe(`/cases/${caseId}/referrals?error=FILE_TYPE_NOT_ALLOWED#consent`);
    const scan = await pages.c1.get(`/consents/${consents[0].id}/scan`).expect(200);
    expect(scan.headers['content-type']).toBe('application/pdf');
    const referred = await postForm('c1', '/referrals', `/cases/${caseId}/referrals`, [
      ['serviceRole', 'medical'],
      ['targetInstitutionId', hospital],
      ['urgency', 'urgent'],
      ['reason', 'Pemeriksaan luka'],
      ['categories', 'identity'],
      ['dueDate', ''],
      ['consentId', ''],
    ]);
    expect(referred.headers.location).toBe(`/cases/${caseId}/referrals#referrals`);
    const refused = await postForm('c1', '/referrals', `/cases/${caseId}/referrals`, [
      ['serviceRole', 'medical'],
      ['urgency', 'urgent'],
      ['reason', 'Data berlebihan'],
      ['categories', 'counseling_notes'],
    ]);
    expect(refused.headers.location).toBe(
      `/cases/${caseId}/referrals?error=CONSENT_CATEGORIES_NOT_COVERED#referrals`,
    );
    const list = await pages.c1.get('/referrals').expect(200);
    expect(list.text).toContain('RSUD Kota');
    expect(list.text).toContain('Menunggu jawaban');
    expect((await pages.c1.get('/referrals?status=nope')).status).toBe(400);
  });

  it('renders the case page partials from forCase() — and gives null to those who may not see them', async () => {
    const auth = async (username: string): Promise<AuthContext> => {
      const token = tok[username];
      const resolved = await t.app.get(SessionService).resolve(token);
      if (resolved === 'none' || resolved === 'expired') throw new Error('no session');
      return resolved.auth;
    };
    const hbs = createHandlebars(t.app.get(Translator));
    registerPartials(hbs, path.join(VIEWS_DIR, 'partials'));
    const render = (name: string, data: Record<string, unknown>) =>
      hbs.compile(`{{> ${name}}}`)({ ...data, csrfToken: 'tok', i18nLang: data.lang ?? 'id' });
    const counselor = await auth('c1');
    const referrals = await t.app.get(ReferralPresenter).forCase(counselor, caseId);
    const consent = await t.app.get(ConsentService).forCase(counselor, caseId);
    const id = render('case-referrals', { referrals });
    expect(id).toContain('id="referrals"');
    expect(id).toContain('Layanan medis · RSUD Kota');
    expect(id).toContain(`action="/cases/${caseId}/referrals"`);
    const en = render('case-referrals', { referrals, lang: 'en' });
    expect(en).toContain('Medical care · RSUD Kota');
    const k = render('case-consent', { consent });
    expect(k).toContain('id="consent"');
    expect(k).toContain('enctype="multipart/form-data"');
    expect(k).toContain('Unduh pindaian formulir');
    for (const who of ['fd', 'rs1', 'kader']) {
      expect(await t.app.get(ReferralPresenter).forCase(await auth(who), caseId)).toBeNull();
      expect(await t.app.get(ConsentService).forCase(await auth(who), caseId)).toBeNull();
    }
  });

  it('the partner inbox and referral pages: counts, the disclosed data only, answers and reports by forms', async () => {
    const inbox = await pages.rs1.get('/partner').expect(200);
    expect(inbox.text).toMatch(/<strong>1<\/strong> menunggu jawaban/);
    expect(inbox.text).toMatch(/class="badge badge--count">\d+/); // unread notifications in the navigation
    const referralId = (await api('rs1').get('/api/partner/referrals').expect(200)).body.items[0].id;
    const page = await pages.rs1.get(`/partner/referrals/${referralId}`).expect(200);
    expect(page.text).toContain(NAME);
    expect(page.text).not.toContain(NIK);
    expect(page.text).not.toContain(ADDRESS);
    await pages.rs2.get(`/partner/referrals/${referralId}`).expect(404);
    const url = `/partner/referrals/${referralId}`;
    expect((await postForm('rs1', url, `${url}/accept`, [['version', '1']])).headers.location).toBe(url);
    expect((await postForm('rs1', url, `${url}/start`, [['version', '1']])).headers.location).toBe(
      `${url}?error=VERSION_CONFLICT`,
    );
    await postForm('rs1', url, `${url}/start`, [['version', '2']]);
    await postForm('rs1', url, `${url}/actions`, [
      ['actedOn', '2026-01-15'],
      ['description', 'Luka dibersihkan dan dijahit'],
    ]);
    await pages.rs1
      .post(`${url}/documents`)
      .field('_csrf', await csrfOf(pages.rs1, url))
      .attach('file', PDF, 'visum.pdf')
      .expect(303);
    const working = await pages.rs1.get(url).expect(200);
    expect(working.text).toContain('Luka dibersihkan dan dijahit');
    expect(working.text).toMatch(/href="\/partner\/referrals\/[^"]+\/documents\/[^"]+" download/);
    await postForm('rs1', url, `${url}/complete`, [
      ['version', '3'],
      ['outcome', 'service_provided'],
      ['notes', ''],
    ]);
    const done = await pages.rs1.get(url).expect(200);
    expect(done.text).not.toContain(NAME);
    expect(done.text).toContain('Akses Anda ke data kasus sudah berakhir');
    // English
    const en = await pages.rs1.get(url).set('Cookie', 'lang=en');
    expect(en.status).toBe(200);
  });

  it('notifications page: lists, opens (marking read) and clears', async () => {
    const list = await pages.c1.get('/notifications').expect(200);
    expect(list.text).toContain('diterima lembaga mitra');
    const id = /action="\/notifications\/([0-9a-f-]{36})\/read"/.exec(list.text)![1];
    const open = await postForm('c1', '/notifications', `/notifications/${id}/read`, []);
    expect(open.headers.location).toBe(`/cases/${caseId}/referrals#referrals`);
    await postForm('c1', '/notifications', '/notifications/read-all', []);
    const after = await pages.c1.get('/notifications?unread=true').expect(200);
    expect(after.text).toContain('Tidak ada notifikasi.');
    expect(after.text).not.toMatch(/badge--count/);
  });

  it('referral settings page (coordinator)', async () => {
    const page = await pages.coord.get('/referrals/settings').expect(200);
    expect(page.text).toContain('name="approvalRequired"');
    await postForm('coord', '/referrals/settings', '/referrals/settings', [
      ['approvalRequired', 'on'],
      ['version', '0'],
    ]);
    expect((await api('coord').get('/api/referral-settings').expect(200)).body.approvalRequired).toBe(true);
    const stale = await postForm('coord', '/referrals/settings', '/referrals/settings', [['version', '0']]);
    expect(stale.headers.location).toBe('/referrals/settings?error=VERSION_CONFLICT');
    await postForm('coord', '/referrals/settings', '/referrals/settings', [['version', '1']]);
    await pages.c1.get('/referrals/settings').expect(403);
  });

  it('partnerships and the recovery plan pages', async () => {
    const created = await postForm('coord', '/partnerships/new', '/partnerships', [
      ['institutionId', hospital],
      ['number', '463/9/PKS/2025'],
      ['title', 'Pelatihan kerja bagi penyintas'],
      ['signedOn', '2025-03-01'],
      ['validFrom', '2025-03-01'],
      ['validUntil', ''],
      ['services', 'vocational_training'],
      ['status', 'active'],
      ['notes', ''],
    ]);
    expect(created.headers.location).toMatch(/^\/partnerships\/[0-9a-f-]{36}$/);
    const list = await pages.c1.get('/partnerships').expect(200);
    expect(list.text).toContain('463/9/PKS/2025');
    expect(list.text).not.toContain('/partnerships/new');
    const recovery = await pages.c1.get(`/cases/${caseId}/recovery-plan`).expect(200);
    expect(recovery.text).toContain('belum memiliki rencana pemulihan');
    await postForm('c1', `/cases/${caseId}/recovery-plan`, `/cases/${caseId}/recovery-plan`, [
      ['goals', 'Mandiri secara ekonomi\nKembali bekerja'],
    ]);
    const withPlan = await pages.c1.get(`/cases/${caseId}/recovery-plan`).expect(200);
    expect(withPlan.text).toContain('Kembali bekerja');
    expect(withPlan.text).toContain('463/9/PKS/2025');
    await pages.rs1.get(`/cases/${caseId}/recovery-plan`).expect(403);
  });

  it('community pages: volunteers, a case monitoring assignment and the volunteer’s own page', async () => {
    await postForm('coord', '/community/volunteers/new', '/community/volunteers', [
      ['name', 'Bu Tini'],
      ['groupName', 'PKK RW 03'],
      ['district', 'Tugu'],
      ['phone', ''],
      ['userId', ids.kader],
    ]);
    const volunteers = await pages.coord.get('/community/volunteers').expect(200);
    expect(volunteers.text).toContain('PKK RW 03');
    const volunteerId = (await api('coord').get('/api/community/volunteers').expect(200)).body.items[0].id;
    const monitoring = await pages.coord.get(`/cases/${caseId}/monitoring`).expect(200);
    expect(monitoring.text).toContain('name="volunteerId"');
    await postForm('coord', `/cases/${caseId}/monitoring`, `/cases/${caseId}/monitoring`, [
      ['volunteerId', volunteerId],
      ['instructions', 'Kunjungi setiap Senin'],
      ['startedOn', ''],
    ]);
    const mine = await pages.kader.get('/community/monitoring').expect(200);
    const assignmentId = /href="\/community\/monitoring\/([0-9a-f-]{36})"/.exec(mine.text)![1];
    const detail = await pages.kader.get(`/community/monitoring/${assignmentId}`).expect(200);
    expect(detail.text).toContain(NAME);
    expect(detail.text).toContain(ADDRESS);
    expect(detail.text).toContain('Kunjungi setiap Senin');
    expect(detail.text).not.toContain(NIK);
    expect(detail.text).not.toContain('dipukul');
    const visit = await postForm(
      'kader',
      `/community/monitoring/${assignmentId}`,
      `/community/monitoring/${assignmentId}/visits`,
      [
        ['visitedOn', '2026-01-15'],
        ['situation', 'safe'],
        ['notes', 'Baik-baik saja'],
        ['concerns', ''],
      ],
    );
    expect(visit.headers.location).toBe(`/community/monitoring/${assignmentId}`);
    const staff = await pages.coord.get(`/cases/${caseId}/monitoring`).expect(200);
    expect(staff.text).toContain('Baik-baik saja');
    await pages.kader.get(`/cases/${caseId}/monitoring`).expect(403);
    await pages.rs1.get('/community/monitoring').expect(403);
    // The end form names its case: with another case's id it ends nothing (404; it once ended the
    // assignment and then answered 404), with its own it ends it.
    const [assignment] = (await api('coord').get(`/api/cases/${caseId}/monitoring`).expect(200)).body.items;
    const refused = await pages.coord
      .post(`/monitoring-assignments/${assignment.id}/end`)
      .type('form')
      .send({
        _csrf: await csrfOf(pages.coord, `/cases/${caseId}/monitoring`),
        version: String(assignment.version),
        caseId: '00000000-0000-4000-8000-000000000000',
      });
    expect(refused.status).toBe(404);
    expect((await api('coord').get(`/api/cases/${caseId}/monitoring`).expect(200)).body.items[0].status).toBe(
      'active',
    );
    await postForm('coord', `/cases/${caseId}/monitoring`, `/monitoring-assignments/${assignment.id}/end`, [
      ['version', String(assignment.version)],
      ['caseId', caseId],
    ]);
    expect((await api('coord').get(`/api/cases/${caseId}/monitoring`).expect(200)).body.items[0].status).toBe(
      'ended',
    );
  });

  it('every page of these modules renders in English too, without a missing text', async () => {
    const en = (agent: Agent, url: string) => agent.get(url).set('Cookie', 'lang=en');
    for (const [who, url] of [
      ['c1', '/referrals'],
      ['c1', '/notifications'],
      ['c1', '/partnerships'],
      ['c1', `/cases/${caseId}/recovery-plan`],
      ['coord', '/referrals/settings'],
      ['coord', '/community/volunteers'],
      ['coord', '/community/volunteers/new'],
      ['coord', '/partnerships/new'],
      ['coord', `/cases/${caseId}/monitoring`],
      ['rs1', '/partner'],
      ['kader', '/community/monitoring'],
    ] as const) {
      const res = await en(pages[who], url);
      expect({ url, status: res.status }).toEqual({ url, status: 200 });
      expect({
        url,
        leaked: /\b(referrals|partner|partnerships|community)\.[a-z]+\.[a-zA-Z.]+/.test(
          decoded(res.text).replace(/<[^>]+>/g, ' '),
        ),
      }).toEqual({ url, leaked: false });
    }
  });
});
