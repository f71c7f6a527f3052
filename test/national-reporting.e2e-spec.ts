import { Workbook } from 'exceljs';
import request from 'supertest';
import { Role } from '../src/platform/auth/permissions';
import { UsersService } from '../src/users/users.service';
import { attachCase, bearer, registerCase } from './support/case-fixtures';
import {
  apiLogin,
  createTestApp,
  createUser,
  csrfFrom,
  pageLogin,
  TEST_PASSWORD,
  TestApp,
} from './support/test-app';

/**
 * The statistics in the national (SIMFONI-PPA) grouping (issue 21 items 2 and 3). A small fixture
 * whose expected counts are written by hand below, in both groupings: the new Lentera codes (PNS/TNI/
 * Polri occupations, the "lembaga pendidikan kilat" place, the "unknown" relationship, the new service
 * types), marital status, nationality, cases against victims, and services with shelter stays and
 * completed referrals, by type and by institution.
 *
 * Fixture (period 2026-01-01 – 2026-01-15; the test clock stands at 2026-01-15):
 *  A  police, married, IDN, primary; place short_course_institution; perpetrator unknown;
 *     services delivered: law_enforcement, repatriation, psychosocial (medical planned only)
 *  B  civil servant, single, AUS, higher; place online; perpetrator step_parent; admitted to shelter
 *  C  A's victim again (same values): place household; perpetrator spouse
 *  D  nothing recorded for occupation, marital status, education; place school; perpetrator teacher;
 *     a legal-aid referral completed by "LBH Nasional", a law-enforcement referral still pending
 *  E  outside the period (2025-12-20): never counted
 */
const FROM = '2026-01-01';
const TO = '2026-01-15';

/** A table's rows as { key: count } (first column). */
const counts = (table: any): Record<string, number> =>
  Object.fromEntries(table.rows.filter((r: any) => r.values[0] !== 0).map((r: any) => [r.key, r.values[0]]));

