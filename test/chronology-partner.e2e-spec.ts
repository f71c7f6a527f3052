import request from 'supertest';
import { Role } from '../src/platform/auth/permissions';
import { UsersService } from '../src/users/users.service';
import { bearer, expectNoVictimValues, personalText, registerCase } from './support/case-fixtures';
import { apiLogin, createTestApp, createUser, pageLogin, TEST_PASSWORD, TestApp } from './support/test-app';
import { addEntry, downloadPdf, flat, pdfText } from './chronology-fixtures';

/** The victim's personal strings: none may appear in a partner version that did not disclose them. */
const SECRET = {
  name: 'Kartika Sulistyowati',
  nik: '3374056704950003',
  address: 'Jl. Cempaka Putih No. 77',
  phone: '081399887766',
  perpetrator: 'Teguh Santosa',
  counseling: 'Korban takut pulang karena ancaman',
};
const VICTIM = { fullName: SECRET.name, nik: SECRET.nik, address: SECRET.address, phone: SECRET.phone };

describe('chronology: the partner version holds only what the referral disclosed (e2e)', () => {
  let t: TestApp;
  const tok: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const inst: Record<string, string> = {};

  const api = (who: string) => ({
    get: (url: string) => request(t.server).get(url).set(bearer(tok[who])),
    post: (url: string, body: unknown = {}) =>
      request(t.server)
        .post(url)
        .set(bearer(tok[who]))
        .send(body as object),
  });

  /** A case in counseling with chronology entries, a consent and a referral to RSUD for `categories`. */
  async function referredCase(categories: string[]) {
    const c = await registerCase(t, tok.fd, {
      // The default narrative names her and holds her NIK, street and phone (case-fixtures).
      victim: VICTIM,
      perpetrators: [{ sex: 'male', age: 40, relationship: 'spouse', name: SECRET.perpetrator }],
    });
    await api('coord').post(`/api/cases/${c.id}/assignment`, { counselorId: ids.c1, version: 1 }).expect(200);
    await api('c1')
      .post(`/api/cases/${c.id}/transitions`, { transition: 'start_counseling', version: 2 })
      .expect(200);
    await api('c1')
      .post(`/api/cases/${c.id}/counseling-sessions`, {
        heldAt: '2026-01-14',
        notes: personalText(SECRET.counseling, VICTIM),
      })
      .expect(201);
    await addEntry(t, tok.c1, c.id, {
      date: '2025-12-24',
      place: `Rumah di ${SECRET.address}`,
      description: `ENTRY-PARTNER ${SECRET.perpetrator} mencekik Kartika (NIK ${SECRET.nik}); ia menelepon ${SECRET.phone}.`,
    }).expect(201);
    await api('c1')
      .post(`/api/cases/${c.id}/consents`, {
        givenBy: 'victim',
        givenOn: '2026-01-14',
        method: 'verbal',
        witnessName: 'Saksi Konselor',
        serviceRoles: ['medical'],
        institutionIds: [],
        categories,
      })
      .expect(201);
    const r = await api('c1')
      .post(`/api/cases/${c.id}/referrals`, {
        serviceRole: 'medical',
        targetInstitutionId: inst.rs,
        urgency: 'urgent',
        reason: personalText('Mohon pemeriksaan medis', VICTIM),
        categories,
      })
      .expect(201);
    return { caseId: c.id as string, number: c.number as string, referralId: r.body.id as string };
  }

  const partnerPdf = async (
    who: string,
    caseId: string,
    referralId: string | undefined,
    status = 200,
    mode: 'layout' | 'raw' = 'layout',
  ) => {
    const query: Record<string, string> = { purpose: 'partner_institution' };
    if (referralId) query.referralId = referralId;
    const res = await downloadPdf(t, tok[who], caseId, query);
    expect(res.status).toBe(status);
    return status === 200 ? pdfText(res.body, mode) : '';
  };

  const absent = (text: string, keys: (keyof typeof SECRET)[]) => {
    for (const k of keys) expect({ k, found: text.includes(SECRET[k]) }).toEqual({ k, found: false });
  };

  beforeAll(async () => {
    t = await createTestApp();
    await createUser(t, 'adm', [Role.Admin]);
    tok.admin = await apiLogin(t, 'adm');
    const mk = async (name: string, type: string, serviceRoles: string[]) =>
      (await api('admin').post('/api/institutions', { name, type, serviceRoles }).expect(201)).body
        .id as string;
    inst.rs = await mk('RSUD Kota', 'hospital', ['medical']);
    inst.rs2 = await mk('RS Swasta', 'hospital', ['medical']);
    ids.c1 = (await createUser(t, 'c1', [Role.Counselor])).id;
    await createUser(t, 'coord', [Role.Coordinator]);
    await createUser(t, 'fd', [Role.FrontDesk]);
    const users = t.app.get(UsersService);
    for (const [u, i] of [
      ['rs1', inst.rs],
      ['rs2', inst.rs2],
    ] as const) {
      await users.create(
        {
          username: u,
          displayName: `Anggota ${u}`,
          roles: [Role.TeamMember],
          institutionId: i,
          serviceRoles: ['medical'],
        },
        { password: TEST_PASSWORD, mustChangePassword: false },
      );
    }
    for (const u of ['c1', 'coord', 'fd', 'rs1', 'rs2']) tok[u] = await apiLogin(t, u);
  });
  afterAll(() => t.close());

  it('incident narrative only: the entries, no identity, contact, perpetrator name or counseling', async () => {
    const { caseId, number, referralId } = await referredCase(['incident_narrative']);
    const text = await partnerPdf('rs1', caseId, referralId);
    const all = flat(text);
    expect(all).toContain('Versi mitra untuk RSUD Kota');
    expect(all).toContain('Data yang diungkapkan dalam rujukan: uraian kejadian');
    expect(all).toContain(number);
    expect(all).toContain('ENTRY-PARTNER T.S. mencekik K. (NIK […]); ia menelepon […].');
    expect(all).toContain('tidak diungkapkan dalam rujukan ini');
    expect(all).toContain('Kronologi kejadian: catatan no. 1 dicatat.');
    // The step in words, exactly as the renderer writes it (read in content order: the layout text
    // interleaves the table's columns): a raw key or code (referrals.serviceRoles.…, medical, urgent,
    // incident_narrative, 2026-01-17) fails here.
    expect(flat(await partnerPdf('rs1', caseId, referralId, 200, 'raw'))).toContain(
      'Rujukan dibuat: Layanan medis ke RSUD Kota (Segera), data dibagikan: Kronologi kejadian; batas jawaban 17 Januari 2026.',
    );
    expect(all).not.toContain('Persetujuan dicatat');
    expectNoVictimValues(text, VICTIM, 'partner PDF (narrative)');
    absent(text, ['perpetrator', 'counseling']);
    expect(all).not.toContain('Sesi konseling');
    expect(all).not.toContain('Kartika');
  });

  it('identity only: the name, sex and age — no NIK, contact, incident or counseling', async () => {
    const { caseId, referralId } = await referredCase(['identity']);
    const text = await partnerPdf('rs1', caseId, referralId);
    const all = flat(text);
    expect(all).toContain(SECRET.name);
    expect(all).toContain('Perempuan, 31 tahun');
    expect(all).not.toContain('ENTRY-PARTNER');
    expect(all).not.toContain('I. Kronologi kejadian');
    expect(all).not.toContain('Sesi konseling');
    expectNoVictimValues(text, VICTIM, 'partner PDF (identity)', ['name']);
    absent(text, ['perpetrator', 'counseling']);
  });

  it('counseling notes and contact: counseling steps and the contact, not the narrative', async () => {
    const { caseId, referralId } = await referredCase(['counseling_notes', 'contact']);
    const all = flat(await partnerPdf('rs1', caseId, referralId));
    expect(all).toContain('Sesi konseling tanggal 14 Januari 2026 dicatat.');
    expect(all).toContain(SECRET.phone);
    expect(all).toContain(SECRET.address);
    expect(all).not.toContain('ENTRY-PARTNER');
    expect(all).not.toMatch(/Kartika|Sulistyowati/);
    expectNoVictimValues(all, VICTIM, 'partner PDF (counseling, contact)', ['street', 'phone']);
    absent(all, ['perpetrator']);
  });

  it('staff may print the partner version of a referral of the case they work on', async () => {
    const { caseId, referralId } = await referredCase(['incident_narrative']);
    const all = flat(await partnerPdf('coord', caseId, referralId));
    expect(all).toContain('Versi mitra untuk RSUD Kota');
    expect(all).not.toContain(SECRET.name);
    expectNoVictimValues(all, VICTIM, 'partner PDF printed by staff');
    const agent = await pageLogin(t, 'coord');
    const page = await agent.get(`/cases/${caseId}/chronology`).expect(200);
    expect(page.text).toContain(`<option value="${referralId}">RSUD Kota (uraian kejadian)</option>`);
  });

  it('team members print only the partner version of their own referral; nobody else sees it (404)', async () => {
    const { caseId, referralId } = await referredCase(['incident_narrative']);
    const other = await referredCase(['incident_narrative']);
    await partnerPdf('rs1', caseId, undefined, 404); // no referral: no chronology
    await partnerPdf('rs2', caseId, referralId, 404); // another institution's referral
    await partnerPdf('rs1', other.caseId, referralId, 404); // the referral of another case
    await partnerPdf('rs1', caseId, '00000000-0000-4000-8000-000000000000', 404);
    expect((await api('rs1').get(`/api/cases/${caseId}/chronology`)).status).toBe(403);
    expect((await addEntry(t, tok.rs1, caseId, { date: '2025-12-01', description: 'x' })).status).toBe(403);
    // the pages: options and print view, partner version only
    const agent = await pageLogin(t, 'rs1');
    const page = await agent.get(`/cases/${caseId}/chronology?referralId=${referralId}`).expect(200);
    expect(page.text).toContain('Sebagai lembaga mitra, Anda menerima versi mitra dari rujukan Anda.');
    expect(page.text).not.toContain('ENTRY-PARTNER');
    expect(page.text).not.toContain('name="redacted"');
    expectNoVictimValues(page.text, VICTIM, 'partner options page');
    expect((await agent.get(`/cases/${caseId}/chronology`)).status).toBe(404);
    const html = await agent
      .get(`/cases/${caseId}/chronology/print?purpose=partner_institution&referralId=${referralId}`)
      .expect(200);
    expect(html.text).toContain('Versi mitra untuk RSUD Kota');
    expect(html.text).not.toContain(SECRET.name);
    expectNoVictimValues(html.text, VICTIM, 'partner print view');
    const rows = await t.dataSource.query(
      `SELECT username, code FROM audit_logs WHERE action = 'chronology.print' AND "resourceId" = ${t.dialect === 'postgres' ? '$1' : '?'}`,
      [caseId],
    );
    expect(rows).toEqual([{ username: 'rs1', code: 'partner_institution' }]);
  });

  it('once the referral is revoked, the partner version is gone (404)', async () => {
    const { caseId, referralId } = await referredCase(['incident_narrative']);
    const pending = await api('rs1').get(`/api/partner/referrals/${referralId}`).expect(200);
    await api('rs1')
      .post(`/api/partner/referrals/${referralId}/accept`, { version: pending.body.version })
      .expect(200);
    await partnerPdf('rs1', caseId, referralId);
    const r = await api('c1').get(`/api/referrals/${referralId}`).expect(200);
    await api('c1')
      .post(`/api/referrals/${referralId}/revoke`, {
        version: r.body.version,
        reason: personalText('Korban menarik diri', VICTIM),
      })
      .expect(200);
    await partnerPdf('rs1', caseId, referralId, 404);
  });
});
