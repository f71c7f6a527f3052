/**
 * The handling chronology in words, in the three forms a coordinator takes it (JSON, the print page,
 * the PDF) and in both languages: a case that went through consent, a referral to the police (law
 * enforcement, urgent, identity and contact shared), the partner's action and outcome, recovery with
 * an MoU service, community monitoring with a concern, counseling, services and a conference. Before,
 * the print and PDF read `referrals.serviceRoles.Penegakan hukum`, `referrals.urgencies.Segera`,
 * `referrals.categories.Identitas (nama, referrals.categories. jenis kelamin, …` and ISO dates: the
 * arguments were translated twice. Every summary must now read as words, dates included.
 */
import request from 'supertest';
import { Role } from '../src/platform/auth/permissions';
import { formatDate } from '../src/platform/common/format';
import { UsersService } from '../src/users/users.service';
import {
  bearer,
  expectNoVictimValues,
  PersonalValues,
  personalText,
  registerCase,
} from './support/case-fixtures';
import {
  apiLogin,
  createTestApp,
  createUser,
  csrfFrom,
  pageLogin,
  TEST_PASSWORD,
  TestApp,
} from './support/test-app';
import { untranslatedIn } from './support/untranslated';
import { downloadPdf, flat, pdfText } from './chronology-fixtures';

type Lang = 'id' | 'en';

/** What the summaries must say, per language (the examples). */
const WORDS: Record<Lang, string[]> = {
  id: [
    'Rujukan dibuat: Penegakan hukum ke Unit PPA Polrestabes (Segera), data dibagikan: Identitas (nama, jenis kelamin, umur), Kontak (telepon, alamat); batas jawaban 17 Januari 2026.',
    'Persetujuan dicatat (pemberi: Orang tua;',
    'Rujukan Penegakan hukum selesai oleh Unit PPA Polrestabes: Layanan diberikan.',
    'Unit PPA Polrestabes mencatat tindakan (Penegakan hukum) pada 15 Januari 2026.',
    'Layanan pemulihan ditambahkan: Pendidikan / sekolah oleh Dinas Pendidikan',
    'Kader mencatat kunjungan 15 Januari 2026: Ada kekhawatiran.',
    'Sesi konseling tanggal 14 Januari 2026 dicatat.',
    'Rapat kasus tanggal 15 Januari 2026 dicatat',
  ],
  en: [
    'Referral made: Law enforcement to Unit PPA Polrestabes (Urgent), shared: Identity (name, sex, age), Contact (phone, address); answer by 17 January 2026.',
    'Consent recorded (given by: Parent;',
    'Referral for Law enforcement completed by Unit PPA Polrestabes: Service provided.',
    'Unit PPA Polrestabes recorded an action (Law enforcement) on 15 January 2026.',
    'Recovery service added: Schooling by Dinas Pendidikan',
    'The volunteer recorded a visit on 15 January 2026: Concern.',
    'Counseling session of 14 January 2026 recorded.',
    'Case conference of 15 January 2026 recorded',
  ],
};

