/**
 * The centre lives in Asia/Jakarta: every "today", "future", "overdue", age and due-date rule counts
 * the centre's days, at both ends of its night. The clock stands at
 *   - 00:30 WIB on 1 January 2027 (17:30 UTC on 31 December 2026): the UTC date is still yesterday
 *     (and last year) — a rule that counts UTC days refuses today's dates and misses what is overdue;
 *   - 23:30 WIB on 31 December 2026 (16:30 UTC the same day): the centre's day is still the 31st —
 *     a rule that adds the zone offset twice, or uses the server's local day, takes tomorrow for today.
 * New Year's night, so the year rules (case numbers, default report periods) turn with it.
 * Runs on sqlite and (TEST_DATABASE_URL) PostgreSQL; `.ci/run` runs it under TZ=UTC and TZ=Asia/Jakarta.
 */
import request from 'supertest';
import { expectEvery } from './support/expect-all';
import { Role } from '../src/platform/auth/permissions';
import { FakeClock } from '../src/platform/common/clock';
import { formatDate } from '../src/platform/common/format';
import { UsersService } from '../src/users/users.service';
import { bearer, intakePayload, PersonalValues, personalText, registerCase } from './support/case-fixtures';
import { apiLogin, createTestApp, createUser, pageLogin, TEST_PASSWORD, TestApp } from './support/test-app';

interface Night {
  name: string;
  at: string;
  yesterday: string;
  today: string;
  tomorrow: string;
}

const NIGHTS: Night[] = [
  {
    name: '00:30 WIB on 1 January 2027 (17:30 UTC the day before)',
    at: '2026-12-31T17:30:00.000Z',
    yesterday: '2026-12-31',
    today: '2027-01-01',
    tomorrow: '2027-01-02',
  },
  {
    name: '23:30 WIB on 31 December 2026 (16:30 UTC the same day)',
    at: '2026-12-31T16:30:00.000Z',
    yesterday: '2026-12-30',
    today: '2026-12-31',
    tomorrow: '2027-01-01',
  },
];

const DAY_MS = 86_400_000;
const USERS = ['fd', 'c1', 'coord', 'adm', 'pug', 'rs1', 'kader'] as const;
type Who = (typeof USERS)[number];

