import request from 'supertest';
import { Role } from '../src/platform/auth/permissions';
import { UsersService } from '../src/users/users.service';
import { PersonalValues, personalText, registerCase } from './support/case-fixtures';
import {
  apiLogin,
  createTestApp,
  createUser,
  expectErrorShape,
  pageLogin,
  TEST_PASSWORD,
  TestApp,
} from './support/test-app';
import { bearer, caseVersion, createTrackWorld, fire, TrackWorld } from './tracks-support';

/** The coordinator dashboard: each figure against a fixture whose values the test knows. */
describe('reports: dashboard (e2e)', () => {
  let w: TrackWorld;
  const api = () => request(w.t.server);

  /** A case received on `receivedAt`, assigned to c1 and in initial counseling, with sessions on `sessions`. */
  async function counseled(receivedAt: string, sessions: string[], district = 'Tembalang') {
    const c = await registerCase(w.t, w.tokens.frontdesk, {
      receivedAt,
      victim: { district },
      incident: { date: receivedAt },
    });
    const assigned = await api()
      .post(`/api/cases/${c.id}/assignment`)
      .set(bearer(w.tokens.coordinator))
      .send({ counselorId: w.ids.c1, version: c.version })
      .expect(200);
    await fire(w, w.tokens.coordinator, c.id, {
      transition: 'start_counseling',
      version: assigned.body.version,
    }).expect(200);
    for (const heldAt of sessions)
      await api()
        .post(`/api/cases/${c.id}/counseling-sessions`)
        .set(bearer(w.tokens.counselor))
        .send({ heldAt, durationMinutes: 30 })
        .expect(201);
    return c;
  }

  beforeAll(async () => {
    w = await createTrackWorld();
    // intake → first counseling: 3, 1 and 7 days (median 3); a later session does not count
    await counseled('2026-01-02', ['2026-01-10', '2026-01-05']);
    await counseled('2026-01-10', ['2026-01-11']);
    await counseled('2026-01-08', ['2026-01-15'], 'Genuk');
    // still at intake, received in December
    await registerCase(w.t, w.tokens.frontdesk, {
      receivedAt: '2025-12-20',
      incident: { date: '2025-12-18' },
    });
    // sheltered for one planned day
    const e = await counseled('2026-01-12', []);
    await api()
      .post(`/api/cases/${e.id}/risk-assessments`)
      .set(bearer(w.tokens.counselor))
      .send({ assessedAt: '2026-01-15', threatToLife: true, riskLevel: 'critical', factors: [] })
      .expect(201);
    const house = await api()
      .post('/api/safe-houses')
      .set(bearer(w.tokens.coordinator))
      .send({ name: 'Rumah Melati', capacity: 3, address: 'Jl. Rahasia 1' })
      .expect(201);
    await fire(w, w.tokens.counselor, e.id, {
      transition: 'admit_to_shelter',
      version: await caseVersion(w, e.id),
      safeHouseId: house.body.id,
      plannedDays: 1,
    }).expect(200);
    // five days later the stay is past its planned length
    w.t.clock.set(new Date('2026-01-20T08:00:00.000Z'));
    // the sessions expired meanwhile
    for (const [key, user] of [
      ['coordinator', 'coord'],
      ['counselor', 'c1'],
      ['frontdesk', 'fd'],
      ['admin', 'adm'],
      ['team', 'tm'],
    ] as const)
      w.tokens[key] = await apiLogin(w.t, user);
  }, 120_000);
  afterAll(() => w?.t.close());

  const dashboard = (query: string, token = w.tokens.coordinator) =>
    api().get(`/api/reports/dashboard?${query}`).set(bearer(token));

  it('computes open cases by stage, new cases per month, overdue items, occupancy and medians', async () => {
    const res = await dashboard('from=2025-12-01&to=2026-01-31').expect(200);
    const b = res.body;
    expect(b.today).toBe('2026-01-20');
    const stage = (s: string) => b.openByStage.find((x: any) => x.stage === s)?.count;
    expect(stage('intake')).toBe(1);
    expect(stage('initial_counseling')).toBe(3);
    expect(stage('sheltered')).toBe(1);
    expect(b.openByStage.find((x: any) => x.stage === 'closed')).toBeUndefined();
    expect(b.newPerMonth).toEqual([
      { month: '2025-12', count: 1 },
      { month: '2026-01', count: 4 },
    ]);
    expect(b.overdue).toEqual({ referralAnswers: 0, actionItems: 0, shelterStays: 1 });
    expect(b.occupancy).toEqual([{ name: 'Rumah Melati', capacity: 3, occupied: 1 }]);
    // admitted on 15 January: empty at the end of December, one place taken in January (read now)
    expect(b.occupancyOverTime).toEqual([
      { month: '2025-12', occupied: 0 },
      { month: '2026-01', occupied: 1 },
    ]);
    expect(b.intakeToCounseling).toEqual({ median: 3, cases: 3 });
    expect(b.referralToAcceptance).toEqual([]);
  });

  it('filters by period and district', async () => {
    const jan = await dashboard('from=2026-01-01&to=2026-01-31').expect(200);
    expect(jan.body.newPerMonth).toEqual([{ month: '2026-01', count: 4 }]);
    const genuk = await dashboard('from=2025-12-01&to=2026-01-31&district=Genuk').expect(200);
    expect(genuk.body.newPerMonth).toEqual([{ month: '2026-01', count: 1 }]);
    expect(genuk.body.intakeToCounseling).toEqual({ median: 7, cases: 1 });
    expect(genuk.body.overdue.shelterStays).toBe(0);
    const even = await dashboard('from=2026-01-01&to=2026-01-09').expect(200);
    // cases received 2 and 8 January: 3 and 7 days → median 5
    expect(even.body.intakeToCounseling).toEqual({ median: 5, cases: 2 });
  });

  it('is for coordinators only', async () => {
    for (const token of [w.tokens.admin, w.tokens.counselor, w.tokens.frontdesk, w.tokens.team])
      expectErrorShape((await dashboard('from=2026-01-01&to=2026-01-31', token)).body, 403);
    expectErrorShape((await dashboard('from=2026-02-01&to=2026-01-31')).body, 422, 'REPORT_PERIOD_INVALID');
  });

  it('renders the charts with their numbers beside them, and serves Chart.js from the app', async () => {
    const agent = await pageLogin(w.t, 'coord');
    const page = await agent.get('/reports/dashboard?from=2025-12-01&to=2026-01-31').expect(200);
    for (const id of [
      'chart-stages',
      'chart-months',
      'chart-overdue',
      'chart-occupancy',
      'chart-occupancy-time',
      'chart-acceptance',
    ])
      expect(page.text).toContain(`id="${id}"`);
    expect(page.text).toContain('<script src="/reports/assets/chart.umd.js" defer></script>');
    expect(page.text).toContain('<script src="/static/js/reports-dashboard.js" defer></script>');
    expect(page.text).not.toMatch(/<script>(?!<\/script>)/);
    expect(page.text).toContain('data-values="[1,2]"'.replace('[1,2]', '[1,4]'));
    // The stage reads as the glossary says, like everywhere else.
    expect(page.text).toContain('<th scope="row">Rapat kasus</th>');
    expect(page.text).not.toContain('Konferensi kasus');
    // Months in words, in the table and on the chart's axis.
    expect(page.text).toMatch(/<th scope="row">Januari 2026<\/th><td>4<\/td>/);
    expect(page.text).toContain('data-labels="[&quot;Desember 2025&quot;,&quot;Januari 2026&quot;]"');
    expect(page.text).not.toMatch(/>2026-01</);
    const chart = await agent.get('/reports/assets/chart.umd.js').expect(200);
    expect(chart.headers['content-type']).toContain('javascript');
    expect(chart.text).toContain('Chart');
    await agent.get('/static/js/reports-dashboard.js').expect(200);
    const admin = await pageLogin(w.t, 'adm');
    expect((await admin.get('/reports/dashboard')).status).toBe(403);
  });
});