describe('chronology: every handling line in words, in JSON, print and PDF, in both languages (e2e)', () => {
  let t: TestApp;
  let caseId: string;
  /** The victim: every free text of her case names her, none of the summaries may. */
  let person: PersonalValues;
  const tok: Record<string, string> = {};

  const api = (who: string, lang: Lang = 'id') => ({
    get: (url: string) => request(t.server).get(url).set(bearer(tok[who])).set('Accept-Language', lang),
    post: (url: string, body: object = {}) =>
      request(t.server).post(url).set(bearer(tok[who])).set('Accept-Language', lang).send(body),
  });

  beforeAll(async () => {
    t = await createTestApp();
    await createUser(t, 'adm', [Role.Admin]);
    tok.adm = await apiLogin(t, 'adm');
    const institution = async (name: string, type: string, serviceRoles: string[]) =>
      (await api('adm').post('/api/institutions', { name, type, serviceRoles }).expect(201)).body
        .id as string;
    const police = await institution('Unit PPA Polrestabes', 'police_unit', ['law_enforcement']);
    const school = await institution('Dinas Pendidikan', 'government_office', []);
    const c1 = await createUser(t, 'c1', [Role.Counselor]);
    await createUser(t, 'coord', [Role.Coordinator]);
    await createUser(t, 'fd', [Role.FrontDesk]);
    const kader = await createUser(t, 'kader', [Role.CommunityVolunteer]);
    const member = await api('adm')
      .post('/api/users', {
        username: 'pol',
        displayName: 'Aipda Wulan',
        roles: ['team_member'],
        institutionId: police,
        serviceRoles: ['law_enforcement'],
      })
      .expect(201);
    await t.app.get(UsersService).setKnownPassword(member.body.user.id, TEST_PASSWORD);
    for (const u of ['c1', 'coord', 'fd', 'pol', 'kader']) tok[u] = await apiLogin(t, u);

    // A 14-year-old's case (the clock stands at 15 January 2026).
    const c = await registerCase(t, tok.fd, { victim: { birthDate: '2011-06-01' } });
    caseId = c.id;
    person = c.person;
    const about = (marker: string) => personalText(marker, person);
    await api('coord')
      .post(`/api/cases/${caseId}/assignment`, { counselorId: c1.id, version: 1 })
      .expect(200);
    await api('c1')
      .post(`/api/cases/${caseId}/transitions`, { transition: 'start_counseling', version: 2 })
      .expect(200);
    await api('c1')
      .post(`/api/cases/${caseId}/counseling-sessions`, {
        heldAt: '2026-01-14',
        notes: about('Sesi pertama'),
      })
      .expect(201);
    await api('coord')
      .post(`/api/cases/${caseId}/conferences`, {
        heldAt: '2026-01-15',
        attendees: { staffUserIds: [c1.id], institutionIds: [], others: [] },
        agenda: about('Agenda rapat'),
        minutes: about('Notulen rapat'),
        decisions: [about('Rujuk ke polisi')],
        actionItems: [{ description: about('Antar ke polisi'), ownerUserId: c1.id, dueDate: '2026-01-20' }],
      })
      .expect(201);
    await api('c1')
      .post(`/api/cases/${caseId}/consents`, {
        givenBy: 'parent',
        giverName: 'Ibu korban',
        givenOn: '2026-01-14',
        method: 'verbal',
        witnessName: 'Saksi',
        serviceRoles: ['law_enforcement', 'community_monitoring'],
        institutionIds: [],
        categories: ['identity', 'contact'],
      })
      .expect(201);
    const referral = await api('c1')
      .post(`/api/cases/${caseId}/referrals`, {
        serviceRole: 'law_enforcement',
        targetInstitutionId: police,
        urgency: 'urgent',
        reason: about('Laporan polisi'),
        categories: ['identity', 'contact'],
      })
      .expect(201);
    const r = `/api/partner/referrals/${referral.body.id}`;
    await api('pol').post(`${r}/accept`, { version: 1 }).expect(200);
    await api('pol').post(`${r}/start`, { version: 2 }).expect(200);
    await api('pol')
      .post(`${r}/actions`, { actedOn: '2026-01-15', description: about('BAP diambil') })
      .expect(201);
    await api('pol').post(`${r}/complete`, { version: 3, outcome: 'service_provided' }).expect(200);

    const mou = await api('coord')
      .post('/api/partnerships', {
        institutionId: school,
        number: '463/1/PKS/2026',
        title: 'Sekolah kembali',
        signedOn: '2026-01-02',
        validFrom: '2026-01-02',
        validUntil: '2027-01-01',
        services: ['schooling'],
      })
      .expect(201);
    await api('c1')
      .post(`/api/cases/${caseId}/recovery-plan`, { goals: [about('Kembali sekolah')] })
      .expect(201);
    await api('c1')
      .post(`/api/cases/${caseId}/recovery-plan/services`, { agreementId: mou.body.id, service: 'schooling' })
      .expect(201);
    const volunteer = await api('coord')
      .post('/api/community/volunteers', { name: 'Kader Satu', groupName: 'PATBM', userId: kader.id })
      .expect(201);
    const assignment = await api('coord')
      .post(`/api/cases/${caseId}/monitoring`, {
        volunteerId: volunteer.body.id,
        instructions: about('Kunjungi'),
      })
      .expect(201);
    await api('kader')
      .post(`/api/my-monitoring/${assignment.body.id}/visits`, {
        visitedOn: '2026-01-15',
        situation: 'concern',
        notes: about('Catatan kunjungan'),
        concerns: about('Kekhawatiran'),
      })
      .expect(201);
  });
  afterAll(() => t.close());

  const expectWords = (text: string, lang: Lang) => {
    for (const words of WORDS[lang]) expect([words, flat(text).includes(words)]).toEqual([words, true]);
    expect(untranslatedIn(text, 'text/plain', lang)).toEqual([]);
    // No calendar date left as YYYY-MM-DD in a sentence.
    expect(flat(text)).not.toMatch(/(tanggal|pada|of|on|batas|by|kunjungan|visit on) \d{4}-\d{2}-\d{2}/);
  };

  it.each(['id', 'en'] as Lang[])('JSON (%s): every summary in words', async (lang) => {
    const res = await api('coord', lang).get(`/api/cases/${caseId}/chronology`).expect(200);
    const summaries: string[] = res.body.handling.map((h: any) => h.summary);
    expect(summaries.length).toBeGreaterThanOrEqual(15);
    expectWords(summaries.join('\n'), lang);
    // a summary never quotes a note, a reason, an action or a goal
    expectNoVictimValues(summaries.join('\n'), person, `handling summaries (${lang})`);
  });

  it.each(['id', 'en'] as Lang[])('print page (%s): every handling line in words', async (lang) => {
    const agent = await pageLogin(t, 'coord');
    const home = await agent.get('/').expect(200);
    await agent
      .post('/language')
      .type('form')
      .send({ language: lang, next: '/', _csrf: csrfFrom(home.text) })
      .expect(303);
    const page = await agent
      .get(`/cases/${caseId}/chronology/print?purpose=case_conference&sections=handling`)
      .expect(200);
    expect(page.text).toContain(`<html lang="${lang}">`);
    expectWords(page.text.replace(/<[^>]*>/g, ' ').replace(/&#x27;/g, "'"), lang);
    // The table's times in words too ("15 Jan 2026, 15.00"), not 15/01/2026.
    expect(page.text).toContain(formatDate('2026-01-15', lang, 'medium'));
    expect(page.text).not.toMatch(/\d{2}\/\d{2}\/\d{4}/);
    // (the full version names her in its own section: the coordinator is entitled to it)
    const handling =
      /<section class="print-section" aria-labelledby="handling-title">[\s\S]*?<\/section>/.exec(
        page.text,
      )![0];
    expect(handling).toContain('<table class="print-handling">');
    expectNoVictimValues(handling, person, `handling print (${lang})`);
  });

  it.each(['id', 'en'] as Lang[])('PDF (%s): every handling line in words', async (lang) => {
    const res = await downloadPdf(t, tok.coord, caseId, { purpose: 'court', sections: 'handling' }).set(
      'Accept-Language',
      lang,
    );
    expect(res.status).toBe(200);
    // In content order (a table's columns are not interleaved as with -layout).
    const text = pdfText(res.body, 'raw');
    expectWords(text, lang);
    expect(text).not.toMatch(/\d{2}\/\d{2}\/\d{4}/);
    // the handling chronology, from its title on (the identity section before it names her)
    const title = lang === 'id' ? 'Kronologi penanganan' : 'Handling chronology';
    expect(text).toContain(title);
    expectNoVictimValues(text.slice(text.indexOf(title)), person, `handling PDF (${lang})`);
  });
});
