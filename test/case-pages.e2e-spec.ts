/**
 * The case pages through HTTP, as a browser without JavaScript uses them (CSRF tokens from the
 * pages): intake with the duplicate check, the case list with filters and pagination, the case page
 * with its sections and workflow actions, the assignment form, access by role, and English.
 */
import request from 'supertest';
import { permissionsFor, Role } from '../src/platform/auth/permissions';
import { Case } from '../src/case/case.entity';
import { CasesService } from '../src/case/cases.service';
import { CreateCaseDto } from '../src/case/dto/case.dto';
import { IntakeService } from '../src/case/intake.service';
import { CaseWorkflowService } from '../src/case/workflow/case-workflow.service';
import { AuthContext } from '../src/platform/common/request-context';
import { InstitutionsService } from '../src/institutions/institutions.service';
import { User } from '../src/users/user.entity';
import { expectNoVictimValues, personalText } from './support/case-fixtures';
import {
  caseSection,
  createTestApp,
  createUser,
  csrfFrom,
  csrfOf,
  pageLogin,
  TestApp,
  wholeCasePage,
} from './support/test-app';

type Agent = ReturnType<typeof request.agent>;
type Form = Record<string, string | string[] | undefined>;

/** An HTML form body: repeated fields for lists, as browsers send them. */
function formBody(form: Form): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(form)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
  }
  return params.toString();
}

function actorOf(user: User): AuthContext {
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    roles: user.roles,
    permissions: permissionsFor(user.roles),
    institutionId: null,
    sessionId: 'test',
    mustChangePassword: false,
    language: 'id',
  };
}

/** A complete, valid intake form (the fields a browser would send). */
function intakeForm(overrides: Form = {}): Form {
  return {
    channel: 'walk_in',
    receivedAt: '2026-01-14',
    referringInstitutionId: '',
    victimFullName: 'Siti Aminah Putri',
    victimNik: '3374010101900001',
    victimSex: 'female',
    victimBirthDate: '1990-01-01',
    victimEstimatedAge: '',
    victimAddress: 'Jl. Melati 7, Tembalang',
    victimDistrict: 'Tembalang',
    victimPhone: '081234567890',
    victimEducation: 'senior_secondary',
    victimOccupation: 'housewife',
    victimMaritalStatus: 'married',
    victimDisabilities: [],
    victimNationality: 'IDN',
    selfReported: 'on',
    reporterRelationship: '',
    reporterName: '',
    reporterPhone: '',
    reporterAddress: '',
    perp1Relationship: 'spouse',
    perp1Sex: 'male',
    perp1Age: '38',
    perp1Name: 'Budi Santoso',
    perp2Relationship: '',
    perp2Sex: '',
    perp2Age: '',
    perp2Name: '',
    perp3Relationship: '',
    perp3Sex: '',
    perp3Age: '',
    perp3Name: '',
    incidentDate: '2026-01-10',
    incidentDateEnd: '',
    incidentTime: '21:30',
    incidentPlaceType: 'household',
    incidentLocation: 'Rumah korban',
    violenceTypes: ['physical', 'psychological'],
    gbvApplies: ['physical_assault', 'psychological_abuse'],
    // As real narratives are written: the victim's name, NIK, street and phone in the account.
    narrative:
      'Korban dipukul suaminya setelah bertengkar soal uang belanja. Siti Aminah Putri (NIK 3374010101900001) tinggal di Jl. Melati 7, telepon 081234567890.',
    ...overrides,
  };
}

/** The victim of `intakeForm`, as free text about her holds her. */
const FORM_VICTIM = {
  fullName: 'Siti Aminah Putri',
  nik: '3374010101900001',
  address: 'Jl. Melati 7, Tembalang',
  phone: '081234567890',
};

const hiddenValue = (html: string, name: string): string =>
  new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';
const tableRows = (html: string): number =>
  (/<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1].match(/<tr>/g) ?? []).length;