describe('national reporting: statistics in the national grouping (e2e)', () => {
  let t: TestApp;
  let coord: string;
  let couns: string;
  let counselorId: string;
  let lbhId: string;
  let numbers: Record<'a' | 'd', string>;
  const table = (body: any, id: string) => body.tables.find((x: any) => x.id === id);
  const stats = (codes: 'lentera' | 'national', lang = 'en') =>
    request(t.server)
      .get(`/api/reports/statistics?from=${FROM}&to=${TO}&grouping=simfoni&codes=${codes}`)
      .set(bearer(coord))
      .set('Accept-Language', lang)
      .expect(200);

  async function toCounseling(id: string): Promise<number> {
    const c = (await request(t.server).get(`/api/cases/${id}`).set(bearer(coord)).expect(200)).body;
    const assigned = await request(t.server)
      .post(`/api/cases/${id}/assignment`)
      .set(bearer(coord))
      .send({ counselorId, version: c.version })
      .expect(200);
    const started = await request(t.server)
      .post(`/api/cases/${id}/transitions`)
      .set(bearer(coord))
      .send({ transition: 'start_counseling', version: assigned.body.version })
      .expect(200);
    return started.body.version as number;
  }

  async function service(caseId: string, type: string, deliver: boolean) {
    const planned = await request(t.server)
      .post(`/api/cases/${caseId}/services`)
      .set(bearer(couns))
      .send({ type, plannedDate: '2026-01-14' })
      .expect(201);
    if (deliver)
      await request(t.server)
        .patch(`/api/cases/${caseId}/services/${planned.body.id}`)
        .set(bearer(couns))
        .send({ version: planned.body.version, status: 'delivered' })
        .expect(200);
  }

  beforeAll(async () => {
    t = await createTestApp();
    await createUser(t, 'coord', [Role.Coordinator]);
    counselorId = (await createUser(t, 'couns', [Role.Counselor])).id;
    await createUser(t, 'adm', [Role.Admin]);
    coord = await apiLogin(t, 'coord');
    couns = await apiLogin(t, 'couns');
    const admin = await apiLogin(t, 'adm');

    const victimA = {
      fullName: 'Rina Nasional',
      nik: '3374111122223333',
      birthDate: '1990-03-04',
      occupation: 'police',
      maritalStatus: 'married',
      education: 'primary',
    };
    const a = await registerCase(t, coord, {
      receivedAt: '2026-01-05',
      victim: victimA,
      incident: { date: '2026-01-04', placeType: 'short_course_institution' },
      perpetrators: [{ relationship: 'unknown' }],
    });
    const b = await registerCase(t, coord, {
      receivedAt: '2026-01-06',
      victim: {
        occupation: 'civil_servant',
        maritalStatus: 'single',
        education: 'higher',
        nationality: 'AUS',
      },
      incident: { date: '2026-01-05', placeType: 'online' },
      perpetrators: [{ sex: 'male', age: 45, relationship: 'step_parent' }],
    });
    await attachCase(
      t,
      coord,
      { nik: victimA.nik },
      {
        receivedAt: '2026-01-10',
        victim: victimA,
        incident: { date: '2026-01-09', placeType: 'household' },
        perpetrators: [{ sex: 'male', age: 40, relationship: 'spouse' }],
      },
    );
    const d = await registerCase(t, coord, {
      receivedAt: '2026-01-12',
      victim: { occupation: undefined, maritalStatus: undefined, education: undefined },
      incident: { date: '2026-01-11', placeType: 'school' },
      perpetrators: [{ sex: 'male', age: 35, relationship: 'teacher' }],
    });
    numbers = { a: a.number, d: d.number };
    // statistics consent (covers national reporting): A and D included, B refused, C never asked
    for (const [id, included] of [
      [a.id, true],
      [b.id, false],
      [d.id, true],
    ] as const)
      await request(t.server)
        .put(`/api/cases/${id}/statistics-consent`)
        .set(bearer(coord))
        .send({ included, version: 0 })
        .expect(200);
    await registerCase(t, coord, {
      receivedAt: '2025-12-20',
      victim: { occupation: 'military' },
      incident: { date: '2025-12-19', placeType: 'short_course_institution' },
      perpetrators: [{ relationship: 'unknown' }],
    });

    // A: support services
    await toCounseling(a.id);
    await service(a.id, 'law_enforcement', true);
    await service(a.id, 'repatriation', true);
    await service(a.id, 'psychosocial', true);
    await service(a.id, 'medical', false);

    // B: a shelter stay
    const vB = await toCounseling(b.id);
    const house = await request(t.server)
      .post('/api/safe-houses')
      .set(bearer(coord))
      .send({ name: 'Rumah Aman Nasional', capacity: 2, address: 'Jl. Rahasia' })
      .expect(201);
    await request(t.server)
      .post(`/api/cases/${b.id}/risk-assessments`)
      .set(bearer(couns))
      .send({ assessedAt: '2026-01-15', threatToLife: true, riskLevel: 'critical', factors: [] })
      .expect(201);
    const current = (await request(t.server).get(`/api/cases/${b.id}`).set(bearer(coord)).expect(200)).body;
    expect(current.version).toBeGreaterThanOrEqual(vB);
    await request(t.server)
      .post(`/api/cases/${b.id}/transitions`)
      .set(bearer(couns))
      .send({ transition: 'admit_to_shelter', version: current.version, safeHouseId: house.body.id })
      .expect(200);

    // D: one completed legal-aid referral, one pending law-enforcement referral
    await toCounseling(d.id);
    const institution = async (name: string, type: string, serviceRole: string, member: string) => {
      const res = await request(t.server)
        .post('/api/institutions')
        .set(bearer(admin))
        .send({ name, type, serviceRoles: [serviceRole] })
        .expect(201);
      await t.app.get(UsersService).create(
        {
          username: member,
          displayName: `Anggota ${name}`,
          roles: [Role.TeamMember],
          institutionId: res.body.id,
          serviceRoles: [serviceRole as never],
        },
        { password: TEST_PASSWORD, mustChangePassword: false },
      );
      return res.body.id as string;
    };
    lbhId = await institution('LBH Nasional', 'legal_aid', 'legal_aid', 'tm_lbh');
    const policeId = await institution('Unit PPA Nasional', 'police_unit', 'law_enforcement', 'tm_ppa');
    for (const [role, to, complete] of [
      ['legal_aid', lbhId, true],
      ['law_enforcement', policeId, false],
    ] as const) {
      await request(t.server)
        .post(`/api/cases/${d.id}/consents`)
        .set(bearer(couns))
        .send({
          givenBy: 'victim',
          givenOn: '2026-01-14',
          method: 'verbal',
          witnessName: 'Saksi',
          serviceRoles: [role],
          institutionIds: [],
          categories: ['identity'],
        })
        .expect(201);
      const r = await request(t.server)
        .post(`/api/cases/${d.id}/referrals`)
        .set(bearer(couns))
        .send({
          serviceRole: role,
          targetInstitutionId: to,
          urgency: 'routine',
          reason: 'Mohon layanan',
          categories: ['identity'],
        })
        .expect(201);
      if (complete) {
        const tm = await apiLogin(t, 'tm_lbh');
        const partner = (path: string, body: object) =>
          request(t.server).post(`/api/partner/referrals/${r.body.id}/${path}`).set(bearer(tm)).send(body);
        await partner('accept', { version: 1 }).expect(200);
        await partner('start', { version: 2 }).expect(200);
        await partner('complete', { version: 3, outcome: 'service_provided' }).expect(200);
      }
    }
  }, 180_000);
  afterAll(() => t?.close());

  it("counts in Lentera's codes, the new codes included", async () => {
    const { body } = await stats('lentera');
    expect(body.codes).toBe('lentera');
    expect(counts(table(body, 'simfoni.victimsByOccupation'))).toEqual({
      police: 2,
      civil_servant: 1,
      unknown: 1,
    });
    expect(counts(table(body, 'simfoni.victimsByMaritalStatus'))).toEqual({
      married: 2,
      single: 1,
      unknown: 1,
    });
    expect(counts(table(body, 'simfoni.victimsByEducation'))).toEqual({ primary: 2, higher: 1, unknown: 1 });
    expect(counts(table(body, 'simfoni.victimsByNationality'))).toEqual({ IDN: 3, AUS: 1 });
    expect(counts(table(body, 'simfoni.casesByPlace'))).toEqual({
      short_course_institution: 1,
      online: 1,
      household: 1,
      school: 1,
    });
    expect(counts(table(body, 'simfoni.perpetratorsByRelationship'))).toEqual({
      unknown: 1,
      step_parent: 1,
      spouse: 1,
      teacher: 1,
    });
    const casesVsVictims = table(body, 'simfoni.casesVsVictims');
    expect(counts(casesVsVictims)).toEqual({ cases: 4, victims: 3 });
    expect(casesVsVictims.rows.map((r: any) => r.label)).toEqual(['Cases', 'Victims (distinct people)']);
    expect(counts(table(body, 'simfoni.servicesByType'))).toEqual({
      law_enforcement: 1,
      repatriation: 1,
      psychosocial: 1,
    });
    const all = table(body, 'simfoni.servicesAll');
    expect(counts(all)).toEqual({
      law_enforcement: 1,
      repatriation: 1,
      psychosocial: 1,
      shelter_stay: 1,
      referral_legal_aid: 1,
    });
    expect(all.grandTotal).toBe(5);
    expect(all.rows.find((r: any) => r.key === 'shelter_stay').label).toBe('Shelter stay');
    const byInst = table(body, 'simfoni.servicesByInstitution');
    expect(byInst.rows.map((r: any) => [r.label, r.total])).toEqual([
      ['The centre itself', 4],
      ['LBH Nasional', 1],
    ]);
    const lbh = byInst.rows.find((r: any) => r.key === lbhId);
    expect(lbh.values[byInst.columns.indexOf('referral_legal_aid')]).toBe(1);
  });

  it('counts in the national groups (SIMFONI-PPA)', async () => {
    const { body } = await stats('national', 'id');
    expect(body.codes).toBe('national');
    const occ = table(body, 'simfoni.victimsByOccupation');
    expect(counts(occ)).toEqual({ pns_tni_polri: 3, tidak_diketahui: 1 });
    expect(occ.rows.find((r: any) => r.key === 'pns_tni_polri').label).toBe('PNS/TNI/Polri');
    expect(counts(table(body, 'simfoni.victimsByMaritalStatus'))).toEqual({
      kawin: 2,
      belum_kawin: 1,
      tidak_diketahui: 1,
    });
    expect(counts(table(body, 'simfoni.victimsByEducation'))).toEqual({
      sd: 2,
      perguruan_tinggi: 1,
      tidak_diketahui: 1,
    });
    expect(counts(table(body, 'simfoni.victimsByNationality'))).toEqual({ wni: 3, wna: 1 });
    const place = table(body, 'simfoni.casesByPlace');
    expect(counts(place)).toEqual({ lembaga_pendidikan_kilat: 1, lainnya: 1, rumah_tangga: 1, sekolah: 1 });
    expect(place.rows.map((r: any) => r.key)).toEqual([
      'rumah_tangga',
      'tempat_kerja',
      'sekolah',
      'fasilitas_umum',
      'lembaga_pendidikan_kilat',
      'lainnya',
    ]);
    expect(counts(table(body, 'simfoni.perpetratorsByRelationship'))).toEqual({
      tidak_diketahui: 1,
      orang_tua: 1,
      suami_istri: 1,
      guru: 1,
    });
    expect(counts(table(body, 'simfoni.casesVsVictims'))).toEqual({ cases: 4, victims: 3 });
    expect(counts(table(body, 'simfoni.servicesByType'))).toEqual({
      penegakan_hukum: 1,
      pemulangan: 1,
      rehabilitasi_sosial: 1,
    });
    expect(counts(table(body, 'simfoni.servicesAll'))).toEqual({
      penegakan_hukum: 1,
      pemulangan: 1,
      rehabilitasi_sosial: 1,
      penampungan_sementara: 1,
      bantuan_hukum: 1,
    });
    const byInst = table(body, 'simfoni.servicesByInstitution');
    expect(byInst.columnLabels).toContain('Penegakan hukum');
    const centre = byInst.rows.find((r: any) => r.label === 'Pusat layanan sendiri');
    const at = (code: string) => byInst.columns.indexOf(code);
    expect([
      centre.values[at('penegakan_hukum')],
      centre.values[at('pemulangan')],
      centre.values[at('rehabilitasi_sosial')],
      centre.values[at('penampungan_sementara')],
      centre.total,
    ]).toEqual([1, 1, 1, 1, 4]);
    const lbh = byInst.rows.find((r: any) => r.key === lbhId);
    expect([lbh.values[at('bantuan_hukum')], lbh.total]).toEqual([1, 1]);
  });

  it('exports the national grouping as CSV with the grouping named', async () => {
    const res = await request(t.server)
      .get(`/api/reports/statistics/export?from=${FROM}&to=${TO}&codes=national&format=csv`)
      .set(bearer(coord))
      .set('Accept-Language', 'en')
      .expect(200);
    expect(res.headers['content-disposition']).toContain(
      'lentera-simfoni-national-2026-01-01-2026-01-15.csv',
    );
    expect(res.text).toContain('"Code grouping","National groups (SIMFONI-PPA)"');
    expect(res.text).toContain('"Civil servant / military / police",3');
  });

  it('refuses an unknown code grouping with 400', async () => {
    await request(t.server)
      .get(`/api/reports/statistics?from=${FROM}&to=${TO}&codes=provincial`)
      .set(bearer(coord))
      .expect(400);
  });

  it('offers the switch on the statistics page, in both languages', async () => {
    const agent = await pageLogin(t, 'coord');
    const id = await agent.get(`/reports?from=${FROM}&to=${TO}&codes=national`).expect(200);
    expect(id.text).toContain('id="f-codes"');
    expect(id.text).toContain('<option value="national" selected>');
    expect(id.text).toContain('PNS/TNI/Polri');
    expect(id.text).toContain('Lembaga pendidikan kilat');
    await agent
      .post('/language')
      .type('form')
      .send({ _csrf: csrfFrom(id.text), language: 'en', next: '/reports' })
      .expect(303);
    const en = await agent.get(`/reports?from=${FROM}&to=${TO}&codes=national`).expect(200);
    expect(en.text).toContain('<html lang="en">');
    expect(en.text).toContain('Code grouping');
    expect(en.text).toContain('Short-course or training institution');
    expect(en.text).toContain('Temporary shelter (safe house)');
  });

  describe('export for national reporting', () => {
    const post = (path: string, body: Record<string, unknown>, token = coord) =>
      request(t.server)
        .post(`/api/reports/national-export${path}`)
        .set(bearer(token))
        .set('Accept-Language', 'en')
        .send(body);
    /** CSV → rows of cells (the metadata lines first, then the table). */
    const parse = (text: string) =>
      text
        .replace(/^\uFEFF/, '')
        .trim()
        .split(/\r\n/)
        .map((line) =>
          [...line.matchAll(/("([^"]|"")*"|[^,]*)(,|$)/g)]
            .map((m) => m[1]!.replace(/^"|"$/g, '').replace(/""/g, '"'))
            .slice(0, -1),
        );

    it('lists per consented case what the national form lacks (dry run)', async () => {
      const res = await post('/dry-run', { from: FROM, to: TO }).expect(200);
      expect(res.body.note).toContain('region');
      expect(res.body.complete).toBe(0);
      expect(res.body.cases.map((c: any) => [c.number, c.missing])).toEqual([
        [numbers.a, ['regionCode', 'perpetratorRelationship']],
        [numbers.d, ['regionCode', 'victimEducation', 'victimOccupation', 'victimMaritalStatus']],
      ]);
      expect(res.body.cases[0].missingLabels).toEqual([
        'Region code',
        "Perpetrator's relationship to the victim",
      ]);
    });

    it('gives one row per victim of a consented case in the national groups, no personal data by default, audited', async () => {
      const res = await post('', { from: FROM, to: TO, format: 'csv' }).expect(200);
      expect(res.headers['content-disposition']).toContain('lentera-simfoni-2026-01-01-2026-01-15.csv');
      const lines = parse(res.text);
      const h = lines.findIndex((l) => l[0] === 'Case number');
      expect(lines[h]).toEqual([
        'Case number',
        'Complaint date',
        'Incident date',
        'Region code',
        'District (text)',
        "Victim's sex",
        "Victim's age",
        'Child victim',
        "Victim's education",
        "Victim's occupation",
        "Victim's marital status",
        "Victim's nationality",
        "Victim's disability",
        'Violence types',
        'Place of the incident',
        'Number of perpetrators',
        "Perpetrators' relationship to the victim",
        "Perpetrators' sex",
        'Services received',
      ]);
      const rows = lines.slice(h + 1);
      expect(rows).toEqual([
        [
          numbers.a,
          '2026-01-05',
          '2026-01-04',
          '',
          'Tembalang',
          'Perempuan',
          '35',
          'No',
          'SD',
          'PNS/TNI/Polri',
          'Kawin',
          'WNI',
          '',
          'Fisik; Psikis',
          'Lembaga pendidikan kilat',
          '1',
          'Tidak diketahui',
          'Tidak diketahui',
          'Pemulangan; Penegakan hukum; Rehabilitasi sosial',
        ],
        [
          numbers.d,
          '2026-01-12',
          '2026-01-11',
          '',
          'Tembalang',
          'Perempuan',
          '31',
          'No',
          'Tidak diketahui',
          'Tidak diketahui',
          'Tidak diketahui',
          'WNI',
          '',
          'Fisik; Psikis',
          'Sekolah',
          '1',
          'Guru',
          'Laki-laki',
          'Bantuan hukum',
        ],
      ]);
      expect(res.text).not.toContain('Rina Nasional');
      expect(res.text).not.toContain('Jl. Melati');
      const adm = await apiLogin(t, 'adm');
      const audit = await request(t.server)
        .get('/api/audit-logs?action=reports.national_export')
        .set(bearer(adm))
        .expect(200);
      expect(audit.body.items.map((e: any) => e.code)).toContain('rows:2');
    });

    it('adds the personal fields the national form asks for only with the reason, each audited', async () => {
      const refused = await post('', { from: FROM, to: TO, format: 'csv', personalFields: ['victimName'] });
      expect([refused.status, refused.body.code]).toEqual([422, 'CASE_EXPORT_REASON_REQUIRED']);
      const phone = await post('', {
        from: FROM,
        to: TO,
        format: 'csv',
        personalFields: ['victimPhone'],
        reason: 'simfoni_by_name_by_address',
      });
      expect([phone.status, phone.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      const res = await post('', {
        from: FROM,
        to: TO,
        format: 'xlsx',
        personalFields: ['victimName', 'victimNik'],
        reason: 'simfoni_by_name_by_address',
      })
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        })
        .expect(200);
      const wb = new Workbook();
      await wb.xlsx.load(res.body as any);
      const sheet = wb.worksheets[1]!;
      expect(sheet.getCell('A1').value).toBe('Cases for national reporting (SIMFONI-PPA)');
      const header = (sheet.getRow(4).values as unknown[]).slice(1);
      expect(header.slice(-3)).toEqual(['Services received', "Victim's name", "Victim's NIK"]);
      const first = (sheet.getRow(5).values as unknown[]).slice(1);
      expect([first[0], first[9], first.at(-2), first.at(-1)]).toEqual([
        numbers.a,
        'PNS/TNI/Polri',
        'Rina Nasional',
        '3374111122223333',
      ]);
      expect(sheet.rowCount).toBe(6);
      const adm = await apiLogin(t, 'adm');
      const audit = await request(t.server)
        .get('/api/audit-logs?action=reports.national_export.personal_field')
        .set(bearer(adm))
        .expect(200);
      expect(audit.body.items.map((e: any) => e.code).sort()).toEqual([
        'victimName:simfoni_by_name_by_address',
        'victimNik:simfoni_by_name_by_address',
      ]);
    });

    it('is refused to everyone but coordinators (403, audited)', async () => {
      const res = await post('', { from: FROM, to: TO, format: 'csv' }, couns);
      expect(res.status).toBe(403);
      expect((await post('/dry-run', { from: FROM, to: TO }, couns)).status).toBe(403);
      const adm = await apiLogin(t, 'adm');
      const audit = await request(t.server)
        .get('/api/audit-logs?action=reports.export&outcome=denied')
        .set(bearer(adm))
        .expect(200);
      expect(audit.body.items.length).toBeGreaterThanOrEqual(2);
    });

    it('has a page with the dry run and the download, in both languages', async () => {
      const agent = await pageLogin(t, 'coord');
      // the language is the account's (an earlier test may have switched it): Indonesian first
      const home = await agent.get('/').expect(200);
      await agent
        .post('/language')
        .type('form')
        .send({ _csrf: csrfFrom(home.text), language: 'id', next: '/reports' })
        .expect(303);
      const page = await agent.get(`/reports/national-export?from=${FROM}&to=${TO}`).expect(200);
      expect(page.text).toContain('<h1>Ekspor pelaporan nasional (SIMFONI-PPA)</h1>');
      expect(page.text).toContain('2 kasus dengan persetujuan statistik dalam periode ini; 0 lengkap.');
      expect(page.text).toContain(
        `>${numbers.d}</a></th><td>Kode wilayah, Pendidikan korban, Pekerjaan korban, Status perkawinan korban</td>`,
      );
      const refused = await agent
        .post('/reports/national-export')
        .type('form')
        .send({
          _csrf: csrfFrom(page.text),
          from: FROM,
          to: TO,
          format: 'csv',
          personalFields: 'victimName',
        });
      expect(refused.status).toBe(422);
      expect(refused.text).toContain('role="alert"');
      const file = await agent
        .post('/reports/national-export')
        .type('form')
        .send({ _csrf: csrfFrom(page.text), from: FROM, to: TO, format: 'csv' })
        .expect(200);
      expect(file.headers['content-disposition']).toContain('lentera-simfoni-2026-01-01-2026-01-15.csv');
      expect(file.text).toContain('"PNS/TNI/Polri"');
      await agent
        .post('/language')
        .type('form')
        .send({ _csrf: csrfFrom(page.text), language: 'en', next: '/reports' })
        .expect(303);
      const en = await agent.get(`/reports/national-export?from=${FROM}&to=${TO}`).expect(200);
      expect(en.text).toContain('<h1>National reporting export (SIMFONI-PPA)</h1>');
      expect(en.text).toContain('Region code, Perpetrator&#x27;s relationship to the victim');
      const counselor = await pageLogin(t, 'couns');
      expect((await counselor.get('/reports/national-export')).status).toBe(403);
    });
  });
});
