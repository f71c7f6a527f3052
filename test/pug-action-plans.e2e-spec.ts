import request from 'supertest';
import { Role } from '../src/platform/auth/permissions';
import { InstitutionsService } from '../src/institutions/institutions.service';
import { apiLogin, createTestApp, createUser, expectErrorShape, TestApp } from './support/test-app';

/*
 * Action plans (KSGP) and monitoring: item status and deadline come from the monitoring rounds, late
 * from the deadline; trainings with participants by institution and sex; awards by year.
 * The clock stands at 2012-08-20 (after Kupang's monitoring of 13–15 August 2012).
 */
describe('PUG: action plans, monitoring, trainings and awards (e2e)', () => {
  let t: TestApp;
  let pug: string;
  let reader: string;
  let regionId: string;
  const inst: Record<string, string> = {};

  const as = (token: string) => ({
    get: (url: string) => request(t.server).get(url).set('Authorization', `Bearer ${token}`),
    post: (url: string) => request(t.server).post(url).set('Authorization', `Bearer ${token}`),
    patch: (url: string) => request(t.server).patch(url).set('Authorization', `Bearer ${token}`),
    delete: (url: string) => request(t.server).delete(url).set('Authorization', `Bearer ${token}`),
  });
  const api = () => as(pug);

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set(new Date('2012-08-20T02:00:00Z'));
    const institutions = t.app.get(InstitutionsService);
    for (const [key, name] of [
      ['dinkes', 'Dinas Kesehatan Kota Kupang'],
      ['dinsos', 'Dinas Sosial Kota Kupang'],
      ['bappeda', 'Bappeda Kota Kupang'],
      ['pp', 'Bagian PPPA Setda Kota Kupang'],
    ] as const) {
      inst[key] = (await institutions.create({ name, type: 'government_office' })).id;
    }
    await createUser(t, 'sekretariat', [Role.PugSecretariat]);
    await createUser(t, 'mitra', [Role.TeamMember], { institutionId: inst.dinkes });
    pug = await apiLogin(t, 'sekretariat');
    reader = await apiLogin(t, 'mitra');
    regionId = (await api().post('/api/pug-regions').send({ name: 'Kota Kupang', kind: 'city' }).expect(201))
      .body.id;
  });
  afterAll(() => t.close());

  let planId: string;
  const items: Record<string, string> = {};

  it('records a KSGP action plan with items (owner, deadline, indicator), all not started', async () => {
    const res = await api()
      .post('/api/action-plans')
      .send({
        regionId,
        source: 'ksgp',
        title: 'Rencana Aksi KSGP 2010',
        year: 2010,
        items: [
          {
            description: 'Pembentukan Tim Focal Point PUG Dinas Kesehatan',
            ownerInstitutionId: inst.dinkes,
            deadline: '2011-12-31',
            indicator: 'SK Tim Focal Point',
          },
          {
            description: 'Pembentukan Tim Focal Point PUG Dinas Sosial',
            ownerInstitutionId: inst.dinsos,
            deadline: '2011-12-31',
          },
          {
            description: 'Pembentukan Pokja PUG dan Tim Teknis',
            ownerInstitutionId: inst.bappeda,
            deadline: '2012-12-31',
          },
          {
            description: 'Penyadaran Gender dan Pelatihan PPRG',
            ownerInstitutionId: inst.pp,
            deadline: '2012-06-30',
          },
        ],
      })
      .expect(201);
    planId = res.body.id;
    expect(res.body.items.map((i: any) => [i.position, i.status])).toEqual([
      [1, 'late'],
      [2, 'late'],
      [3, 'not_started'],
      [4, 'late'],
    ]);
    expect(res.body.counts).toEqual({ not_started: 1, in_progress: 0, done: 0, late: 3 });
    [items.fpDinkes, items.fpDinsos, items.pokja, items.training] = res.body.items.map((i: any) => i.id);
  });

  it('sets item status and new deadlines from a monitoring round (13–15 August 2012)', async () => {
    const round = await api()
      .post(`/api/action-plans/${planId}/monitoring-rounds`)
      .send({
        startDate: '2012-08-13',
        endDate: '2012-08-15',
        facilitators: ['Kepala Bagian PP dan PA Setda Kota Kupang', 'Technical Adviser Gender AIPMNH'],
        findings: 'Focal Point di enam SKPD mitra belum dibentuk.',
        updates: [
          { itemId: items.fpDinkes, status: 'in_progress', note: 'Draf SK disiapkan' },
          { itemId: items.fpDinsos, status: 'not_started' },
          { itemId: items.training, status: 'done' },
        ],
        agreements: [
          {
            description: 'SK Tim Focal Point PUG Dinkes paling lambat 17 September 2012',
            itemId: items.fpDinkes,
            newDeadline: '2012-09-17',
          },
          {
            description: 'SK Tim Focal Point PUG Dinsos paling lambat 17 September 2012',
            itemId: items.fpDinsos,
            newDeadline: '2012-09-17',
          },
          {
            description: 'Pokja PUG dan Tim Teknis dibentuk Oktober 2012',
            itemId: items.pokja,
            newDeadline: '2012-10-31',
            ownerInstitutionId: inst.bappeda,
          },
        ],
      })
      .expect(201);
    expect(round.body.facilitators).toHaveLength(2);
    expect(round.body.agreements.map((a: any) => a.newDeadline)).toEqual([
      '2012-09-17',
      '2012-09-17',
      '2012-10-31',
    ]);
    const raw = await t.dataSource.query('SELECT facilitators, findings FROM pug_monitoring_rounds');
    expect(JSON.stringify(raw)).not.toContain('AIPMNH');

    const plan = (await as(reader).get(`/api/action-plans/${planId}`).expect(200)).body;
    const byId = Object.fromEntries(plan.items.map((i: any) => [i.id, i]));
    expect(byId[items.fpDinkes]).toEqual(
      expect.objectContaining({
        status: 'in_progress',
        deadline: '2012-09-17',
        plannedDeadline: '2011-12-31',
        deadlineMoved: true,
        lastMonitoredOn: '2012-08-15',
      }),
    );
    expect(byId[items.fpDinsos]).toEqual(
      expect.objectContaining({ status: 'not_started', deadline: '2012-09-17' }),
    );
    expect(byId[items.pokja]).toEqual(
      expect.objectContaining({ status: 'not_started', deadline: '2012-10-31' }),
    );
    expect(byId[items.training]).toEqual(expect.objectContaining({ status: 'done', deadline: '2012-06-30' }));
    expect(plan.counts).toEqual({ not_started: 2, in_progress: 1, done: 1, late: 0 });
    expect(plan.rounds).toHaveLength(1);
  });

  it('turns items late once the agreed deadline passes, and done by a later round', async () => {
    t.clock.set(new Date('2012-09-20T02:00:00Z'));
    pug = await apiLogin(t, 'sekretariat');
    reader = await apiLogin(t, 'mitra');
    let item = (await api().get(`/api/action-plan-items/${items.fpDinkes}`).expect(200)).body;
    expect(item).toEqual(
      expect.objectContaining({ status: 'late', recordedStatus: 'in_progress', deadline: '2012-09-17' }),
    );
    await api()
      .post(`/api/action-plans/${planId}/monitoring-rounds`)
      .send({
        startDate: '2012-09-19',
        facilitators: [],
        updates: [{ itemId: items.fpDinkes, status: 'done' }],
        agreements: [],
      })
      .expect(201);
    item = (await api().get(`/api/action-plan-items/${items.fpDinkes}`).expect(200)).body;
    expect(item).toEqual(expect.objectContaining({ status: 'done', lastMonitoredOn: '2012-09-19' }));
    const list = (await api().get(`/api/action-plans?regionId=${regionId}`).expect(200)).body;
    expect(list.items[0].counts).toEqual({ not_started: 1, in_progress: 0, done: 2, late: 1 });
  });

  it('refuses monitoring rounds in the future, with items of another plan or inverted dates', async () => {
    const future = await api()
      .post(`/api/action-plans/${planId}/monitoring-rounds`)
      .send({ startDate: '2013-01-01', facilitators: [], updates: [], agreements: [] })
      .expect(422);
    expect(future.body.code).toBe('DATE_IN_FUTURE');
    const inverted = await api()
      .post(`/api/action-plans/${planId}/monitoring-rounds`)
      .send({ startDate: '2012-09-10', endDate: '2012-09-01', facilitators: [], updates: [], agreements: [] })
      .expect(422);
    expect(inverted.body.code).toBe('PERIOD_INVALID');
    const other = (
      await api()
        .post('/api/action-plans')
        .send({ regionId, source: 'randa', title: 'RANDA PUG', year: 2012 })
        .expect(201)
    ).body.id;
    const foreign = await api()
      .post(`/api/action-plans/${other}/monitoring-rounds`)
      .send({
        startDate: '2012-09-01',
        facilitators: [],
        updates: [{ itemId: items.pokja, status: 'done' }],
        agreements: [],
      })
      .expect(422);
    expect(foreign.body.code).toBe('ACTION_ITEM_NOT_IN_PLAN');
  });

  it('adds and corrects items with their version', async () => {
    const added = await api()
      .post(`/api/action-plans/${planId}/items`)
      .send({
        description: 'Profil Gender Kota Kupang',
        ownerInstitutionId: inst.bappeda,
        deadline: '2013-06-30',
      })
      .expect(201);
    expect(added.body).toEqual(expect.objectContaining({ position: 5, status: 'not_started', version: 1 }));
    const changed = await api()
      .patch(`/api/action-plan-items/${added.body.id}`)
      .send({ version: 1, deadline: '2012-09-01' })
      .expect(200);
    expect(changed.body).toEqual(expect.objectContaining({ status: 'late', version: 2 }));
    await api()
      .patch(`/api/action-plan-items/${added.body.id}`)
      .send({ version: 1, indicator: 'x' })
      .expect(409);
  });

  it('records trainings with participants by institution and sex', async () => {
    const res = await api()
      .post('/api/pug-trainings')
      .send({
        regionId,
        kind: 'pprg',
        title: 'Penyadaran Gender dan Pelatihan PPRG bagi Tim Focal Point',
        startDate: '2012-09-10',
        endDate: '2012-09-12',
        place: 'Kupang',
        organiserInstitutionId: inst.pp,
        participants: [
          { institutionId: inst.dinkes, female: 3, male: 2 },
          { institutionId: inst.dinsos, female: 4, male: 1 },
        ],
      })
      .expect(201);
    expect(res.body.totals).toEqual({ female: 7, male: 3, total: 10, institutions: 2 });
    const list = (await as(reader).get('/api/pug-trainings?year=2012&kind=pprg').expect(200)).body;
    expect(list.total).toBe(1);
    const updated = await api()
      .patch(`/api/pug-trainings/${res.body.id}`)
      .send({ version: 1, participants: [{ institutionId: inst.bappeda, female: 1, male: 1 }] })
      .expect(200);
    expect(updated.body.totals).toEqual({ female: 1, male: 1, total: 2, institutions: 1 });
    const inverted = await api()
      .post('/api/pug-trainings')
      .send({
        regionId,
        kind: 'gender_awareness',
        title: 'Penyadaran gender',
        startDate: '2012-09-10',
        endDate: '2012-09-01',
        participants: [],
      })
      .expect(422);
    expect(inverted.body.code).toBe('PERIOD_INVALID');
  });

  it('records Anugerah Parahita Ekapraya by year, once per year', async () => {
    const madya = await api()
      .post('/api/pug-awards')
      .send({ regionId, year: 2012, level: 'madya', givenBy: 'Kementerian PPPA' })
      .expect(201);
    expect(madya.body).toEqual(
      expect.objectContaining({ awardName: 'Anugerah Parahita Ekapraya', level: 'madya', year: 2012 }),
    );
    const dup = await api()
      .post('/api/pug-awards')
      .send({ regionId, year: 2012, level: 'utama' })
      .expect(409);
    expectErrorShape(dup.body, 409, 'PUG_AWARD_EXISTS');
    const up = await api()
      .patch(`/api/pug-awards/${madya.body.id}`)
      .send({ version: 1, level: 'utama' })
      .expect(200);
    expect(up.body.level).toBe('utama');
    expect((await as(reader).get('/api/pug-awards?level=utama').expect(200)).body.total).toBe(1);
    await api().delete(`/api/pug-awards/${madya.body.id}?version=1`).expect(409);
    await api().delete(`/api/pug-awards/${madya.body.id}?version=2`).expect(204);
  });

  it('lets team members read but not manage', async () => {
    await as(reader).get(`/api/action-plans/${planId}`).expect(200);
    await as(reader).post('/api/pug-awards').send({ regionId, year: 2013, level: 'pratama' }).expect(403);
    await as(reader).post(`/api/action-plans/${planId}/items`).send({}).expect(403);
  });

  it('refuses bad input with 400 on every route', async () => {
    const cases: [string, string, unknown?][] = [
      ['get', '/api/action-plans?source=rpjmd'],
      ['get', '/api/action-plans/abc'],
      ['post', '/api/action-plans', { regionId, source: 'ksgp', title: 'Rencana', year: 1800 }],
      [
        'post',
        '/api/action-plans',
        { regionId, source: 'ksgp', title: 'Rencana', year: 2010, items: [{ description: 'x' }] },
      ],
      [
        'post',
        '/api/action-plans',
        {
          regionId,
          source: 'ksgp',
          title: 'Rencana',
          year: 2010,
          items: [{ description: 'Butir', ownerInstitutionId: inst.dinkes, deadline: '2012-13-01' }],
        },
      ],
      ['patch', `/api/action-plans/${planId}`, { title: 'Tanpa versi' }],
      [
        'post',
        `/api/action-plans/${planId}/items`,
        { description: 'Butir', ownerInstitutionId: 'dinkes', deadline: '2012-12-01' },
      ],
      [
        'post',
        `/api/action-plans/${planId}/monitoring-rounds`,
        { startDate: '2012-09-01', facilitators: 'Ana', updates: [], agreements: [] },
      ],
      [
        'post',
        `/api/action-plans/${planId}/monitoring-rounds`,
        {
          startDate: '2012-09-01',
          facilitators: [],
          updates: [{ itemId: items.pokja, status: 'late' }],
          agreements: [],
        },
      ],
      [
        'post',
        `/api/action-plans/${planId}/monitoring-rounds`,
        {
          startDate: '2012-09-01',
          facilitators: [],
          updates: [
            { itemId: items.pokja, status: 'done' },
            { itemId: items.pokja, status: 'done' },
          ],
          agreements: [],
        },
      ],
      [
        'post',
        `/api/action-plans/${planId}/monitoring-rounds`,
        {
          startDate: '2012-09-01',
          facilitators: [],
          updates: [],
          agreements: [{ description: 'Sepakat', newDeadline: 'soon' }],
        },
      ],
      ['patch', `/api/action-plan-items/${items.pokja}`, { version: 1, deadline: null }],
      ['get', '/api/monitoring-rounds/1'],
      ['get', '/api/pug-trainings?year=abc'],
      [
        'post',
        '/api/pug-trainings',
        {
          regionId,
          kind: 'pprg',
          title: 'PPRG',
          startDate: '2012-09-10',
          participants: [{ institutionId: inst.dinkes, female: -1, male: 0 }],
        },
      ],
      [
        'post',
        '/api/pug-trainings',
        {
          regionId,
          kind: 'pprg',
          title: 'PPRG',
          startDate: '2012-09-10',
          participants: [{ institutionId: inst.dinkes, female: 1.5, male: 0 }],
        },
      ],
      [
        'post',
        '/api/pug-trainings',
        {
          regionId,
          kind: 'pprg',
          title: 'PPRG',
          startDate: '2012-09-10',
          participants: [
            { institutionId: inst.dinkes, female: 1, male: 0 },
            { institutionId: inst.dinkes, female: 1, male: 0 },
          ],
        },
      ],
      ['post', '/api/pug-awards', { regionId, year: 2012, level: 'emas' }],
      ['get', '/api/pug-awards?level=emas'],
      ['delete', '/api/pug-awards/00000000-0000-4000-8000-000000000000'],
    ];
    for (const [method, url, body] of cases) {
      let req = (api() as any)[method](url);
      if (body !== undefined) req = req.send(body);
      const res = await req;
      expect({ method, url, body, status: res.status }).toEqual({ method, url, body, status: 400 });
      expectErrorShape(res.body, 400, 'VALIDATION_FAILED');
    }
  });
});