/**
 * The dashboard's referral figures against referrals whose dates the test sets: overdue answers
 * (pending past the due date) and the median days from sending to acceptance per institution.
 */
describe('reports: dashboard referral figures (e2e)', () => {
  let t: TestApp;
  const tok: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const at = (iso: string) => t.clock.set(new Date(`${iso}T08:00:00.000Z`));
  const as = (who: string) => ({
    post: (url: string, body: object) => request(t.server).post(url).set(bearer(tok[who])).send(body),
    get: (url: string) => request(t.server).get(url).set(bearer(tok[who])),
  });
  /** Sessions end when the clock jumps: log everyone in again. */
  const relogin = async () => {
    for (const u of ['fd', 'c1', 'coord', 'rs', 'pol']) tok[u] = await apiLogin(t, u);
  };

  /** A case in initial counseling with a consent for medical and law-enforcement referrals. */
  async function referable(district: string) {
    const c = await registerCase(t, tok.fd, { victim: { district } });
    persons[c.id] = c.person;
    await as('coord').post(`/api/cases/${c.id}/assignment`, { counselorId: ids.c1, version: 1 }).expect(200);
    await as('c1')
      .post(`/api/cases/${c.id}/transitions`, { transition: 'start_counseling', version: 2 })
      .expect(200);
    await as('c1')
      .post(`/api/cases/${c.id}/consents`, {
        givenBy: 'victim',
        givenOn: t.clock.now().toISOString().slice(0, 10),
        method: 'verbal',
        witnessName: 'Saksi',
        serviceRoles: ['medical', 'law_enforcement'],
        institutionIds: [],
        categories: ['identity'],
      })
      .expect(201);
    return c.id as string;
  }

  /** Case id → its victim: the referral's reason names her (personalText). */
  const persons: Record<string, PersonalValues> = {};

  async function refer(caseId: string, institution: 'rs' | 'police', dueDate?: string) {
    const res = await as('c1')
      .post(`/api/cases/${caseId}/referrals`, {
        serviceRole: institution === 'rs' ? 'medical' : 'law_enforcement',
        targetInstitutionId: ids[institution],
        urgency: 'routine',
        reason: personalText('Pendampingan', persons[caseId]),
        categories: ['identity'],
        ...(dueDate ? { dueDate } : {}),
      })
      .expect(201);
    return res.body.id as string;
  }

  const accept = (who: string, referralId: string) =>
    as(who).post(`/api/partner/referrals/${referralId}/accept`, { version: 1 }).expect(200);

  beforeAll(async () => {
    t = await createTestApp();
    await createUser(t, 'adm', [Role.Admin]);
    const admin = await apiLogin(t, 'adm');
    for (const [key, name, type, roles] of [
      ['rs', 'RSUD Kota', 'hospital', ['medical']],
      ['police', 'Unit PPA Polrestabes', 'police_unit', ['law_enforcement']],
    ] as const) {
      const res = await request(t.server)
        .post('/api/institutions')
        .set(bearer(admin))
        .send({ name, type, serviceRoles: roles })
        .expect(201);
      ids[key] = res.body.id;
    }
    const users = t.app.get(UsersService);
    for (const [username, inst, roles] of [
      ['rs', ids.rs, ['medical']],
      ['pol', ids.police, ['law_enforcement']],
    ] as const)
      await users.create(
        {
          username,
          displayName: `Anggota ${username}`,
          roles: [Role.TeamMember],
          institutionId: inst,
          serviceRoles: [...roles],
        },
        { password: TEST_PASSWORD, mustChangePassword: false },
      );
    await createUser(t, 'fd', [Role.FrontDesk]);
    ids.c1 = (await createUser(t, 'c1', [Role.Counselor])).id;
    await createUser(t, 'coord', [Role.Coordinator]);

    at('2026-02-02');
    await relogin();
    const a = await referable('Tembalang');
    const b = await referable('Tembalang');
    const c = await referable('Genuk');
    const d = await referable('Genuk');
    const e = await referable('Tembalang');
    const r1 = await refer(a, 'rs'); // sent 2 Feb, accepted 4 Feb: 2 days
    const r2 = await refer(b, 'rs'); // sent 2 Feb, accepted 8 Feb: 6 days
    const r3 = await refer(c, 'police'); // sent 2 Feb, accepted 3 Feb: 1 day
    await refer(d, 'police', '2026-02-06'); // never answered: overdue from 7 Feb
    await refer(e, 'rs', '2026-02-20'); // never answered, not yet due
    at('2026-02-03');
    await relogin();
    await accept('pol', r3);
    at('2026-02-04');
    await relogin();
    await accept('rs', r1);
    at('2026-02-08');
    await relogin();
    await accept('rs', r2);
    // a referral sent in March (outside February) and accepted the same day
    at('2026-03-02');
    await relogin();
    const f = await referable('Tembalang');
    await accept('rs', await refer(f, 'rs'));
    at('2026-03-05');
    await relogin();
  }, 120_000);
  afterAll(() => t?.close());

  const dashboard = (query: string) =>
    as('coord')
      .get(`/api/reports/dashboard?${query}`)
      .expect(200)
      .then((r) => r.body);

  it('counts pending referrals past their due date and gives the median days to acceptance per institution', async () => {
    const feb = await dashboard('from=2026-02-01&to=2026-02-28');
    // d (due 6 Feb) is overdue on 5 March; e (due 20 Feb) too by now
    expect(feb.overdue.referralAnswers).toBe(2);
    expect(feb.referralToAcceptance).toEqual([
      { institution: 'RSUD Kota', median: 4, referrals: 2 }, // 2 and 6 days
      { institution: 'Unit PPA Polrestabes', median: 1, referrals: 1 },
    ]);
    const both = await dashboard('from=2026-02-01&to=2026-03-31');
    expect(both.referralToAcceptance).toEqual([
      { institution: 'RSUD Kota', median: 2, referrals: 3 }, // 0, 2 and 6 days
      { institution: 'Unit PPA Polrestabes', median: 1, referrals: 1 },
    ]);
  });

  it('follows the district filter', async () => {
    const genuk = await dashboard('from=2026-02-01&to=2026-02-28&district=Genuk');
    expect(genuk.overdue.referralAnswers).toBe(1); // d only
    expect(genuk.referralToAcceptance).toEqual([
      { institution: 'Unit PPA Polrestabes', median: 1, referrals: 1 },
    ]);
    const tembalang = await dashboard('from=2026-02-01&to=2026-02-28&district=Tembalang');
    expect(tembalang.overdue.referralAnswers).toBe(1); // e only
    expect(tembalang.referralToAcceptance).toEqual([{ institution: 'RSUD Kota', median: 4, referrals: 2 }]);
  });

  it('shows the same figures on the dashboard page', async () => {
    const agent = await pageLogin(t, 'coord');
    const page = await agent.get('/reports/dashboard?from=2026-02-01&to=2026-02-28').expect(200);
    expect(page.text).toContain('RSUD Kota');
    expect(page.text).toContain('Unit PPA Polrestabes');
  });
});
