import { Workbook } from 'exceljs';
import request from 'supertest';
import { Role } from '../src/platform/auth/permissions';
import { ServiceRole } from '../src/institutions/service-roles';
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
  csrfFrom,
  createUser,
  expectErrorShape,
  pageLogin,
  TEST_PASSWORD,
  TestApp,
} from './support/test-app';

/**
 * Reports: every table is checked against a fixture whose true counts the test computes itself from
 * the attributes it registered the cases with (never from the application's code).
 */

interface Spec {
  receivedAt: string;
  sex: 'female' | 'male';
  age: number | null;
  district: string;
  education: string | null;
  occupation: string | null;
  disabilities: string[];
  violence: string[];
  gbv: string[];
  place: string;
  perps: { sex: 'female' | 'male' | null; age: number | null; relationship: string }[];
  /** statistics consent: true, false, or never asked */
  consent: boolean | null;
}

const FROM = '2026-01-01';
const TO = '2026-01-15';

// a deterministic mix
const SEXES = ['female', 'female', 'male'] as const;
const AGES = [3, 8, 15, 16, 20, 30, 30, 41, 50, 65, null];
const DISTRICTS = ['Tembalang', 'Genuk', 'Tembalang'];
const EDUCATION = ['primary', 'senior_secondary', 'higher', null];
const OCCUPATION = ['student', 'housewife', 'labourer', null, 'employee'];
const DISABILITIES = [[], [], ['physical'], [], ['sensory', 'mental']];
const VIOLENCE = [
  ['physical'],
  ['physical', 'psychological'],
  ['sexual'],
  ['neglect'],
  ['trafficking', 'exploitation'],
];
const GBV = [
  ['physical_assault'],
  ['psychological_abuse', 'physical_assault'],
  ['rape', 'sexual_assault'],
  ['denial_of_resources'],
  ['forced_marriage', 'psychological_abuse'],
];
const PLACES = ['household', 'household', 'school', 'workplace', 'public_facility', 'online'];
const RELS = ['spouse', 'parent', 'neighbour', 'teacher', 'stranger'];
const CONSENT = [true, true, false, null, true];

function specs(): Spec[] {
  const out: Spec[] = [];
  for (let i = 0; i < 36; i++) {
    out.push({
      receivedAt: `2026-01-${String((i % 15) + 1).padStart(2, '0')}`,
      sex: SEXES[i % 3]!,
      age: AGES[i % AGES.length]!,
      district: DISTRICTS[i % 3]!,
      education: EDUCATION[i % 4]!,
      occupation: OCCUPATION[i % 5]!,
      disabilities: DISABILITIES[i % 5]!,
      violence: VIOLENCE[i % 5]!,
      gbv: GBV[(i * 3) % 5]!,
      place: PLACES[i % 6]!,
      perps:
        i % 4 === 0
          ? [
              { sex: 'male', age: 40, relationship: RELS[i % 5]! },
              { sex: null, age: null, relationship: 'stranger' },
            ]
          : [{ sex: i % 7 === 0 ? 'female' : 'male', age: 17 + i, relationship: RELS[i % 5]! }],
      consent: CONSENT[i % 5]!,
    });
  }
  // outside the period: never counted
  out.push({ ...out[0]!, receivedAt: '2025-12-20', consent: true });
  out.push({ ...out[1]!, receivedAt: '2025-12-31', consent: true });
  return out;
}

// ---- the test's own reckoning ---------------------------------------------------------------------

const SIMFONI = [
  [0, 5, '0_5'],
  [6, 12, '6_12'],
  [13, 17, '13_17'],
  [18, 24, '18_24'],
  [25, 44, '25_44'],
  [45, 59, '45_59'],
  [60, 200, '60_plus'],
] as const;
const GBVIMS = [
  [0, 11, '0_11'],
  [12, 17, '12_17'],
  [18, 25, '18_25'],
  [26, 40, '26_40'],
  [41, 60, '41_60'],
  [61, 200, '61_plus'],
] as const;
const band = (age: number | null, bands: readonly (readonly [number, number, string])[]) =>
  age === null ? 'unknown' : (bands.find(([lo, hi]) => age >= lo && age <= hi)?.[2] ?? 'unknown');
const ORDER = [
  'rape',
  'sexual_assault',
  'physical_assault',
  'forced_marriage',
  'denial_of_resources',
  'psychological_abuse',
];

const count = <T>(xs: T[], pred: (x: T) => boolean) => xs.filter(pred).length;