const ENTITIES: Record<string, string> = {
  '&#x27;': "'",
  '&quot;': '"',
  '&#x3D;': '=',
  '&gt;': '>',
  '&lt;': '<',
  '&#x60;': '`',
};
const decode = (html: string): string =>
  html.replace(/&#x27;|&quot;|&#x3D;|&gt;|&lt;|&#x60;/g, (m) => ENTITIES[m]).replace(/&amp;/g, '&');

describe('case pages (e2e)', () => {
  let t: TestApp;
  let users: Record<string, User>;
  const agents: Record<string, Agent> = {};

  beforeAll(async () => {
    t = await createTestApp();
    users = {
      frontdesk: await createUser(t, 'frontdesk', [Role.FrontDesk]),
      frontdesk2: await createUser(t, 'frontdesk2', [Role.FrontDesk]),
      counselor: await createUser(t, 'counselor', [Role.Counselor]),
      counselor2: await createUser(t, 'counselor2', [Role.Counselor]),
      coordinator: await createUser(t, 'coordinator', [Role.Coordinator]),
      admin: await createUser(t, 'sysadmin', [Role.Admin]),
      pug: await createUser(t, 'pug', [Role.PugSecretariat]),
    };
    for (const [name, user] of Object.entries(users)) agents[name] = await pageLogin(t, user.username);
  });
  afterAll(() => t.close());

  /** Posts a page form with a CSRF token taken from the intake page; expects `status`. */
  async function post(agent: Agent, url: string, form: Form, status: number) {
    const csrf = await csrfOf(agent, '/cases/new');
    return agent
      .post(url)
      .type('form')
      .send(formBody({ ...form, _csrf: csrf }))
      .expect(status);
  }

  /** Intake through the page: check, then save with the given choice. */
  async function registerThroughPage(agent: Agent, form: Form, choice = 'new'): Promise<string> {
    const checked = await post(agent, '/cases/new/check', form, 200);
    const res = await agent
      .post('/cases')
      .type('form')
      .send(
        formBody({
          ...form,
          victimChoice: choice,
          checkedKey: hiddenValue(checked.text, 'checkedKey'),
          _csrf: csrfFrom(checked.text),
        }),
      );
    expect(res.status).toBe(303);
    const match = /^\/cases\/([0-9a-f-]{36})$/.exec(res.headers.location);
    expect(match).not.toBeNull();
    return match![1];
  }

  describe('intake', () => {
    let firstCaseId: string;

    it('shows the sectioned intake form with a section nav, lists and a duplicate-check submit', async () => {
      const res = await agents.frontdesk.get('/cases/new').expect(200);
      for (const id of [
        'sec-complaint',
        'sec-victim',
        'sec-reporter',
        'sec-perpetrators',
        'sec-incident',
        'sec-save',
      ]) {
        expect(res.text).toContain(`id="${id}"`);
        expect(res.text).toContain(`href="#${id}"`);
      }
      expect(res.text).toContain('action="/cases/new/check"');
      expect(res.text).toContain('<option value="Tembalang"');
      expect(res.text).toContain('name="perp3Relationship"');
      expect(res.text).toContain('value="2026-01-15"'); // received today by default
      expect(res.text).toContain('Perkosaan'); // GBVIMS questions in decision order
      expect(res.text.indexOf('gbvApplies-rape')).toBeLessThan(
        res.text.indexOf('gbvApplies-psychological_abuse'),
      );
    });

    it('registers a case end to end: check → save → case page with number and initials', async () => {
      const agent = agents.frontdesk;
      const checked = await post(agent, '/cases/new/check', intakeForm(), 200);
      expect(checked.text).toContain('Tidak ditemukan data korban yang sama');
      expect(checked.text).toContain('action="/cases"');
      // What was typed is kept.
      expect(decode(checked.text)).toContain('value="Siti Aminah Putri"');
      expect(decode(checked.text)).toContain('Korban dipukul suaminya');
      firstCaseId = await registerThroughPage(agent, intakeForm());
      const page = await agent.get(`/cases/${firstCaseId}`).expect(200);
      expect(page.text).toContain('PPT/2026/000001');
      expect(page.text).toContain('S.A.P.');
      expect(page.text).toContain('Pengaduan tersimpan dan kasus terdaftar.');
      expect(page.text).toContain('Penerimaan pengaduan'); // stage
      expect(await caseSection(agent, firstCaseId, 'people')).toContain('Budi Santoso');
      const incident = await caseSection(agent, firstCaseId, 'incident');
      expect(incident).toContain('Korban dipukul suaminya');
      expect(incident).toContain('Serangan fisik'); // GBVIMS core type: physical assault comes first
      const c = await t.dataSource.getRepository(Case).findOneByOrFail({ id: firstCaseId });
      expect(c).toMatchObject({
        stage: 'intake',
        registeredById: users.frontdesk.id,
        gbvCoreType: 'physical_assault',
        isChild: false,
      });
    });

    it('the duplicate check shows only case number, initials and intake date; attaching makes a second case of the same victim', async () => {
      const agent = agents.frontdesk2;
      const second = intakeForm({
        victimFullName: 'Siti A. Putri',
        victimAddress: 'Jl. Kenanga 3',
        victimPhone: '089999999999',
        receivedAt: '2026-01-15',
        perp1Name: 'Pelaku lain',
        narrative: 'Pengaduan kedua: Siti A. Putri, tinggal di Jl. Kenanga 3, telepon 089999999999.',
      });
      const checked = await post(agent, '/cases/new/check', second, 200);
      const html = decode(checked.text);
      const matches = /<fieldset id="sec-duplicates"[\s\S]*?<\/fieldset>/.exec(html)![0];
      expect(matches).toContain('PPT/2026/000001');
      expect(matches).toContain('S.A.P.');
      expect(matches).toContain('datetime="2026-01-14"');
      expect(matches).toContain('NIK sama');
      // Nothing else of the earlier record: not its name, address, phone or narrative.
      for (const secret of [
        'Siti Aminah Putri',
        'Jl. Melati 7',
        '081234567890',
        'Korban dipukul',
        'Budi Santoso',
      ]) {
        expect(html).not.toContain(secret);
      }
      // The choice is a single-use token of this session, never the victim's id.
      const token = /name="victimChoice" value="([A-Za-z0-9_-]{32})"/.exec(html)![1];
      const earlier = await t.dataSource.getRepository(Case).findOneByOrFail({ number: 'PPT/2026/000001' });
      expect(html).not.toContain(earlier.victimId);

      // Saving without deciding re-renders with the question and what was typed (422).
      const undecided = await agent
        .post('/cases')
        .type('form')
        .send(
          formBody({
            ...second,
            checkedKey: hiddenValue(checked.text, 'checkedKey'),
            _csrf: csrfFrom(checked.text),
          }),
        )
        .expect(422);
      expect(undecided.text).toContain(
        'Pilih apakah pengaduan ini untuk korban yang sudah terdaftar atau korban baru.',
      );
      expect(decode(undecided.text)).toContain('value="Jl. Kenanga 3"');

      const caseId = await registerThroughPage(agent, second, token);
      const cases = await t.dataSource.getRepository(Case).find({ order: { number: 'ASC' } });
      const created = cases.find((c) => c.id === caseId)!;
      expect(created.number).toBe('PPT/2026/000002');
      expect(created.victimId).toBe(earlier.victimId);
      // The front desk sees on the new case what it typed at this intake, and nothing of the earlier
      // record: not her registered name, address, phone or narrative.
      const people = decode(await caseSection(agent, caseId, 'people'));
      expect(people).toContain('Siti A. Putri');
      expect(people).toContain('Jl. Kenanga 3');
      // every section of the case page, for what none of them may show
      const page = decode(await wholeCasePage(agent, caseId));
      for (const secret of [
        'Siti Aminah Putri',
        'Jl. Melati 7',
        '081234567890',
        'Korban dipukul',
        'Budi Santoso',
      ])
        expect({ secret, shown: page.includes(secret) }).toEqual({ secret, shown: false });
      // The coordinator sees her record, and the link between her two cases.
      const forCoordinator = decode(await caseSection(agents.coordinator, caseId, 'people'));
      expect(forCoordinator).toContain('Siti Aminah Putri');
      expect(forCoordinator).toContain(`href="/cases/${earlier.id}"`);
    });

    it('saving after the identity changed shows the matches for the new values first', async () => {
      const agent = agents.frontdesk;
      const fresh = intakeForm({ victimNik: '3374019999990009', victimFullName: 'Nur Hasanah' });
      const checked = await post(agent, '/cases/new/check', fresh, 200);
      const changed = await agent
        .post('/cases')
        .type('form')
        .send(
          formBody({
            ...fresh,
            victimNik: '3374010101900001', // now the NIK of the registered victim
            victimChoice: 'new',
            checkedKey: hiddenValue(checked.text, 'checkedKey'),
            _csrf: csrfFrom(checked.text),
          }),
        )
        .expect(200);
      expect(changed.text).toContain('berubah sejak pemeriksaan terakhir');
      expect(changed.text).toContain('PPT/2026/000002'); // the victim's latest case
    });

    it('bad input re-renders the form with messages beside the fields and the values typed (never 500)', async () => {
      const agent = agents.frontdesk;
      const badNik = await post(agent, '/cases/new/check', intakeForm({ victimNik: '12ab' }), 400);
      expect(badNik.text).toContain('Format NIK tidak sesuai.');
      expect(badNik.text).toContain('id="victimNik-error"');
      expect(badNik.text).toContain('aria-invalid="true"');
      expect(decode(badNik.text)).toContain('value="Siti Aminah Putri"');

      const form = intakeForm({
        victimNik: '3374017777770007',
        channel: '',
        violenceTypes: [],
        perp1Age: 'tiga puluh',
        perp2Name: 'Orang kedua',
        narrative: 'Cerita yang harus tetap ada.',
      });
      const checked = await post(agent, '/cases/new/check', form, 200);
      const res = await agent
        .post('/cases')
        .type('form')
        .send(
          formBody({
            ...form,
            victimChoice: 'new',
            checkedKey: hiddenValue(checked.text, 'checkedKey'),
            _csrf: csrfFrom(checked.text),
          }),
        )
        .expect(400);
      const html = decode(res.text);
      expect(html).toContain('Cara pengaduan wajib diisi.');
      expect(html).toContain('Jenis kekerasan wajib diisi.');
      expect(html).toContain('Pelaku 1: umur harus bilangan bulat.');
      expect(html).toContain('Pelaku 2: hubungan dengan korban wajib diisi.');
      expect(html).toContain('href="#perp2Relationship"');
      expect(html).toContain('Cerita yang harus tetap ada.');
      expect(html).toContain('value="Orang kedua"');
      expect(html).toContain('value="tiga puluh"');

      // Rules of the domain: 422 with the message at the field.
      const referral = intakeForm({ victimNik: '3374017777770007', channel: 'institution_referral' });
      const check2 = await post(agent, '/cases/new/check', referral, 200);
      const refused = await agent
        .post('/cases')
        .type('form')
        .send(
          formBody({
            ...referral,
            victimChoice: 'new',
            checkedKey: hiddenValue(check2.text, 'checkedKey'),
            _csrf: csrfFrom(check2.text),
          }),
        )
        .expect(422);
      expect(refused.text).toContain('Periksa isian berikut:');
      expect(refused.text).toContain('Pilih lembaga yang merujuk.');
      expect(refused.text).toContain('id="referringInstitutionId-error"');

      const future = intakeForm({ victimNik: '3374017777770007', receivedAt: '2026-02-01' });
      const check3 = await post(agent, '/cases/new/check', future, 200);
      const late = await agent
        .post('/cases')
        .type('form')
        .send(
          formBody({
            ...future,
            victimChoice: 'new',
            checkedKey: hiddenValue(check3.text, 'checkedKey'),
            _csrf: csrfFrom(check3.text),
          }),
        )
        .expect(422);
      expect(late.text).toContain('id="receivedAt-error"');

      // Unknown fields and a single field sent twice are input errors, not crashes.
      await post(agent, '/cases', intakeForm({ hacker: 'x' }), 400);
      await post(agent, '/cases/new/check', intakeForm({ channel: ['walk_in', 'phone'] }), 400);
      expect(await t.dataSource.getRepository(Case).count()).toBe(2);
    });

    it('a referral names its institution; a reporter is recorded when the victim did not report', async () => {
      const institution = await t.app
        .get(InstitutionsService)
        .create({ name: 'Polrestabes Unit PPA', type: 'police' as any });
      const id = await registerThroughPage(
        agents.frontdesk,
        intakeForm({
          victimNik: '',
          victimFullName: 'Anak Perempuan',
          victimBirthDate: '2014-05-05',
          channel: 'institution_referral',
          referringInstitutionId: institution.id,
          selfReported: undefined,
          reporterRelationship: 'parent',
          reporterName: 'Ibu Ratna',
          perp1Relationship: 'teacher',
          gbvApplies: ['sexual_assault', 'rape'],
        }),
      );
      const page = await agents.frontdesk.get(`/cases/${id}`).expect(200);
      expect(page.text).toContain('Polrestabes Unit PPA');
      expect(await caseSection(agents.frontdesk, id, 'people')).toContain('Ibu Ratna');
      expect(page.text).toContain('badge--child');
      const c = await t.dataSource.getRepository(Case).findOneByOrFail({ id });
      expect(c).toMatchObject({ isChild: true, gbvCoreType: 'rape', reporterRelationship: 'parent' });
    });
  });

  describe('list, access and actions', () => {
    let caseIds: string[];
    let assignedToCounselor: string[];

    beforeAll(async () => {
      const intake = t.app.get(IntakeService);
      const cases = t.app.get(CasesService);
      const workflow = t.app.get(CaseWorkflowService);
      const fd = actorOf(users.frontdesk2);
      const coord = actorOf(users.coordinator);
      caseIds = [];
      for (let i = 0; i < 30; i++) {
        const dto = {
          channel: 'phone',
          receivedAt: `2026-01-${String((i % 12) + 1).padStart(2, '0')}`,
          victim: {
            fullName: `Korban Uji ${i}`,
            sex: 'female',
            birthDate: i % 3 === 0 ? '2012-03-03' : '1995-03-03',
          },
          perpetrators: [],
          incident: { placeType: 'household', violenceTypes: ['psychological'] },
        } as CreateCaseDto;
        caseIds.push((await intake.register(fd, dto)).id);
      }
      assignedToCounselor = caseIds.slice(0, 4);
      for (const id of assignedToCounselor) await cases.assignCounselor(coord, id, users.counselor.id, 1);
      // Two of them move on to initial counseling.
      for (const id of assignedToCounselor.slice(0, 2))
        await workflow.fire(coord, id, 'start_counseling', 2, {});
    });

    it('lists 25 cases a page with stage badges, and pages through the rest keeping the filters', async () => {
      const first = await agents.coordinator.get('/cases').expect(200);
      const total = await t.dataSource.getRepository(Case).count();
      expect(tableRows(first.text)).toBe(25);
      expect(first.text).toContain(`1–25 dari ${total}`);
      expect(first.text).toContain('class="stage stage--intake"');
      expect(decode(first.text)).toContain('href="/cases?page=2"');
      const second = await agents.coordinator.get('/cases?page=2').expect(200);
      expect(tableRows(second.text)).toBe(total - 25);

      const filtered = await agents.coordinator
        .get('/cases?stage=intake&risk=&child=&from=&to=&number=&counselorId=')
        .expect(200);
      expect(decode(filtered.text)).toContain('href="/cases?stage=intake&page=2"');
    });

    it('filters by stage, counselor, child, period and number', async () => {
      const a = agents.coordinator;
      const byStage = await a.get('/cases?stage=initial_counseling').expect(200);
      expect(tableRows(byStage.text)).toBe(2);
      const byCounselor = await a.get(`/cases?counselorId=${users.counselor.id}`).expect(200);
      expect(tableRows(byCounselor.text)).toBe(4);
      expect(byCounselor.text).toContain('Test counselor');
      const children = await a.get('/cases?child=true').expect(200);
      const childCount = await t.dataSource.getRepository(Case).count({ where: { isChild: true } });
      expect(tableRows(children.text)).toBe(Math.min(25, childCount));
      expect(children.text).not.toMatch(/<td>Tidak<\/td>/);
      const period = await a.get('/cases?from=2026-01-02&to=2026-01-02').expect(200);
      expect(tableRows(period.text)).toBe(3); // i = 1, 13, 25
      const byNumber = await a.get('/cases?number=000001').expect(200);
      expect(tableRows(byNumber.text)).toBe(1);
      expect(byNumber.text).toContain('PPT/2026/000001');
      const bad = await a.get('/cases?stage=bogus&from=yesterday').expect(400);
      expect(bad.text).toContain('Tahap bukan pilihan yang tersedia.');
      expect(bad.text).toContain('value="yesterday"');
    });

    it('a counselor sees only the assigned cases; other case pages are 404', async () => {
      const list = await agents.counselor.get('/cases').expect(200);
      expect(tableRows(list.text)).toBe(4);
      const mine = await agents.counselor.get('/cases/mine').expect(200);
      expect(tableRows(mine.text)).toBe(4);
      expect(mine.text).toContain('Kasus saya');
      const other = await agents.counselor2.get('/cases/mine').expect(200);
      expect(other.text).toContain('Belum ada kasus yang ditugaskan kepada Anda.');
      await agents.counselor.get(`/cases/${caseIds[10]}`).expect(404);
      await agents.counselor.get('/cases/not-a-uuid').expect(404);
      await agents.counselor.get('/cases/00000000-0000-4000-8000-000000000000').expect(404);
      await agents.counselor.get('/cases/new').expect(403);
    });

    it('front desk sees the intake list and its own registrations, never counseling sections', async () => {
      const list = await agents.frontdesk.get('/cases').expect(200);
      expect(list.text).not.toContain('stage--initial_counseling');
      // Its own registration that moved on stays visible to frontdesk2, who registered it.
      const own = await agents.frontdesk2.get('/cases?stage=initial_counseling').expect(200);
      expect(tableRows(own.text)).toBe(2);
      await agents.frontdesk.get(`/cases/${assignedToCounselor[0]}`).expect(404);
      // every section of the case page: none shows a case worker's part
      const page = { text: await wholeCasePage(agents.frontdesk2, assignedToCounselor[0]) };
      for (const section of [
        'id="counseling"',
        'id="shelter"',
        'id="services"',
        'id="conferences"',
        'id="history"',
        'id="assign"',
      ]) {
        expect(page.text).not.toContain(section);
      }
      expect(page.text).toContain(
        'Hanya konselor yang ditugaskan atau koordinator yang dapat memindahkan kasus ini.',
      );
      expect(page.text).not.toContain('/transitions');
      // the sections it may not see say so, and the navigation does not offer them
      const counseling = await caseSection(agents.frontdesk2, assignedToCounselor[0], 'counseling');
      expect(counseling).toContain('id="section-unavailable"');
      expect(counseling).toContain('aria-current="page">Konseling<');
      const overview = await caseSection(agents.frontdesk2, assignedToCounselor[0], 'overview');
      expect(overview).not.toContain(`href="/cases/${assignedToCounselor[0]}/counseling"`);
      expect(overview).toContain(`href="/cases/${assignedToCounselor[0]}/people"`);
      expect(overview).not.toContain('id="recent-history"');
    });

    it('administrators and the PUG secretariat get 403 on the case pages', async () => {
      for (const who of ['admin', 'pug']) {
        await agents[who].get('/cases').expect(403);
        await agents[who].get('/cases/mine').expect(403);
        await agents[who].get('/cases/new').expect(403);
        await agents[who].get(`/cases/${caseIds[0]}`).expect(403);
        await agents[who].get('/workflow').expect(403);
      }
      const home = await agents.admin.get('/').expect(200);
      expect(home.text).not.toContain('href="/cases"');
    });

    it('assigns, starts counseling, refuses a stale version, closes with a reason and reopens through the page forms', async () => {
      const id = caseIds[20];
      const coord = agents.coordinator;
      let page = await coord.get(`/cases/${id}`).expect(200);
      expect(page.text).toContain('id="assign"');
      expect(page.text).toContain('Tugaskan konselor terlebih dahulu.'); // why start_counseling is not possible
      let res = await coord
        .post(`/cases/${id}/assignment`)
        .type('form')
        .send(formBody({ counselorId: users.counselor2.id, version: '1', _csrf: csrfFrom(page.text) }))
        .expect(303);
      expect(res.headers.location).toBe(`/cases/${id}#assign`);
      page = await coord.get(`/cases/${id}`).expect(200);
      expect(page.text).toContain('Konselor telah ditugaskan.');
      expect(page.text).toContain('<option value="' + users.counselor2.id + '" selected>');

      const counselor = agents.counselor2;
      page = await counselor.get(`/cases/${id}`).expect(200);
      expect(page.text).toContain('Test counselor2');
      expect(page.text).toContain('value="start_counseling"');
      expect(await caseSection(counselor, id, 'counseling')).toContain('id="counseling"');
      const historyPage = await caseSection(counselor, id, 'history');
      expect(historyPage).toContain('id="history"');
      expect(historyPage).toContain('Riwayat utuh (terverifikasi)');
      res = await counselor
        .post(`/cases/${id}/transitions`)
        .type('form')
        .send(formBody({ transition: 'start_counseling', version: '2', _csrf: csrfFrom(page.text) }))
        .expect(303);
      expect(res.headers.location).toBe(`/cases/${id}#actions`);
      page = await counselor.get(`/cases/${id}`).expect(200);
      expect(page.text).toContain('id="case-stage">Konseling awal<');
      expect(page.text).toContain('Konseling awal dimulai.');
      // Not possible yet, and why: shelter needs a threat to life in a risk assessment.
      expect(page.text).toContain('Belum dapat dilakukan');
      expect(page.text).toContain('Tempatkan di rumah aman');

      // The same form again: the version is stale.
      res = await counselor
        .post(`/cases/${id}/transitions`)
        .type('form')
        .send(formBody({ transition: 'start_counseling', version: '2', _csrf: csrfFrom(page.text) }))
        .expect(303);
      expect(res.headers.location).toBe(`/cases/${id}?error=VERSION_CONFLICT#actions`);
      const stale = await counselor.get(`/cases/${id}?error=VERSION_CONFLICT`).expect(200);
      expect(stale.text).toContain('Data ini baru saja diubah orang lain.');
      expect(stale.text).toContain('Muat ulang halaman kasus');
      // Unknown codes are not shown.
      const junk = await counselor.get(`/cases/${id}?error=%3Cscript%3E`).expect(200);
      expect(junk.text).not.toContain('id="form-error"');

      // A counselor may not close (403 page); a coordinator must give a reason.
      await counselor
        .post(`/cases/${id}/transitions`)
        .type('form')
        .send(
          formBody({
            transition: 'close',
            version: '3',
            closureReason: 'resolved',
            _csrf: csrfFrom(page.text),
          }),
        )
        .expect(403);
      page = await coord.get(`/cases/${id}`).expect(200);
      expect(page.text).toContain('name="closureReason"');
      res = await coord
        .post(`/cases/${id}/transitions`)
        .type('form')
        .send(formBody({ transition: 'close', version: '3', closureReason: '', _csrf: csrfFrom(page.text) }))
        .expect(303);
      expect(res.headers.location).toBe(`/cases/${id}?error=CLOSURE_REASON_REQUIRED#actions`);
      expect((await coord.get(res.headers.location.split('#')[0]).expect(200)).text).toContain(
        'Pilih alasan penutupan kasus.',
      );
      await coord
        .post(`/cases/${id}/transitions`)
        .type('form')
        .send(
          formBody({
            transition: 'close',
            version: '3',
            closureReason: 'victim_withdrew',
            _csrf: csrfFrom(page.text),
          }),
        )
        .expect(303);
      page = await coord.get(`/cases/${id}`).expect(200);
      expect(page.text).toContain('id="case-stage">Ditutup<');
      expect(page.text).toContain('Korban mengundurkan diri');
      expect(page.text).toContain('name="reason"');
      expect(page.text).not.toContain('id="assign"');
      // Bad input is reported back on the page too.
      res = await coord
        .post(`/cases/${id}/transitions`)
        .type('form')
        .send(
          formBody({
            transition: 'reopen',
            version: 'x',
            reason: 'Korban kembali',
            _csrf: csrfFrom(page.text),
          }),
        )
        .expect(303);
      expect(res.headers.location).toBe(`/cases/${id}?error=VALIDATION_FAILED#actions`);
      await coord
        .post(`/cases/${id}/transitions`)
        .type('form')
        .send(
          formBody({
            transition: 'reopen',
            version: '4',
            reason: personalText('Korban datang kembali dengan ancaman baru', FORM_VICTIM),
            _csrf: csrfFrom(page.text),
          }),
        )
        .expect(303);
      page = await coord.get(`/cases/${id}`).expect(200);
      expect(page.text).toContain('id="case-stage">Konseling awal<');
      const historyTable = /<table class="history-table">[\s\S]*?<\/table>/.exec(
        await caseSection(coord, id, 'history'),
      )![0];
      expect(tableRows(historyTable)).toBe(5);
      // the overview shows the latest events, newest first, and links to the whole history
      const recent = /<ol class="recent-history">[\s\S]*?<\/ol>/.exec(page.text)![0];
      expect(recent.match(/<li>/g)).toHaveLength(5);
      expect(page.text).toContain(`href="/cases/${id}/history"`);
      // the history's summaries never quote the reason for reopening
      expect(historyTable).not.toContain('ancaman baru');
      expectNoVictimValues(historyTable, FORM_VICTIM, 'history table');
      // Forms on cases out of scope are 404.
      await agents.counselor
        .post(`/cases/${id}/transitions`)
        .type('form')
        .send(
          formBody({
            transition: 'close',
            version: '5',
            closureReason: 'resolved',
            _csrf: await csrfOf(agents.counselor, '/cases'),
          }),
        )
        .expect(404);
    });

    it('shows the workflow page: stages, steps, roles, conditions and a diagram drawn on the server', async () => {
      const res = await agents.frontdesk.get('/workflow').expect(200);
      const html = decode(res.text);
      // issue 18, item 7: an SVG of the transition table, labelled in the reader's language; no Mermaid
      // source and no transition codes in what the reader sees
      const svg = html.slice(html.indexOf('<svg'), html.indexOf('</svg>'));
      expect(svg.match(/class="workflow-diagram__lane"/g)).toHaveLength(8);
      expect(svg.match(/class="workflow-diagram__stage /g)).toHaveLength(8);
      expect(svg).toContain('>Mulai konseling awal</text>');
      expect(svg).toContain('>Konseling awal</text>');
      const text = html.replace(/<[^>]*>/g, ' ');
      expect(text).not.toMatch(/stateDiagram|-->|start_counseling|admit_to_shelter|initial_counseling/);
      expect(html).toContain('Asesmen risiko mencatat ancaman terhadap jiwa korban.');
      expect(html).toContain('Koordinator / manajer kasus');
      expect(tableRows(html)).toBe(8);
    });

    it('renders in English with the lang=en cookie', async () => {
      const agent = await pageLogin(t, 'coordinator');
      const home = await agent.get('/').expect(200);
      await agent
        .post('/language')
        .type('form')
        .send(formBody({ language: 'en', next: '/', _csrf: csrfFrom(home.text) }))
        .expect(303);
      const intake = await agent.get('/cases/new').expect(200);
      expect(intake.text).toContain('<html lang="en">');
      expect(intake.text).toContain('Receive a complaint');
      expect(intake.text).toContain('Check for earlier records');
      const list = await agent.get('/cases').expect(200);
      expect(list.text).toContain('Clear filters');
      expect(list.text).toContain('Initial counseling');
      const page = await agent.get(`/cases/${caseIds[0]}`).expect(200);
      expect(page.text).toContain('Next steps');
      expect(page.text).toContain('Victim, reporter and perpetrators');
      expect(await caseSection(agent, caseIds[0], 'history')).toContain('History intact (verified)');
      const workflow = await agent.get('/workflow').expect(200);
      expect(workflow.text).toContain('A risk assessment records a threat to the victim&#x27;s life.');
      const bad = await agent.get('/cases?stage=bogus').expect(400);
      expect(bad.text).toContain('Stage is not one of the allowed values.');
    });
  });
});