describe.each(NIGHTS)('the centre day at $name (e2e)', (night) => {
  let t: TestApp;
  const tok = {} as Record<Who, string>;
  const ids: Record<string, string> = {};

  const api = (who: Who) => ({
    get: (url: string) => request(t.server).get(url).set(bearer(tok[who])),
    post: (url: string, body: object = {}) => request(t.server).post(url).set(bearer(tok[who])).send(body),
    patch: (url: string, body: object = {}) => request(t.server).patch(url).set(bearer(tok[who])).send(body),
  });
  const login = async () => {
    for (const u of USERS) tok[u] = await apiLogin(t, u);
  };
  /** Runs `work` with the clock `days` days before the night (same time of day), then comes back. */
  async function daysBefore<T>(days: number, work: () => Promise<T>): Promise<T> {
    t.clock.set(new Date(Date.parse(night.at) - days * DAY_MS));
    await login();
    try {
      return await work();
    } finally {
      t.clock.set(new Date(night.at));
      await login();
    }
  }
  const future = (res: request.Response) => {
    expect([res.status, res.body.code]).toEqual([422, 'DATE_IN_FUTURE']);
  };
  const day = (date: string) => formatDate(date, 'id', 'medium');

  /** A case assigned to c1, in initial counseling. */
  /** Case id → its victim: the free text about each case names her (personalText). */
  const persons: Record<string, PersonalValues> = {};
  async function caseInCounseling(extra: Record<string, any> = {}) {
    const c = await registerCase(t, tok.fd, extra);
    await api('coord').post(`/api/cases/${c.id}/assignment`, { counselorId: ids.c1, version: 1 }).expect(200);
    const started = await api('c1')
      .post(`/api/cases/${c.id}/transitions`, { transition: 'start_counseling', version: 2 })
      .expect(200);
    persons[c.id] = c.person;
    return {
      id: c.id as string,
      number: c.number as string,
      version: started.body.version as number,
      person: c.person as PersonalValues,
    };
  }
  const consent = (caseId: string, givenOn: string, extra: Record<string, unknown> = {}) =>
    api('c1').post(`/api/cases/${caseId}/consents`, {
      givenBy: 'victim',
      givenOn,
      method: 'verbal',
      witnessName: 'Saksi',
      serviceRoles: ['medical', 'community_monitoring'],
      institutionIds: [],
      categories: ['identity', 'contact'],
      ...extra,
    });

  beforeAll(async () => {
    t = await createTestApp({ clock: new FakeClock(new Date(night.at)) });
    await createUser(t, 'adm', [Role.Admin]);
    ids.c1 = (await createUser(t, 'c1', [Role.Counselor])).id;
    await createUser(t, 'coord', [Role.Coordinator]);
    await createUser(t, 'fd', [Role.FrontDesk]);
    await createUser(t, 'pug', [Role.PugSecretariat]);
    ids.kaderUser = (await createUser(t, 'kader', [Role.CommunityVolunteer])).id;
    tok.adm = await apiLogin(t, 'adm');
    ids.hospital = (
      await api('adm')
        .post('/api/institutions', { name: 'RSUD Kota', type: 'hospital', serviceRoles: ['medical'] })
        .expect(201)
    ).body.id;
    const member = await api('adm')
      .post('/api/users', {
        username: 'rs1',
        displayName: 'Anggota RSUD',
        roles: ['team_member'],
        institutionId: ids.hospital,
        serviceRoles: ['medical'],
      })
      .expect(201);
    await t.app.get(UsersService).setKnownPassword(member.body.user.id, TEST_PASSWORD);
    await login();
  });
  afterAll(() => t.close());

  it("intake: today's complaint is accepted and numbered in today's year, tomorrow's refused; the form and the case page say today", async () => {
    const c = await registerCase(t, tok.fd, {
      receivedAt: night.today,
      incident: { date: night.today },
      victim: { birthDate: night.today },
    });
    expect(c.number).toContain(`/${night.today.slice(0, 4)}/`);
    for (const over of [
      { receivedAt: night.tomorrow },
      { incident: { date: night.tomorrow } },
      { victim: { birthDate: night.tomorrow } },
    ]) {
      future(await api('fd').post('/api/cases', intakePayload(over)));
    }
    const frontdesk = await pageLogin(t, 'fd');
    const form = (await frontdesk.get('/cases/new').expect(200)).text;
    expect(form).toContain(`name="receivedAt" type="date" value="${night.today}" max="${night.today}"`);
    expect(form).toContain(`name="incidentDate" type="date" value="" max="${night.today}"`);
    const coordinator = await pageLogin(t, 'coord');
    const page = (await coordinator.get(`/cases/${c.id}`).expect(200)).text;
    expect(page).toContain(`<time datetime="${night.today}">${day(night.today)}</time>`);
  });

  it('corrections: a birth date of today is accepted, tomorrow refused; the form stops at today', async () => {
    const c = await registerCase(t, tok.fd);
    future(
      await api('coord').patch(`/api/cases/${c.id}`, { version: 1, victim: { birthDate: night.tomorrow } }),
    );
    await api('coord')
      .patch(`/api/cases/${c.id}`, { version: 1, victim: { birthDate: night.today } })
      .expect(200);
    const coordinator = await pageLogin(t, 'coord');
    const form = (await coordinator.get(`/cases/${c.id}/edit`).expect(200)).text;
    expect(form).toContain(`max="${night.today}"`);
    expect(form).not.toContain(`max="${night.yesterday}"`);
  });

  it('counseling: a session and a risk assessment of today are accepted, tomorrow refused; the forms default to today', async () => {
    const c = await caseInCounseling();
    await api('c1').post(`/api/cases/${c.id}/counseling-sessions`, { heldAt: night.today }).expect(201);
    future(await api('c1').post(`/api/cases/${c.id}/counseling-sessions`, { heldAt: night.tomorrow }));
    const risk = { threatToLife: false, riskLevel: 'medium', factors: [] };
    await api('c1')
      .post(`/api/cases/${c.id}/risk-assessments`, { ...risk, assessedAt: night.today })
      .expect(201);
    future(
      await api('c1').post(`/api/cases/${c.id}/risk-assessments`, { ...risk, assessedAt: night.tomorrow }),
    );
    const counselor = await pageLogin(t, 'c1');
    const page = (await counselor.get(`/cases/${c.id}/counseling`).expect(200)).text;
    expect(page).toContain(
      `id="session-heldAt" name="heldAt" type="date" required max="${night.today}" value="${night.today}"`,
    );
    expect(page).toContain(
      `id="risk-assessedAt" name="assessedAt" type="date" required max="${night.today}" value="${night.today}"`,
    );
    // The history tells the session's day in words, not as 2026-12-31.
    const history = await api('coord').get(`/api/cases/${c.id}/history?pageSize=100`).expect(200);
    const session = history.body.items.find((e: any) => e.type === 'counseling.session_added');
    expect(session.summary).toBe(`Sesi konseling tanggal ${formatDate(night.today, 'id')} dicatat.`);
  });

  it('support services: delivered today unless told otherwise; a delivery tomorrow is refused', async () => {
    const c = await caseInCounseling();
    const planned = await api('c1')
      .post(`/api/cases/${c.id}/services`, { type: 'medical', plannedDate: night.tomorrow })
      .expect(201);
    future(
      await api('c1').patch(`/api/cases/${c.id}/services/${planned.body.id}`, {
        version: 1,
        status: 'delivered',
        deliveredAt: night.tomorrow,
      }),
    );
    const delivered = await api('c1')
      .patch(`/api/cases/${c.id}/services/${planned.body.id}`, { version: 1, status: 'delivered' })
      .expect(200);
    expect(delivered.body.deliveredAt).toBe(night.today);
  });

  it('conferences: held today is accepted, tomorrow refused; an action item due yesterday is overdue, one due today is not', async () => {
    const c = await caseInCounseling();
    const body = (heldAt: string) => ({
      heldAt,
      attendees: { staffUserIds: [ids.c1], institutionIds: [], others: [] },
      agenda: personalText('Rencana pendampingan', c.person),
      minutes: personalText('Dibahas', c.person),
      decisions: [personalText('Lanjutkan pendampingan', c.person)],
      actionItems: [
        {
          description: personalText('Kunjungan rumah', c.person),
          ownerUserId: ids.c1,
          dueDate: night.yesterday,
        },
        { description: personalText('Laporan', c.person), ownerUserId: ids.c1, dueDate: night.today },
      ],
    });
    future(
      await api('coord').post(`/api/cases/${c.id}/conferences`, { ...body(night.tomorrow), actionItems: [] }),
    );
    await api('coord')
      .post(`/api/cases/${c.id}/conferences`, { ...body(night.today), actionItems: [] })
      .expect(201);
    const held = await api('coord').post(`/api/cases/${c.id}/conferences`, body(night.yesterday)).expect(201);
    expect(held.body.actionItems.map((i: any) => [i.dueDate, i.overdue])).toEqual([
      [night.yesterday, true],
      [night.today, false],
    ]);
  });

  it('shelter: the planned end counts from today; a stay that ended yesterday is overdue, one ending today is not; a stay since yesterday lasted one day', async () => {
    const house = (
      await api('coord')
        .post('/api/safe-houses', { name: 'Rumah Melati', capacity: 5, address: 'Rahasia' })
        .expect(201)
    ).body;
    const admitted = async (plannedDays: number) => {
      const c = await caseInCounseling();
      await api('c1')
        .post(`/api/cases/${c.id}/risk-assessments`, {
          assessedAt: '2026-12-01',
          threatToLife: true,
          riskLevel: 'critical',
          factors: [],
        })
        .expect(201);
      const version = (await api('coord').get(`/api/cases/${c.id}`).expect(200)).body.version;
      await api('c1')
        .post(`/api/cases/${c.id}/transitions`, {
          transition: 'admit_to_shelter',
          version,
          safeHouseId: house.id,
          plannedDays,
        })
        .expect(200);
      const stays = await api('c1').get(`/api/cases/${c.id}/shelter-stays`).expect(200);
      return { caseId: c.id, stay: stays.body.items[0] };
    };
    const tonight = await admitted(1);
    expect(tonight.stay.plannedUntil).toBe(night.tomorrow);
    const endedYesterday = await daysBefore(2, () => admitted(1));
    const endsToday = await daysBefore(1, () => admitted(1));
    const stay = async (s: { caseId: string }) =>
      (await api('c1').get(`/api/cases/${s.caseId}/shelter-stays`).expect(200)).body.items[0];
    expect(await stay(endedYesterday)).toEqual(
      expect.objectContaining({ plannedUntil: night.yesterday, overdue: true }),
    );
    expect(await stay(endsToday)).toEqual(
      expect.objectContaining({ plannedUntil: night.today, overdue: false }),
    );
    const occupancy = await api('coord').get('/api/shelter/occupancy').expect(200);
    const late = occupancy.body.stays.filter((s: any) => s.overdue);
    expect(late.map((s: any) => [s.caseId, s.daysOverdue])).toEqual([[endedYesterday.caseId, 1]]);
    // Discharged tonight after admission yesterday: one day in the safe house.
    const current = await stay(endsToday);
    await api('c1')
      .post(`/api/cases/${endsToday.caseId}/shelter-stays/${current.id}/discharge`, {
        version: current.version,
        reason: 'returned_home',
      })
      .expect(200);
    const history = await api('coord').get(`/api/cases/${endsToday.caseId}/history?pageSize=100`).expect(200);
    expect(history.body.items.at(-1).summary).toBe(
      'Keluar dari rumah aman setelah 1 hari: kembali ke rumah.',
    );
  });

  it('consent: given today is accepted, tomorrow refused; a consent that ended yesterday is not in force, one ending today is', async () => {
    const c = await caseInCounseling();
    future(await consent(c.id, night.tomorrow));
    const endsToday = await consent(c.id, night.today, { expiresOn: night.today }).expect(201);
    expect(endsToday.body.effective).toBe(true);
    const other = await caseInCounseling();
    await daysBefore(1, () => consent(other.id, night.yesterday, { expiresOn: night.yesterday }).expect(201));
    const list = await api('c1').get(`/api/cases/${other.id}/consents`).expect(200);
    expect(list.body.consents.map((k: any) => [k.expiresOn, k.effective])).toEqual([
      [night.yesterday, false],
    ]);
  });

  it("referrals: due dates count from today; yesterday's is refused; one due yesterday and unanswered is overdue, one due today is not", async () => {
    const refer = (caseId: string, extra: Record<string, unknown> = {}) =>
      api('c1').post(`/api/cases/${caseId}/referrals`, {
        serviceRole: 'medical',
        targetInstitutionId: ids.hospital,
        urgency: 'emergency',
        reason: personalText('Pemeriksaan luka', persons[caseId]),
        categories: ['identity'],
        ...extra,
      });
    const c = await caseInCounseling();
    await consent(c.id, night.today).expect(201);
    const emergency = await refer(c.id).expect(201);
    expect(emergency.body.dueDate).toBe(night.today);
    const routine = await refer(c.id, { urgency: 'routine' }).expect(201);
    const week = new Date(`${night.today}T00:00:00Z`);
    week.setUTCDate(week.getUTCDate() + 7);
    expect(routine.body.dueDate).toBe(week.toISOString().slice(0, 10));
    expect((await refer(c.id, { dueDate: night.yesterday }).expect(422)).body.code).toBe('DUE_DATE_IN_PAST');
    await refer(c.id, { dueDate: night.today }).expect(201);

    const late = await caseInCounseling();
    const sent = await daysBefore(1, async () => {
      await consent(late.id, night.yesterday).expect(201);
      return (await refer(late.id).expect(201)).body;
    });
    expect(sent.dueDate).toBe(night.yesterday);
    await api('coord').post('/api/referrals/overdue-check').expect(200);
    const overdue = await api('coord').get('/api/referrals?overdue=true&pageSize=100').expect(200);
    expect(overdue.body.items.map((r: any) => r.id)).toEqual([sent.id]);
    const history = await api('coord').get(`/api/cases/${late.id}/history?pageSize=100`).expect(200);
    expect(history.body.items.at(-1).summary).toBe(
      `Rujukan Layanan medis ke RSUD Kota belum dijawab sampai batas ${formatDate(night.yesterday, 'id')}.`,
    );
    // The partner records what it did today, not tomorrow.
    await api('rs1').post(`/api/partner/referrals/${emergency.body.id}/accept`, { version: 1 }).expect(200);
    const action = (actedOn: string) =>
      api('rs1').post(`/api/partner/referrals/${emergency.body.id}/actions`, {
        actedOn,
        description: personalText('Visum', c.person),
      });
    future(await action(night.tomorrow));
    await action(night.today).expect(201);
    // The dashboard counts the referral due yesterday as overdue, the one due today not.
    const dashboard = await api('coord')
      .get(`/api/reports/dashboard?from=2026-01-01&to=${night.today}`)
      .expect(200);
    expect(dashboard.body.today).toBe(night.today);
    expect(dashboard.body.overdue.referralAnswers).toBe(1);
  });

  it('incident chronology and community monitoring: entries and visits of today are accepted, tomorrow refused', async () => {
    const c = await caseInCounseling();
    const entry = (date: string) =>
      api('c1').post(`/api/cases/${c.id}/chronology/entries`, {
        date,
        description: personalText('Korban dipukul', c.person),
      });
    future(await entry(night.tomorrow));
    await entry(night.today).expect(201);

    await consent(c.id, night.today, { serviceRoles: ['community_monitoring'] }).expect(201);
    const volunteer = await api('coord')
      .post('/api/community/volunteers', { name: 'Kader Satu', groupName: 'PATBM', userId: ids.kaderUser })
      .expect(201);
    const assignment = await api('coord')
      .post(`/api/cases/${c.id}/monitoring`, {
        volunteerId: volunteer.body.id,
        instructions: personalText('Kunjungi', c.person),
      })
      .expect(201);
    expect(assignment.body.startedOn).toBe(night.today);
    const visit = (visitedOn: string) =>
      api('kader').post(`/api/my-monitoring/${assignment.body.id}/visits`, { visitedOn, situation: 'safe' });
    future(await visit(night.tomorrow));
    await visit(night.today).expect(201);
  });

  it('partnerships and recovery: an agreement signed today is accepted and in force from today, tomorrow refused', async () => {
    const agreement = (signedOn: string) => ({
      institutionId: ids.hospital,
      number: `PKS/${signedOn}/${Math.random().toString(36).slice(2, 6)}`,
      title: 'Layanan pemulihan',
      signedOn,
      validFrom: signedOn,
      validUntil: '2027-12-31',
      services: ['psychosocial_support'],
    });
    future(await api('coord').post('/api/partnerships', agreement(night.tomorrow)));
    const today = await api('coord').post('/api/partnerships', agreement(night.today)).expect(201);
    expect(today.body.inForce).toBe(true);
  });

  it("PUG: a decree effective today is in force, tomorrow's pending; an item due yesterday is late, today's not; a monitoring round ending tomorrow is refused", async () => {
    const region = (
      await api('pug').post('/api/pug-regions', { name: 'Kota Semarang', kind: 'city' }).expect(201)
    ).body;
    const body = (
      await api('pug')
        .post('/api/pug-bodies', { regionId: region.id, kind: 'pokja_pug', name: 'Pokja PUG' })
        .expect(201)
    ).body;
    const decree = (number: string, effectiveDate: string, extra: Record<string, unknown> = {}) =>
      api('pug').post('/api/decrees', {
        bodyId: body.id,
        number,
        decreeDate: night.today,
        effectiveDate,
        issuerKind: 'mayor',
        title: 'Pembentukan Pokja PUG',
        kind: 'formation',
        appointees: [],
        ...extra,
      });
    const first = await decree('050/1', night.today).expect(201);
    expect(first.body.status).toBe('in_force');
    const next = await decree('050/2', night.tomorrow, {
      kind: 'replacement',
      replacesDecreeId: first.body.id,
    }).expect(201);
    expect(next.body.status).toBe('pending');
    expect((await api('pug').get(`/api/decrees/${first.body.id}`).expect(200)).body.status).toBe('in_force');

    const plan = await api('pug')
      .post('/api/action-plans', {
        regionId: region.id,
        source: 'ksgp',
        title: 'Rencana Aksi',
        year: Number(night.today.slice(0, 4)),
        items: [
          { description: 'SK Focal Point', ownerInstitutionId: ids.hospital, deadline: night.yesterday },
          { description: 'Pelatihan PPRG', ownerInstitutionId: ids.hospital, deadline: night.today },
        ],
      })
      .expect(201);
    expect(plan.body.items.map((i: any) => [i.deadline, i.status])).toEqual([
      [night.yesterday, 'late'],
      [night.today, 'not_started'],
    ]);
    future(
      await api('pug').post(`/api/action-plans/${plan.body.id}/monitoring-rounds`, {
        startDate: night.today,
        endDate: night.tomorrow,
        facilitators: ['Sekretariat'],
        updates: [],
        agreements: [],
      }),
    );
  });

  it("programme: a prevention activity of today is accepted, tomorrow's refused; the summary page shows the centre's year", async () => {
    const activity = (activityDate: string) =>
      api('coord').post('/api/prevention-activities', {
        kind: 'socialization',
        title: 'Sosialisasi pencegahan KDRT',
        activityDate,
        district: 'Tembalang',
      });
    future(await activity(night.tomorrow));
    await activity(night.today).expect(201);
    const coordinator = await pageLogin(t, 'coord');
    const summary = (await coordinator.get('/programme/prevention/summary').expect(200)).text;
    expect(summary).toContain(
      `name="year" type="number" min="1990" max="2100" required value="${night.today.slice(0, 4)}"`,
    );
  });

  it("reports: the report page covers the centre's year up to today; the dashboard's months and overdue title are the centre's", async () => {
    const coordinator = await pageLogin(t, 'coord');
    const report = (await coordinator.get('/reports').expect(200)).text;
    expect(report).toContain(`name="from" type="date" required value="${night.today.slice(0, 4)}-01-01"`);
    expect(report).toContain(`name="to" type="date" required value="${night.today}"`);
    const dashboard = (await coordinator.get('/reports/dashboard').expect(200)).text;
    expect(dashboard).toContain(`Melewati tenggat per ${formatDate(night.today, 'id')}`);
  });

  it('audit: a day filter is a centre day', async () => {
    const todays = await api('adm')
      .get(`/api/audit-logs?from=${night.today}&to=${night.tomorrow}&pageSize=100`)
      .expect(200);
    const tomorrows = await api('adm').get(`/api/audit-logs?from=${night.tomorrow}&pageSize=100`).expect(200);
    const yesterdays = await api('adm')
      .get(`/api/audit-logs?from=${night.yesterday}&to=${night.today}&pageSize=100`)
      .expect(200);
    // Everything happened tonight (apart from the days before, which are earlier days).
    expect(todays.body.total).toBeGreaterThan(0);
    expect(tomorrows.body.total).toBe(0);
    expectEvery(yesterdays.body.items, (a: any) => Date.parse(a.at) < Date.parse(night.at) - 12 * 3_600_000);
    expect(yesterdays.body.total).toBeGreaterThan(0);
    const page = await pageLogin(t, 'adm');
    const filtered = (await page.get(`/admin/audit?from=${night.today}&to=${night.today}`).expect(200)).text;
    expect(filtered).toContain('auth.login');
  });
});

describe('a centre in another time zone (CENTRE_TIMEZONE=Asia/Jayapura, UTC+9) (e2e)', () => {
  let t: TestApp;
  let coord: string;
  // 00:30 WIT on 1 January 2027 is 15:30 UTC on 31 December (still 22:30 in Jakarta).
  beforeAll(async () => {
    t = await createTestApp({
      env: { CENTRE_TIMEZONE: 'Asia/Jayapura' },
      clock: new FakeClock(new Date('2026-12-31T15:30:00.000Z')),
    });
    await createUser(t, 'coord', [Role.Coordinator]);
    coord = await apiLogin(t, 'coord');
  });
  afterAll(() => t.close());

  it("counts the configured zone's days, not Jakarta's", async () => {
    const dashboard = await request(t.server)
      .get('/api/reports/dashboard?from=2026-01-01&to=2027-01-01')
      .set(bearer(coord))
      .expect(200);
    expect(dashboard.body.today).toBe('2027-01-01');
    const agent = await pageLogin(t, 'coord');
    const report = (await agent.get('/reports').expect(200)).text;
    expect(report).toContain('name="from" type="date" required value="2027-01-01"');
  });
});