/** Community groups of the fixture (programme grouping). */
const GROUPS = [
  { kind: 'pkk', district: 'Tembalang', isActive: true },
  { kind: 'pkk', district: 'Genuk', isActive: true },
  { kind: 'posyandu', district: 'Tembalang', isActive: true },
  { kind: 'kube', district: 'Genuk', isActive: false },
];

/** A table's value for row `key`, column index `c` (0 when the row is absent). */
function value(table: any, key: string, c = 0): number | string {
  const row = table.rows.find((r: any) => r.key === key);
  return row ? row.values[c] : 0;
}

describe('reports: statistics (e2e)', () => {
  let t: TestApp;
  let coord: string;
  let counselorId: string;
  const all = specs();
  const inPeriod = (s: Spec) => s.receivedAt >= FROM && s.receivedAt <= TO;
  const caseIds: string[] = [];
  /** The victims of those cases: their narratives and referral reasons name them (case-fixtures). */
  const persons: PersonalValues[] = [];
  let delivered: { type: string; spec: Spec }[] = [];
  const referrals: { institution: string; outcome: string }[] = [];

  const api = (token: string) => ({
    get: (url: string) => request(t.server).get(url).set(bearer(token)),
  });
  const stats = (query: string, token = coord) => api(token).get(`/api/reports/statistics?${query}`);
  const table = (body: any, id: string) => body.tables.find((x: any) => x.id === id);

  beforeAll(async () => {
    t = await createTestApp();
    await createUser(t, 'coord', [Role.Coordinator]);
    counselorId = (await createUser(t, 'couns', [Role.Counselor])).id;
    await createUser(t, 'adm', [Role.Admin]);
    await createUser(t, 'desk', [Role.FrontDesk]);
    await createUser(t, 'pugsec', [Role.PugSecretariat]);
    coord = await apiLogin(t, 'coord');
    for (const s of all) {
      const c = await registerCase(t, coord, {
        receivedAt: s.receivedAt,
        victim: {
          sex: s.sex,
          birthDate: undefined,
          estimatedAge: s.age ?? undefined,
          district: s.district,
          education: s.education ?? undefined,
          occupation: s.occupation ?? undefined,
          disabilities: s.disabilities,
        },
        perpetrators: s.perps.map((p) => ({
          relationship: p.relationship,
          ...(p.sex ? { sex: p.sex } : {}),
          ...(p.age !== null ? { age: p.age } : {}),
        })),
        incident: {
          date: s.receivedAt,
          placeType: s.place,
          violenceTypes: s.violence,
          gbvApplies: s.gbv,
        },
      });
      caseIds.push(c.id);
      persons.push(c.person);
      if (s.consent !== null) {
        await request(t.server)
          .put(`/api/cases/${c.id}/statistics-consent`)
          .set(bearer(coord))
          .send({ included: s.consent, version: 0 })
          .expect(200);
      }
    }
    // Services delivered on three cases of the period (psychological ×2, legal ×1) and one planned only.
    const couns = await apiLogin(t, 'couns');
    const plans = [
      [0, 'psychological', true],
      [1, 'psychological', true],
      [2, 'legal', true],
      [3, 'medical', false],
    ] as const;
    for (const [i, type, deliver] of plans) {
      const id = caseIds[i]!;
      const c = (await request(t.server).get(`/api/cases/${id}`).set(bearer(coord)).expect(200)).body;
      const assigned = await request(t.server)
        .post(`/api/cases/${id}/assignment`)
        .set(bearer(coord))
        .send({ counselorId, version: c.version })
        .expect(200);
      await request(t.server)
        .post(`/api/cases/${id}/transitions`)
        .set(bearer(coord))
        .send({ transition: 'start_counseling', version: assigned.body.version })
        .expect(200);
      const planned = await request(t.server)
        .post(`/api/cases/${id}/services`)
        .set(bearer(couns))
        .send({ type, plannedDate: '2026-01-14' })
        .expect(201);
      if (deliver) {
        await request(t.server)
          .patch(`/api/cases/${id}/services/${planned.body.id}`)
          .set(bearer(couns))
          .send({ version: planned.body.version, status: 'delivered' })
          .expect(200);
        delivered.push({ type, spec: all[i]! });
      }
    }
    delivered = [...delivered];
    // Prevention activities (programme grouping).
    for (const a of [
      {
        activityDate: '2026-01-05',
        district: 'Tembalang',
        femaleAdults: 30,
        maleAdults: 5,
        femaleChildren: 2,
      },
      { activityDate: '2026-01-12', district: 'Tembalang', femaleAdults: 10, maleChildren: 7 },
      { activityDate: '2026-01-09', district: 'Genuk', maleAdults: 12 },
      { activityDate: '2025-11-09', district: 'Genuk', maleAdults: 99 },
    ]) {
      await request(t.server)
        .post('/api/prevention-activities')
        .set(bearer(coord))
        .send({ kind: 'socialization', title: 'Sosialisasi pencegahan KDRT', ...a })
        .expect(201);
    }
    // Community groups (programme grouping): registered now, counted by kind, active or not.
    for (const g of GROUPS) {
      await request(t.server)
        .post('/api/community-groups')
        .set(bearer(coord))
        .send({ name: `Kelompok ${g.kind} ${g.district}`, ...g })
        .expect(201);
    }
    // Referrals made in the period (programme grouping): cases 0 and 1 (in initial counseling) to a
    // hospital, one completed with an outcome and one still pending; case 2 to a police unit, pending.
    const admin = await apiLogin(t, 'adm');
    const institution = async (name: string, type: string, serviceRole: string) => {
      const res = await request(t.server)
        .post('/api/institutions')
        .set(bearer(admin))
        .send({ name, type, serviceRoles: [serviceRole] })
        .expect(201);
      const member = `tm_${type}`;
      await t.app.get(UsersService).create(
        {
          username: member,
          displayName: `Anggota ${type}`,
          roles: [Role.TeamMember],
          institutionId: res.body.id,
          serviceRoles: [serviceRole as ServiceRole],
        },
        { password: TEST_PASSWORD, mustChangePassword: false },
      );
      return { id: res.body.id as string, member };
    };
    const rs = await institution('RSUD Statistik', 'hospital', 'medical');
    const police = await institution('Unit PPA Statistik', 'police_unit', 'law_enforcement');
    for (const [i, to, role, outcome] of [
      [0, rs, 'medical', 'service_provided'],
      [1, rs, 'medical', null],
      [2, police, 'law_enforcement', null],
    ] as const) {
      const id = caseIds[i]!;
      await request(t.server)
        .post(`/api/cases/${id}/consents`)
        .set(bearer(couns))
        .send({
          givenBy: 'parent', // cases 0 to 2 are children (3, 8 and 15 years old): a guardian consents
          giverName: 'Ibu Wali',
          givenOn: '2026-01-14',
          method: 'verbal',
          witnessName: 'Saksi',
          serviceRoles: [role],
          institutionIds: [],
          categories: ['identity'],
        })
        .expect(201);
      const r = await request(t.server)
        .post(`/api/cases/${id}/referrals`)
        .set(bearer(couns))
        .send({
          serviceRole: role,
          targetInstitutionId: to.id,
          urgency: 'routine',
          reason: personalText('Mohon layanan lanjutan', persons[i]),
          categories: ['identity'],
        })
        .expect(201);
      if (outcome) {
        const tm = await apiLogin(t, to.member);
        const partner = (path: string, body: object) =>
          request(t.server).post(`/api/partner/referrals/${r.body.id}/${path}`).set(bearer(tm)).send(body);
        await partner('accept', { version: 1 }).expect(200);
        await partner('start', { version: 2 }).expect(200);
        await partner('complete', { version: 3, outcome }).expect(200);
      }
      referrals.push({ institution: to.id, outcome: outcome ?? 'no_outcome' });
    }
  }, 180_000);
  afterAll(() => t?.close());

  it('counts SIMFONI-PPA tables exactly for coordinators (internal view)', async () => {
    const res = await stats(`from=${FROM}&to=${TO}&grouping=simfoni`).expect(200);
    const body = res.body;
    expect(body).toEqual(
      expect.objectContaining({ grouping: 'simfoni', from: FROM, to: TO, district: null, external: false }),
    );
    const cases = all.filter(inPeriod);
    expect(cases).toHaveLength(36);

    // victims by sex × age band, with margins
    const sexAge = table(body, 'simfoni.victimsBySexAge');
    expect(sexAge.columns).toEqual(['female', 'male', 'unknown']);
    for (const b of [...SIMFONI.map((x) => x[2]), 'unknown'])
      for (const [c, sex] of ['female', 'male'].entries())
        expect([b, sex, value(sexAge, b, c)]).toEqual([
          b,
          sex,
          count(cases, (s) => band(s.age, SIMFONI) === b && s.sex === sex),
        ]);
    expect(sexAge.grandTotal).toBe(36);
    expect(sexAge.columnTotals).toEqual([
      count(cases, (s) => s.sex === 'female'),
      count(cases, (s) => s.sex === 'male'),
      0,
    ]);

    const byEdu = table(body, 'simfoni.victimsByEducation');
    for (const e of ['primary', 'senior_secondary', 'higher'])
      expect(value(byEdu, e)).toBe(count(cases, (s) => s.education === e));
    expect(value(byEdu, 'unknown')).toBe(count(cases, (s) => s.education === null));
    expect(byEdu.grandTotal).toBe(36);

    const byOcc = table(body, 'simfoni.victimsByOccupation');
    for (const o of ['student', 'housewife', 'labourer', 'employee'])
      expect(value(byOcc, o)).toBe(count(cases, (s) => s.occupation === o));
    expect(value(byOcc, 'unknown')).toBe(count(cases, (s) => s.occupation === null));

    const byDis = table(body, 'simfoni.victimsByDisability');
    for (const d of ['physical', 'intellectual', 'mental', 'sensory'])
      expect(value(byDis, d)).toBe(count(cases, (s) => s.disabilities.includes(d)));
    expect(value(byDis, 'none')).toBe(count(cases, (s) => s.disabilities.length === 0));
    expect(byDis.columnTotals).toBeNull();

    const byDistrict = table(body, 'simfoni.victimsByDistrict');
    expect(value(byDistrict, 'Tembalang')).toBe(count(cases, (s) => s.district === 'Tembalang'));
    expect(value(byDistrict, 'Genuk')).toBe(count(cases, (s) => s.district === 'Genuk'));

    const byViolence = table(body, 'simfoni.casesByViolenceType');
    for (const v of [
      'physical',
      'psychological',
      'sexual',
      'exploitation',
      'trafficking',
      'neglect',
      'other',
    ])
      expect([v, value(byViolence, v)]).toEqual([v, count(cases, (s) => s.violence.includes(v))]);

    const byPlace = table(body, 'simfoni.casesByPlace');
    for (const p of ['household', 'school', 'workplace', 'public_facility', 'online', 'other'])
      expect([p, value(byPlace, p)]).toEqual([p, count(cases, (s) => s.place === p)]);

    const perps = cases.flatMap((s) => s.perps);
    const perpSexAge = table(body, 'simfoni.perpetratorsBySexAge');
    for (const b of [...SIMFONI.map((x) => x[2]), 'unknown'])
      for (const [c, sex] of (['female', 'male', null] as const).entries())
        expect([b, sex, value(perpSexAge, b, c)]).toEqual([
          b,
          sex,
          count(perps, (p) => band(p.age, SIMFONI) === b && p.sex === sex),
        ]);
    expect(perpSexAge.grandTotal).toBe(perps.length);

    const perpRel = table(body, 'simfoni.perpetratorsByRelationship');
    for (const r of RELS)
      expect([r, value(perpRel, r)]).toEqual([r, count(perps, (p) => p.relationship === r)]);

    const services = table(body, 'simfoni.servicesByType');
    expect(value(services, 'psychological')).toBe(2);
    expect(value(services, 'legal')).toBe(1);
    expect(value(services, 'medical')).toBe(0);
    expect(services.grandTotal).toBe(delivered.length);
  });

  it('filters by district', async () => {
    const res = await stats(`from=${FROM}&to=${TO}&district=Genuk`).expect(200);
    const genuk = all.filter((s) => inPeriod(s) && s.district === 'Genuk');
    expect(table(res.body, 'simfoni.victimsBySexAge').grandTotal).toBe(genuk.length);
    const byDistrict = table(res.body, 'simfoni.victimsByDistrict');
    expect(byDistrict.rows.map((r: any) => r.key)).toEqual(['Genuk']);
    const byViolence = table(res.body, 'simfoni.casesByViolenceType');
    expect(value(byViolence, 'physical')).toBe(count(genuk, (s) => s.violence.includes('physical')));
    // services: cases 0 and 2 are in Tembalang, case 1 in Genuk
    expect(table(res.body, 'simfoni.servicesByType').grandTotal).toBe(
      count(delivered, (d) => d.spec.district === 'Genuk'),
    );
  });

  it('counts GBVIMS incidents once by the decision order, by GBVIMS age group and sex', async () => {
    const res = await stats(`from=${FROM}&to=${TO}&grouping=gbvims`).expect(200);
    const g = table(res.body, 'gbvims.incidentsByCoreType');
    const cases = all.filter(inPeriod);
    const coreOf = (s: Spec) => ORDER.find((o) => s.gbv.includes(o)) ?? null;
    for (const type of ORDER)
      for (const b of [...GBVIMS.map((x) => x[2]), 'unknown'])
        for (const sex of ['female', 'male']) {
          const c = g.columns.indexOf(`${b}.${sex}`);
          expect(c).toBeGreaterThanOrEqual(0);
          expect([type, b, sex, value(g, type, c)]).toEqual([
            type,
            b,
            sex,
            count(cases, (s) => coreOf(s) === type && band(s.age, GBVIMS) === b && s.sex === sex),
          ]);
        }
    expect(g.grandTotal).toBe(count(cases, (s) => coreOf(s) !== null));
  });

  it('sums prevention activities by quarter and district in the period (programme grouping)', async () => {
    const res = await stats(`from=${FROM}&to=${TO}&grouping=programme`).expect(200);
    const prevention = table(res.body, 'programme.prevention');
    expect(prevention.columns).toEqual([
      'activities',
      'femaleChildren',
      'maleChildren',
      'femaleAdults',
      'maleAdults',
    ]);
    expect(prevention.rows.find((r: any) => r.key === '2026-Q1|Tembalang').values).toEqual([2, 2, 7, 40, 5]);
    expect(prevention.rows.find((r: any) => r.key === '2026-Q1|Genuk').values).toEqual([1, 0, 0, 0, 12]);
    expect(prevention.columnTotals).toEqual([3, 2, 7, 40, 17]);
    // Referrals of the period: by the institution that took them (its id) × outcome, margins included.
    const byReferral = table(res.body, 'programme.referrals');
    expect(byReferral.columns.slice(-1)).toEqual(['no_outcome']);
    const institutions = [...new Set(referrals.map((r) => r.institution))];
    expect(byReferral.rows.map((r: any) => r.key).sort()).toEqual(institutions.sort());
    for (const inst of institutions)
      for (const [c, outcome] of byReferral.columns.entries())
        expect([inst, outcome, value(byReferral, inst, c)]).toEqual([
          inst,
          outcome,
          count(referrals, (r) => r.institution === inst && r.outcome === outcome),
        ]);
    expect(byReferral.grandTotal).toBe(referrals.length);
    // Community groups as registered now: by kind, active / inactive.
    const groups = table(res.body, 'programme.communityGroups');
    expect(groups.columns).toEqual(['active', 'inactive']);
    expect(groups.rows.map((r: any) => r.key)).toEqual([
      'pkk',
      'posyandu',
      'religious',
      'kube',
      'youth',
      'other',
    ]);
    for (const row of groups.rows)
      expect([row.key, row.values]).toEqual([
        row.key,
        [
          count(GROUPS, (g) => g.kind === row.key && g.isActive),
          count(GROUPS, (g) => g.kind === row.key && !g.isActive),
        ],
      ]);
    expect(groups.grandTotal).toBe(GROUPS.length);
  });

  it('external figures count only consented cases and suppress small cells (no cell 1–4, none recoverable)', async () => {
    const res = await stats(`from=${FROM}&to=${TO}&grouping=simfoni&external=true`).expect(200);
    expect(res.body.external).toBe(true);
    const consented = all.filter((s) => inPeriod(s) && s.consent === true);
    expect(consented.length).toBeGreaterThanOrEqual(5);
    const sexAge = table(res.body, 'simfoni.victimsBySexAge');
    expect(sexAge.grandTotal).toBe(consented.length);
    const byDistrict = table(res.body, 'simfoni.victimsByDistrict');
    const tem = count(consented, (s) => s.district === 'Tembalang');
    expect(value(byDistrict, 'Tembalang')).toBe(tem >= 5 ? tem : '<5');
    // every case-based table of both groupings is checked (not none because a list came back empty)
    const g = await stats(`from=${FROM}&to=${TO}&grouping=gbvims&external=true`).expect(200);
    const checked = [...res.body.tables, ...g.body.tables].filter(checkSuppressed);
    expect(checked.length).toBeGreaterThanOrEqual(8);
    // Internal figures of the same period include the cases without consent.
    const internal = await stats(`from=${FROM}&to=${TO}&grouping=simfoni`).expect(200);
    expect(table(internal.body, 'simfoni.victimsBySexAge').grandTotal).toBe(36);
  });

  it('refuses bad filters (400) and a reversed period (422)', async () => {
    expectErrorShape((await stats('from=2026-01-01')).body, 400, 'VALIDATION_FAILED');
    expectErrorShape((await stats(`from=${FROM}&to=${TO}&grouping=who`)).body, 400, 'VALIDATION_FAILED');
    expectErrorShape((await stats(`from=2026-02-01&to=2026-01-01`)).body, 422, 'REPORT_PERIOD_INVALID');
  });

  it('lets only coordinators read and export (others 403, anonymous 401)', async () => {
    for (const user of ['adm', 'couns', 'desk', 'pugsec']) {
      const token = await apiLogin(t, user);
      expectErrorShape((await stats(`from=${FROM}&to=${TO}`, token)).body, 403);
      expectErrorShape(
        (await api(token).get(`/api/reports/statistics/export?from=${FROM}&to=${TO}&format=csv`)).body,
        403,
      );
    }
    await request(t.server).get(`/api/reports/statistics?from=${FROM}&to=${TO}`).expect(401);
    // a partner institution's team member
    const inst = await request(t.server)
      .post('/api/institutions')
      .set(bearer(await apiLogin(t, 'adm')))
      .send({ name: 'RSUD Kota — PPT', type: 'hospital' });
    expect(inst.status).toBe(201);
    await createUser(t, 'tm', [Role.TeamMember], { institutionId: inst.body.id });
    expectErrorShape((await stats(`from=${FROM}&to=${TO}`, await apiLogin(t, 'tm'))).body, 403);
  });

  it('exports CSV with the period, filters and generation time', async () => {
    const res = await api(coord)
      .get(`/api/reports/statistics/export?from=${FROM}&to=${TO}&district=Tembalang&format=csv`)
      .set('Accept-Language', 'en')
      .expect(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toContain('lentera-simfoni-2026-01-01-2026-01-15.csv');
    const text = res.text;
    expect(text).toContain('"From",2026-01-01'.replace('2026-01-01', '"2026-01-01"'));
    expect(text).toContain('"Tembalang"');
    expect(text).toContain('"Generated at (UTC)","2026-01-15T08:00:00.000Z"');
    expect(text).toContain('"Victims by sex and age band"');
    // an export of figures: none of the victims' values
    for (const person of persons) expectNoVictimValues(text, person, 'statistics export');
    const tem = all.filter((s) => inPeriod(s) && s.district === 'Tembalang');
    expect(text).toContain(
      `"Total",${count(tem, (s) => s.sex === 'female')},${count(tem, (s) => s.sex === 'male')},0,${tem.length}`,
    );
    // one table only
    const one = await api(coord)
      .get(`/api/reports/statistics/export?from=${FROM}&to=${TO}&format=csv&table=simfoni.casesByPlace`)
      .expect(200);
    expect(one.text).toContain('Kasus menurut tempat kejadian');
    expect(one.text).not.toContain('Korban menurut pendidikan');
    await api(coord)
      .get(`/api/reports/statistics/export?from=${FROM}&to=${TO}&format=csv&table=nope`)
      .expect(404);
  });

  it('exports XLSX that opens with an information sheet and one sheet per table (external: suppressed)', async () => {
    const res = await api(coord)
      .get(`/api/reports/statistics/export?from=${FROM}&to=${TO}&format=xlsx&external=true`)
      .set('Accept-Language', 'en')
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new Workbook();
    await wb.xlsx.load(res.body);
    const names = wb.worksheets.map((w) => w.name);
    expect(names[0]).toBe('Information');
    expect(names).toHaveLength(16);
    const info = wb.getWorksheet('Information')!;
    const infoRows = new Map<string, unknown>();
    info.eachRow((row) => infoRows.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(infoRows.get('From')).toBe(FROM);
    expect(infoRows.get('To')).toBe(TO);
    expect(infoRows.get('District')).toBe('All districts');
    expect(String(infoRows.get('Use'))).toContain('External');
    expect(infoRows.get('Generated at (UTC)')).toBe('2026-01-15T08:00:00.000Z');
    const sexAge = wb.worksheets[1]!;
    expect(sexAge.getCell('A1').value).toBe('Victims by sex and age band');
    expect(sexAge.getRow(4).values).toEqual([undefined, 'Age band', 'Female', 'Male', 'Unknown', 'Total']);
    const consented = all.filter((s) => inPeriod(s) && s.consent === true);
    const last = sexAge.getRow(sexAge.rowCount);
    expect(last.getCell(1).value).toBe('Total');
    expect(last.getCell(5).value).toBe(consented.length);
    // no cell from 1 to 4 anywhere in the workbook's tables (and there are cells to look at)
    const small: string[] = [];
    let numbers = 0;
    for (const ws of wb.worksheets.slice(1))
      ws.eachRow((row, n) => {
        if (n <= 4) return;
        row.eachCell((cell, c) => {
          if (c === 1) return;
          const v = cell.value;
          if (typeof v !== 'number') return;
          numbers++;
          if (v !== 0 && v < 5) small.push(`${ws.name}!${cell.address}=${v}`);
        });
      });
    expect(small).toEqual([]);
    expect(numbers).toBeGreaterThan(50);
  });

  it('shows the statistics page to coordinators only', async () => {
    const agent = await pageLogin(t, 'coord');
    const page = await agent.get(`/reports?from=${FROM}&to=${TO}`).expect(200);
    expect(page.text).toContain('data-table="simfoni.victimsBySexAge"');
    expect(page.text).toContain('/reports/export?');
    const csv = await agent.get(`/reports/export?from=${FROM}&to=${TO}&format=csv`).expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const bad = await agent.get(`/reports?from=2026-02-01&to=2026-01-01`);
    expect(bad.status).toBe(422);
    const admin = await pageLogin(t, 'adm');
    expect((await admin.get('/reports')).status).toBe(403);
  });

  describe('case list export (internal)', () => {
    const post = (body: Record<string, unknown>, token = coord) =>
      request(t.server)
        .post('/api/reports/case-export')
        .set(bearer(token))
        .set('Accept-Language', 'en')
        .send(body);

    it('has no personal data by default, one row per case of the period, and is audited', async () => {
      const res = await post({ from: FROM, to: TO, format: 'csv' }).expect(200);
      expect(res.headers['content-disposition']).toContain('lentera-cases-2026-01-01-2026-01-15.csv');
      const lines = res.text.trim().split(/\r\n/);
      const header = lines.findIndex((l) => l.startsWith('"Case number"'));
      expect(lines.length - header - 1).toBe(36);
      expect(lines[header]).not.toMatch(/name|NIK|phone|address/i);
      expect(res.text).not.toContain('Siti Rahmawati');
      expect(res.text).not.toContain('Jl. Melati');
      const adm = await apiLogin(t, 'adm');
      const audit = await request(t.server)
        .get('/api/audit-logs?action=reports.case_export')
        .set(bearer(adm))
        .expect(200);
      expect(audit.body.items.map((e: any) => e.code)).toContain('rows:36');
    });

    it('adds personal data only field by field with a stated reason, each audited', async () => {
      const refused = await post({ from: FROM, to: TO, format: 'csv', personalFields: ['victimName'] });
      expectErrorShape(refused.body, 422, 'CASE_EXPORT_REASON_REQUIRED');
      expectErrorShape(
        (
          await post({
            from: FROM,
            to: TO,
            format: 'csv',
            personalFields: ['victimSalary'],
            reason: 'case_transfer',
          })
        ).body,
        400,
        'VALIDATION_FAILED',
      );
      const res = await post({
        from: FROM,
        to: TO,
        format: 'csv',
        personalFields: ['victimName'],
        reason: 'case_transfer',
      }).expect(200);
      expect(res.text).toContain("Victim's name");
      expect(res.text).toContain('Siti Rahmawati Test');
      expect(res.text).not.toContain('Jl. Melati');
      const adm = await apiLogin(t, 'adm');
      const audit = await request(t.server)
        .get('/api/audit-logs?action=reports.case_export.personal_field')
        .set(bearer(adm))
        .expect(200);
      expect(audit.body.items.map((e: any) => e.code)).toEqual(['victimName:case_transfer']);
      expect(JSON.stringify(audit.body)).not.toContain('Siti');
    });

    /** Polls a job until it is no longer running. */
    async function finished(get: (url: string) => request.Test, url: string): Promise<any> {
      for (let i = 0; i < 100; i++) {
        const res = await get(url).expect(200);
        if (res.body.status !== 'running') return res.body;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error('export job did not finish');
    }

    it('runs in the background with progress; only its owner sees and downloads it', async () => {
      const started = await request(t.server)
        .post('/api/reports/case-export/jobs')
        .set(bearer(coord))
        .send({ from: FROM, to: TO, format: 'csv' })
        .expect(202);
      expect(started.body).toEqual(expect.objectContaining({ status: 'running', percent: 0 }));
      const url = `/api/reports/case-export/jobs/${started.body.id}`;
      const done = await finished((u) => request(t.server).get(u).set(bearer(coord)), url);
      expect(done).toEqual(expect.objectContaining({ status: 'done', done: 36, total: 36, percent: 100 }));
      const file = await request(t.server).get(`${url}/file`).set(bearer(coord)).expect(200);
      expect(file.text).toContain('Nomor kasus');
      // another coordinator cannot see it
      await createUser(t, 'coord2', [Role.Coordinator]);
      const other = await apiLogin(t, 'coord2');
      await request(t.server).get(url).set(bearer(other)).expect(404);
      await request(t.server).get(`${url}/file`).set(bearer(other)).expect(404);
      // a reason is checked before the job starts
      const refused = await request(t.server)
        .post('/api/reports/case-export/jobs')
        .set(bearer(coord))
        .send({ from: FROM, to: TO, format: 'csv', personalFields: ['victimPhone'] });
      expectErrorShape(refused.body, 422, 'CASE_EXPORT_REASON_REQUIRED');
    });

    it('starts from the page form (CSRF), shows progress and offers the download', async () => {
      const agent = await pageLogin(t, 'coord');
      const form = await agent.get('/reports/case-export').expect(200);
      expect(form.text).toContain('name="personalFields" value="victimName"');
      const csrf = csrfFrom(form.text);
      const noReason = await agent
        .post('/reports/case-export')
        .type('form')
        .send({ _csrf: csrf, from: FROM, to: TO, format: 'csv', personalFields: 'victimName' });
      expect(noReason.status).toBe(422);
      const res = await agent
        .post('/reports/case-export')
        .type('form')
        .send({ _csrf: csrf, from: FROM, to: TO, format: 'xlsx', district: 'Genuk' })
        .expect(303);
      const jobUrl = res.headers.location as string;
      expect(jobUrl).toMatch(/^\/reports\/case-export\/jobs\/[0-9a-f-]{36}$/);
      await finished((u) => agent.get(u), `${jobUrl}/status`);
      const page = await agent.get(jobUrl).expect(200);
      expect(page.text).toContain('<progress id="export-progress" max="100" value="100">');
      expect(page.text).toContain(`href="${jobUrl}/file"`);
      const file = await agent.get(`${jobUrl}/file`).expect(200);
      expect(file.headers['content-type']).toContain('spreadsheetml');
    });

    it('exports XLSX and refuses everyone but coordinators', async () => {
      const res = await post({ from: FROM, to: TO, format: 'xlsx', district: 'Genuk' })
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        })
        .expect(200);
      const wb = new Workbook();
      await wb.xlsx.load(res.body);
      const sheet = wb.worksheets[1]!;
      expect(sheet.getCell('A4').value).toBe('Case number');
      expect(sheet.rowCount - 4).toBe(all.filter((s) => inPeriod(s) && s.district === 'Genuk').length);
      for (const user of ['adm', 'couns', 'desk'])
        expectErrorShape(
          (await post({ from: FROM, to: TO, format: 'csv' }, await apiLogin(t, user))).body,
          403,
        );
    });
  });
});

/**
 * No cell from 1 to 4, and no line of the table extended with its margins (each row with its row
 * total; each column with its column total) holding exactly one suppressed cell — which could be
 * recomputed as the line's total minus the others. Returns false (nothing checked) for a table that
 * is not case-based.
 */
function checkSuppressed(tb: any): boolean {
  if (!tb.caseBased) return false;
  expect(tb.rows.length).toBeGreaterThan(0);
  const cells: (number | string)[][] = tb.rows.map((r: any) =>
    r.total === null ? [...r.values] : [...r.values, r.total],
  );
  if (tb.columnTotals)
    cells.push(
      tb.grandTotal !== null && tb.columns.length > 1
        ? [...tb.columnTotals, tb.grandTotal]
        : [...tb.columnTotals],
    );
  for (const row of cells)
    for (const v of row) {
      if (typeof v === 'number') expect(v === 0 || v >= 5).toBe(true);
      else expect(v).toBe('<5');
    }
  if (!tb.columnTotals) return true;
  const lines: (number | string)[][] = [...cells];
  for (let c = 0; c < (cells[0]?.length ?? 0); c++) lines.push(cells.map((r) => r[c]!));
  // a line of one cell (a row of a one-column table) is no equation
  for (const line of lines.filter((l) => l.length > 1))
    expect([tb.id, line.filter((v) => v === '<5').length === 1]).toEqual([tb.id, false]);
  return true;
}
