/**
 * Issue 19 items 1-2, my tasks and follow-ups: every rule of the task table (src/tasks/task-rules.ts)
 * gives its task to the right person and to nobody else — a counselor the tasks of their assigned
 * cases and own records, a team member only the referrals sent to their institution, a volunteer only
 * their monitoring visits — with case number and initials only as the disclosure rules allow. N of a
 * rule comes from the tasks settings. A coordinator sees the team's overdue tasks by counselor. A
 * follow-up is a task until done; completing it appends `follow_up.done` to the history.
 */
import request from 'supertest';
import { UsersService } from '../src/users/users.service';
import { Role } from '../src/platform/auth/permissions';
import { bearer, registerCase } from './support/case-fixtures';
import { expectEvery, expectNone } from './support/expect-all';
import {
  apiLogin,
  createTestApp,
  createUser,
  csrfFrom,
  expectErrorShape,
  pageLogin,
  TEST_PASSWORD,
  TestApp,
} from './support/test-app';

// The test clock: 2026-01-15 08:00 UTC (15:00 in Jakarta). Cases are received on 2026-01-10.
const TODAY = '2026-01-15';

describe('my tasks and follow-ups (e2e)', () => {
  let t: TestApp;
  const tok: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const cases: Record<string, { id: string; number: string }> = {};

  const api = (who: string, lang = 'id') => ({
    get: (url: string) => request(t.server).get(url).set(bearer(tok[who])).set('Accept-Language', lang),
    post: (url: string, body: object = {}) =>
      request(t.server).post(url).set(bearer(tok[who])).set('Accept-Language', lang).send(body),
    put: (url: string, body: object = {}) =>
      request(t.server).put(url).set(bearer(tok[who])).set('Accept-Language', lang).send(body),
  });
  const ok = async (res: Promise<request.Response> | request.Test, status = [200, 201]) => {
    const r = await res;
    if (!status.includes(r.status)) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const tasksOf = async (who: string) =>
    (await api(who).get('/api/my-tasks?pageSize=100').expect(200)).body.items as any[];
  const version = async (id: string) => (await api('coord').get(`/api/cases/${id}`).expect(200)).body.version;
  /** The task of a rule on a case in someone's list (undefined when none). */
  const find = (list: any[], code: string, caseId: string) =>
    list.find((x) => x.code === code && x.caseId === caseId);

  async function openCase(counselor: string) {
    const c = await registerCase(t, tok.fd);
    await ok(api('coord').post(`/api/cases/${c.id}/assignment`, { counselorId: ids[counselor], version: 1 }));
    await ok(
      api(counselor).post(`/api/cases/${c.id}/transitions`, { transition: 'start_counseling', version: 2 }),
    );
    return c;
  }

  beforeAll(async () => {
    t = await createTestApp();
    for (const [u, role] of [
      ['c1', Role.Counselor],
      ['c2', Role.Counselor],
      ['coord', Role.Coordinator],
      ['fd', Role.FrontDesk],
      ['adm', Role.Admin],
      ['kader1', Role.CommunityVolunteer],
      ['kader2', Role.CommunityVolunteer],
    ] as const)
      ids[u] = (await createUser(t, u, [role])).id;
    for (const u of ['c1', 'c2', 'coord', 'fd', 'adm', 'kader1', 'kader2']) tok[u] = await apiLogin(t, u);
    for (const [name, type] of [
      ['hospital', 'hospital'],
      ['other', 'hospital'],
    ])
      ids[name] = (
        await ok(
          api('adm').post('/api/institutions', { name: `RS ${name}`, type, serviceRoles: ['medical'] }),
        )
      ).id;
    for (const [u, inst] of [
      ['tm1', 'hospital'],
      ['tm2', 'other'],
    ]) {
      await t.app.get(UsersService).create(
        {
          username: u,
          displayName: `Anggota ${u}`,
          roles: [Role.TeamMember],
          institutionId: ids[inst],
          serviceRoles: ['medical'],
        },
        { password: TEST_PASSWORD, mustChangePassword: false },
      );
      tok[u] = await apiLogin(t, u);
    }

    // Case A (c1): received 2026-01-10, no counseling session yet.
    cases.A = await openCase('c1');
    // Case B (c1): counseled; high risk assessed on 2026-01-05 with a threat to life; a safety plan;
    // a conference with action items; a referral to the hospital; a service planned for yesterday;
    // admitted to a safe house for 3 days.
    cases.B = await openCase('c1');
    const B = cases.B.id;
    await ok(api('c1').post(`/api/cases/${B}/counseling-sessions`, { heldAt: '2026-01-11' }));
    await ok(
      api('c1').post(`/api/cases/${B}/risk-assessments`, {
        assessedAt: '2026-01-05',
        threatToLife: true,
        riskLevel: 'high',
        factors: [],
      }),
    );
    await ok(api('c1').put(`/api/cases/${B}/safety-plan`, { plan: 'Nomor darurat disimpan', version: 0 }));
    const conference = await ok(
      api('coord').post(`/api/cases/${B}/conferences`, {
        heldAt: '2026-01-14',
        attendees: { staffUserIds: [ids.c1, ids.coord], institutionIds: [], others: [] },
        decisions: ['Lanjutkan pendampingan'],
        actionItems: [
          { description: 'Hubungi sekolah', ownerUserId: ids.c1, dueDate: '2026-01-16' },
          { description: 'Hubungi dinas sosial', ownerUserId: ids.coord, dueDate: '2026-01-16' },
          { description: 'Siapkan ruang konseling', ownerUserId: ids.c2, dueDate: '2026-01-14' },
        ],
      }),
    );
    ids.itemC1 = conference.actionItems.find((i: any) => i.ownerUserId === ids.c1).id;
    await ok(
      api('c1').post(`/api/cases/${B}/consents`, {
        givenBy: 'victim',
        givenOn: '2026-01-14',
        method: 'verbal',
        witnessName: 'Saksi',
        serviceRoles: ['medical'],
        institutionIds: [],
        categories: ['identity'],
      }),
    );
    ids.referral = (
      await ok(
        api('c1').post(`/api/cases/${B}/referrals`, {
          serviceRole: 'medical',
          targetInstitutionId: ids.hospital,
          urgency: 'urgent',
          reason: 'Pemeriksaan medis',
          categories: ['identity'],
        }),
      )
    ).id;
    ids.service = (
      await ok(
        api('c1').post(`/api/cases/${B}/services`, { type: 'psychological', plannedDate: '2026-01-14' }),
      )
    ).id;
    ids.safeHouse = (
      await ok(
        api('coord').post('/api/safe-houses', { name: 'Rumah Aman Tugas', capacity: 3, address: 'Rahasia' }),
      )
    ).id;
    await ok(
      api('c1').post(`/api/cases/${B}/transitions`, {
        transition: 'admit_to_shelter',
        version: await version(B),
        safeHouseId: ids.safeHouse,
        plannedDays: 3,
      }),
    );

    // Case C (c2): low risk; a consent for community monitoring expiring on 2026-01-20; kader1 monitors.
    cases.C = await openCase('c2');
    const C = cases.C.id;
    await ok(api('c2').post(`/api/cases/${C}/counseling-sessions`, { heldAt: '2026-01-11' }));
    await ok(
      api('c2').post(`/api/cases/${C}/risk-assessments`, {
        assessedAt: '2026-01-05',
        threatToLife: false,
        riskLevel: 'low',
        factors: [],
      }),
    );
    await ok(
      api('c2').post(`/api/cases/${C}/consents`, {
        givenBy: 'victim',
        givenOn: '2026-01-14',
        method: 'verbal',
        witnessName: 'Saksi',
        serviceRoles: ['community_monitoring'],
        institutionIds: [],
        categories: ['identity'],
        expiresOn: '2026-01-20',
      }),
    );
    for (const k of ['kader1', 'kader2'])
      ids[`volunteer_${k}`] = (
        await ok(
          api('coord').post('/api/community/volunteers', {
            name: `Kader ${k}`,
            groupName: 'PKK',
            userId: ids[k],
          }),
        )
      ).id;
    ids.monitoring = (
      await ok(
        api('coord').post(`/api/cases/${C}/monitoring`, {
          volunteerId: ids.volunteer_kader1,
          instructions: 'Kunjungi setiap bulan',
        }),
      )
    ).id;
  });
  afterAll(() => t.close());

  it('first counseling: due N days after intake for the assigned counselor only; gone once a session is recorded', async () => {
    const mine = await tasksOf('c1');
    const task = find(mine, 'first_counseling', cases.A.id);
    expect(task).toMatchObject({
      dueOn: '2026-01-13',
      overdue: true,
      caseNumber: cases.A.number,
      initials: expect.stringMatching(/^[A-Z.]+/),
      link: `/cases/${cases.A.id}/counseling#counseling-sessions`,
    });
    // Case B and C had a session: not applicable.
    expect(find(mine, 'first_counseling', cases.B.id)).toBeUndefined();
    for (const who of ['c2', 'tm1']) expectNone(await tasksOf(who), (x) => x.caseId === cases.A.id);
    expect(await tasksOf('kader1')).toEqual([]);
    // The team sees it overdue, by its counselor.
    const team = (await api('coord').get('/api/team-tasks?pageSize=100').expect(200)).body.items as any[];
    expect(find(team, 'first_counseling', cases.A.id)).toMatchObject({ ownerId: ids.c1 });
    // Done: the first session recorded, the task is gone.
    await ok(api('c1').post(`/api/cases/${cases.A.id}/counseling-sessions`, { heldAt: TODAY }));
    expect(find(await tasksOf('c1'), 'first_counseling', cases.A.id)).toBeUndefined();
  });

  it('risk reassessment: N days after the latest assessment while the risk is high, not when low', async () => {
    const task = find(await tasksOf('c1'), 'risk_reassessment', cases.B.id);
    expect(task).toMatchObject({ dueOn: '2026-01-12', overdue: true, priority: 'high' });
    expect(find(await tasksOf('c2'), 'risk_reassessment', cases.C.id)).toBeUndefined();
    expect(find(await tasksOf('c2'), 'risk_reassessment', cases.B.id)).toBeUndefined();
  });

  it("a conference's action item: its owner's task, on its due date", async () => {
    const c1 = (await tasksOf('c1')).filter((x) => x.code === 'conference_action');
    expect(c1).toEqual([
      expect.objectContaining({ id: `conference_action:${ids.itemC1}`, dueOn: '2026-01-16' }),
    ]);
    expect(c1[0].overdue).toBe(false);
    const coord = (await tasksOf('coord')).filter((x) => x.code === 'conference_action');
    expect(coord).toHaveLength(1);
    expect(coord[0].id).not.toBe(`conference_action:${ids.itemC1}`);
    // Owned by a counselor who does not work on the case: the task, but not which case (the gate).
    const c2 = (await tasksOf('c2')).filter((x) => x.code === 'conference_action');
    expect(c2).toEqual([
      expect.objectContaining({
        caseId: cases.B.id,
        overdue: true,
        caseNumber: null,
        initials: null,
        priority: 'normal',
      }),
    ]);
  });

  it("a referral: the answer is the receiving team member's task (case number only), the follow-up the sender's", async () => {
    const answer = (await tasksOf('tm1')).filter((x) => x.code === 'referral_answer');
    expect(answer).toEqual([
      expect.objectContaining({
        id: `referral_answer:${ids.referral}`,
        caseNumber: cases.B.number,
        initials: null,
        priority: 'normal',
        link: `/partner/referrals/${ids.referral}`,
      }),
    ]);
    // A team member sees only referral tasks, and one of another institution none.
    expectEvery(await tasksOf('tm1'), (x) => x.code === 'referral_answer');
    expect(await tasksOf('tm2')).toEqual([]);
    const followUp = find(await tasksOf('c1'), 'referral_follow_up', cases.B.id);
    expect(followUp).toMatchObject({ dueOn: '2026-01-22', overdue: false });
    expectNone(await tasksOf('c2'), (x) => x.code === 'referral_follow_up');
  });

  it('a support service planned and not delivered; a planned discharge from the shelter', async () => {
    const mine = await tasksOf('c1');
    expect(find(mine, 'service_planned', cases.B.id)).toMatchObject({ dueOn: '2026-01-14', overdue: true });
    expect(find(mine, 'shelter_discharge', cases.B.id)).toMatchObject({
      dueOn: '2026-01-18',
      overdue: false,
    });
    // Not yet due (14 days after admission): no review yet.
    expect(find(mine, 'shelter_review', cases.B.id)).toBeUndefined();
    const other = await tasksOf('c2');
    expectNone(other, (x) => ['service_planned', 'shelter_discharge'].includes(x.code));
  });

  it("consent expiring: the assigned counselor's task within N days of the expiry", async () => {
    expect(find(await tasksOf('c2'), 'consent_expiring', cases.C.id)).toMatchObject({
      dueOn: '2026-01-20',
      overdue: false,
    });
    expectNone(await tasksOf('c1'), (x) => x.code === 'consent_expiring');
  });

  it('N from the settings: safety plan review, shelter review and the monitoring visit fall due at N = 0', async () => {
    for (const code of ['safety_plan_review', 'shelter_review'])
      expect(find(await tasksOf('c1'), code, cases.B.id)).toBeUndefined();
    expect(await tasksOf('kader1')).toEqual([]);
    // Bad input: 400, translated; a counselor may not change the settings (403).
    const bad = await api('coord', 'en').put('/api/task-settings', { horizonDays: -1, days: {}, version: 0 });
    expectErrorShape(bad.body, 400);
    await api('c1').get('/api/task-settings').expect(403);
    const s = (await api('coord').get('/api/task-settings').expect(200)).body;
    expect(s.days).toMatchObject({ first_counseling: 3, risk_reassessment: 7, safety_plan_review: 30 });
    await api('coord')
      .put('/api/task-settings', {
        horizonDays: s.horizonDays,
        days: { safety_plan_review: 0, shelter_review: 0, monitoring_visit: 0 },
        version: s.version,
      })
      .expect(200);
    const mine = await tasksOf('c1');
    expect(find(mine, 'safety_plan_review', cases.B.id)).toMatchObject({ dueOn: TODAY, overdue: false });
    expect(find(mine, 'shelter_review', cases.B.id)).toMatchObject({ dueOn: TODAY });
    const visits = await tasksOf('kader1');
    expect(visits).toEqual([
      expect.objectContaining({
        code: 'monitoring_visit',
        id: `monitoring_visit:${ids.monitoring}`,
        dueOn: TODAY,
        // A volunteer's task names no case: the assignment page shows what the consent allows.
        caseNumber: null,
        initials: null,
        link: `/community/monitoring/${ids.monitoring}`,
      }),
    ]);
    expect(await tasksOf('kader2')).toEqual([]);
    expectNone(await tasksOf('c2'), (x) => x.code === 'monitoring_visit');
  });

  it('follow-ups: scheduled → a task of its counselor → done: gone from the tasks, on the history', async () => {
    const url = `/api/cases/${cases.A.id}/follow-ups`;
    // 400 translated, 422 in the past, 404/403 outside one's cases
    const bad = await api('c1', 'en').post(url, { dueOn: '2026-02-30', what: 'x' }).expect(400);
    expectErrorShape(bad.body, 400);
    const past = await api('c1').post(url, { dueOn: '2026-01-01', what: 'Telepon korban' }).expect(422);
    expectErrorShape(past.body, 422, 'FOLLOW_UP_IN_PAST');
    await api('c2').post(url, { dueOn: '2026-01-16', what: 'Telepon korban' }).expect(404);
    await api('fd').post(url, { dueOn: '2026-01-16', what: 'Telepon korban' }).expect(403);
    const f = (
      await api('c1')
        .post(url, { dueOn: '2026-01-16', what: 'Telepon korban', withWhom: 'Ibu korban' })
        .expect(201)
    ).body;
    expect(f).toMatchObject({
      dueOn: '2026-01-16',
      what: 'Telepon korban',
      withWhom: 'Ibu korban',
      status: 'scheduled',
    });
    expect(find(await tasksOf('c1'), 'follow_up', cases.A.id)).toMatchObject({
      id: `follow_up:${f.id}`,
      dueOn: '2026-01-16',
      link: `/cases/${cases.A.id}/counseling#follow-ups`,
    });
    expectNone(await tasksOf('c2'), (x) => x.code === 'follow_up');
    expect((await api('c1').get(url).expect(200)).body.items).toHaveLength(1);
    await api('c2').get(url).expect(404);

    await api('c1').post(`${url}/${f.id}/complete`, { version: 99 }).expect(409);
    const done = (
      await api('c1')
        .post(`${url}/${f.id}/complete`, { version: f.version, outcome: 'Korban aman' })
        .expect(200)
    ).body;
    expect(done).toMatchObject({ status: 'done', doneOn: TODAY, outcome: 'Korban aman' });
    const again = await api('c1').post(`${url}/${f.id}/complete`, { version: done.version }).expect(409);
    expectErrorShape(again.body, 409, 'FOLLOW_UP_NOT_SCHEDULED');
    expect(find(await tasksOf('c1'), 'follow_up', cases.A.id)).toBeUndefined();
    const history = (
      await api('coord', 'en').get(`/api/cases/${cases.A.id}/history?pageSize=100`).expect(200)
    ).body.items as any[];
    const types = history.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['follow_up.scheduled', 'follow_up.done']));
    expect(history.find((e) => e.type === 'follow_up.done').summary).toBe(
      'Follow-up of 16 January 2026 done on 15 January 2026.',
    );
    // The follow-up's text is encrypted at rest.
    const raw = await t.dataSource.query('SELECT "what", "outcome" FROM follow_ups');
    expect(JSON.stringify(raw)).not.toMatch(/Telepon korban|Korban aman/);
  });

  it("the team's overdue tasks by counselor (coordinators only); my tasks sorted and paged; 403 to others", async () => {
    const team = (await api('coord').get('/api/team-tasks?pageSize=100').expect(200)).body;
    expectEvery(team.items as any[], (x) => x.overdue);
    const c1 = team.owners.find((o: any) => o.ownerId === ids.c1);
    expect(c1).toMatchObject({ ownerName: expect.any(String) });
    expect(c1.overdue).toBe(team.items.filter((x: any) => x.ownerId === ids.c1).length);
    expect(
      team.items
        .filter((x: any) => x.ownerId === ids.c1)
        .map((x: any) => x.code)
        .sort(),
    ).toEqual(expect.arrayContaining(['risk_reassessment', 'service_planned']));
    // c2's only overdue task: the action item of case B (the team view names the case: coordinators see all).
    expect(team.owners.find((o: any) => o.ownerId === ids.c2)).toMatchObject({ overdue: 1 });
    expect(team.items.find((x: any) => x.ownerId === ids.c2)).toMatchObject({
      code: 'conference_action',
      caseNumber: cases.B.number,
    });
    await api('c1').get('/api/team-tasks').expect(403);
    for (const who of ['fd', 'adm']) await api(who).get('/api/my-tasks').expect(403);

    const all = (await api('c1').get('/api/my-tasks?pageSize=100').expect(200)).body;
    const dues = all.items.map((x: any) => x.dueOn);
    expect(dues).toEqual([...dues].sort());
    const desc = (await api('c1').get('/api/my-tasks?pageSize=100&sort=dueOn&dir=desc').expect(200)).body;
    expect(desc.items.map((x: any) => x.dueOn)).toEqual([...dues].reverse());
    const page = (await api('c1').get('/api/my-tasks?pageSize=2&page=2').expect(200)).body;
    expect(page).toMatchObject({ total: all.total, page: 2, pageSize: 2 });
    expect(page.items.map((x: any) => x.id)).toEqual(all.items.slice(2, 4).map((x: any) => x.id));
    expect(all.overdue).toBe(all.items.filter((x: any) => x.overdue).length);
    const refused = await api('c1', 'en').get('/api/my-tasks?sort=caseNumber').expect(400);
    expectErrorShape(refused.body, 400);
  });

  it('pages: "My tasks" first on the home page; /tasks and /tasks/team in both languages; the follow-up form', async () => {
    const c1 = await pageLogin(t, 'c1');
    const home = (await c1.get('/').expect(200)).text;
    expect(home.indexOf('Tugas saya')).toBeGreaterThan(-1);
    expect(home.indexOf('Tugas saya')).toBeLessThan(home.indexOf('class="tiles"'));
    expect(home).toContain(cases.B.number);
    expect(home).toContain('/cases/mine'); // the tiles stay
    const en = (await c1.get('/tasks').set('Accept-Language', 'en').expect(200)).text;
    expect(en).toMatch(/My tasks|Tugas saya/);
    await c1.get('/tasks?sort=nope').expect(400);
    await c1.get('/tasks/team').expect(403);
    const coord = await pageLogin(t, 'coord');
    const team = (await coord.get('/tasks/team').expect(200)).text;
    expect(team).toContain('Terlambat per konselor');
    // The settings page: N per rule (a bad value back to the form, never a 500); counselors: 403.
    const settingsPage = (await coord.get('/tasks/settings').expect(200)).text;
    const current = (await api('coord').get('/api/task-settings').expect(200)).body;
    expect(settingsPage).toContain(
      `name="first_counseling" type="number" min="0" max="365" required inputmode="numeric" value="${current.days.first_counseling}"`,
    );
    const form = {
      _csrf: csrfFrom(settingsPage),
      version: String(current.version),
      horizonDays: String(current.horizonDays),
      ...Object.fromEntries(Object.entries(current.days).map(([k, v]) => [k, String(v)])),
    };
    await coord
      .post('/tasks/settings')
      .type('form')
      .send({ ...form, first_counseling: 'x' })
      .expect(303);
    expect((await api('coord').get('/api/task-settings').expect(200)).body.version).toBe(current.version);
    await coord
      .post('/tasks/settings')
      .type('form')
      .send({ ...form, first_counseling: '4' })
      .expect(303);
    expect((await api('coord').get('/api/task-settings').expect(200)).body.days.first_counseling).toBe(4);
    await c1.get('/tasks/settings').expect(403);
    const fd = await pageLogin(t, 'fd');
    const fdHome = (await fd.get('/').expect(200)).text;
    expect(fdHome).not.toContain('id="my-tasks"');

    const section = (await c1.get(`/cases/${cases.B.id}/counseling`).expect(200)).text;
    expect(section).toContain('id="follow-up-form-toggle"');
    const res = await c1
      .post(`/cases/${cases.B.id}/follow-ups`)
      .type('form')
      .send({ _csrf: csrfFrom(section), dueOn: '2026-01-17', what: 'Kunjungan rumah', withWhom: '' })
      .expect(303);
    expect(res.headers.location).toContain(`/cases/${cases.B.id}/counseling`);
    const after = (await c1.get(`/cases/${cases.B.id}/counseling`).expect(200)).text;
    expect(after).toContain('Kunjungan rumah');
    expect(find(await tasksOf('c1'), 'follow_up', cases.B.id)).toMatchObject({ dueOn: '2026-01-17' });
    // A bad form: back to the form with the message, never a 500.
    const badForm = await c1
      .post(`/cases/${cases.B.id}/follow-ups`)
      .type('form')
      .send({ _csrf: csrfFrom(after), dueOn: 'kemarin', what: '' });
    expect(badForm.status).toBe(303);
  });
});
