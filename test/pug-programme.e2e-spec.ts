import request from 'supertest';
import { Role } from '../src/platform/auth/permissions';
import { InstitutionsService } from '../src/institutions/institutions.service';
import { apiLogin, createTestApp, createUser, expectErrorShape, TestApp } from './support/test-app';

/*
 * Programme records through the JSON API: prevention activities (step 7) with partners, materials
 * and the summary per quarter and district; community groups and their activities (step 8); access
 * (coordinators manage, counselors read, others nothing) and bad input. The clock stands at 2026-01-15.
 */
describe('Programme: prevention activities and community participation (e2e)', () => {
  let t: TestApp;
  let coord: string;
  let counselor: string;
  let pugToken: string;
  let frontdesk: string;
  let partnerA: string;
  let partnerB: string;

  const as = (token: string) => ({
    get: (url: string) => request(t.server).get(url).set('Authorization', `Bearer ${token}`),
    post: (url: string) => request(t.server).post(url).set('Authorization', `Bearer ${token}`),
    patch: (url: string) => request(t.server).patch(url).set('Authorization', `Bearer ${token}`),
    put: (url: string) => request(t.server).put(url).set('Authorization', `Bearer ${token}`),
    delete: (url: string) => request(t.server).delete(url).set('Authorization', `Bearer ${token}`),
  });
  const api = () => as(coord);

  beforeAll(async () => {
    t = await createTestApp();
    const institutions = t.app.get(InstitutionsService);
    partnerA = (await institutions.create({ name: 'Tim Penggerak PKK Kota', type: 'womens_organisation' }))
      .id;
    partnerB = (await institutions.create({ name: 'Radio Gema Kota', type: 'business' })).id;
    await createUser(t, 'koord', [Role.Coordinator]);
    await createUser(t, 'konselor', [Role.Counselor]);
    await createUser(t, 'sekretariat', [Role.PugSecretariat]);
    await createUser(t, 'depan', [Role.FrontDesk]);
    coord = await apiLogin(t, 'koord');
    counselor = await apiLogin(t, 'konselor');
    pugToken = await apiLogin(t, 'sekretariat');
    frontdesk = await apiLogin(t, 'depan');
  });
  afterAll(() => t.close());

  const activity = (over: Record<string, unknown>) => ({
    kind: 'socialization',
    title: 'Sosialisasi pencegahan KDRT',
    activityDate: '2025-02-10',
    district: 'Tembalang',
    ...over,
  });
  let firstId: string;

  it('records prevention activities with participants by sex and age group and partner institutions', async () => {
    const res = await api()
      .post('/api/prevention-activities')
      .send(
        activity({
          place: 'Balai Kelurahan',
          audience: 'Ibu-ibu PKK',
          femaleAdults: 30,
          maleAdults: 5,
          femaleChildren: 2,
          partnerInstitutionIds: [partnerA],
          notes: 'Narasumber dari Unit PPA',
        }),
      )
      .expect(201);
    firstId = res.body.id;
    expect(res.body).toEqual(
      expect.objectContaining({
        quarter: 1,
        participants: { femaleChildren: 2, maleChildren: 0, femaleAdults: 30, maleAdults: 5, total: 37 },
        partners: [{ id: partnerA, name: 'Tim Penggerak PKK Kota' }],
        notes: 'Narasumber dari Unit PPA',
        materials: [],
        version: 1,
      }),
    );
    const raw = await t.dataSource.query('SELECT notes FROM prevention_activities');
    expect(JSON.stringify(raw)).not.toContain('Narasumber');
    await api()
      .post('/api/prevention-activities')
      .send(
        activity({
          kind: 'broadcast',
          title: 'Siaran on air',
          activityDate: '2025-03-28',
          district: 'Tembalang',
          reach: 5000,
          partnerInstitutionIds: [partnerB],
        }),
      )
      .expect(201);
    await api()
      .post('/api/prevention-activities')
      .send(
        activity({
          kind: 'leaflet_print',
          title: 'Leaflet trafiking',
          activityDate: '2025-05-02',
          district: 'Genuk',
          reach: 1000,
          maleChildren: 40,
        }),
      )
      .expect(201);
    await api()
      .post('/api/prevention-activities')
      .send(
        activity({
          kind: 'website_post',
          title: 'Artikel situs',
          activityDate: '2024-12-31',
          district: 'Genuk',
        }),
      )
      .expect(201);
    const unknown = await api()
      .post('/api/prevention-activities')
      .send(activity({ district: 'Atlantis' }))
      .expect(422);
    expectErrorShape(unknown.body, 422, 'UNKNOWN_DISTRICT');
    const future = await api()
      .post('/api/prevention-activities')
      .send(activity({ activityDate: '2026-02-01' }))
      .expect(422);
    expect(future.body.code).toBe('DATE_IN_FUTURE');
    const badPartner = await api()
      .post('/api/prevention-activities')
      .send(activity({ partnerInstitutionIds: ['00000000-0000-4000-8000-000000000000'] }))
      .expect(422);
    expect(badPartner.body.code).toBe('INSTITUTION_NOT_FOUND');
  });

  it('summarises per quarter and district', async () => {
    const res = (await as(counselor).get('/api/prevention-activities/summary?year=2025').expect(200)).body;
    expect(
      res.rows.map((r: any) => [r.quarter, r.district, r.activities, r.participants.total, r.reach]),
    ).toEqual([
      [1, 'Tembalang', 2, 37, 5000],
      [2, 'Genuk', 1, 40, 1000],
    ]);
    expect(res.rows[0].byKind).toEqual(
      expect.objectContaining({ socialization: 1, broadcast: 1, leaflet_print: 0 }),
    );
    expect(res.byQuarter.map((q: any) => q.activities)).toEqual([2, 1, 0, 0]);
    expect(res.byDistrict.map((d: any) => [d.district, d.activities])).toEqual([
      ['Genuk', 1],
      ['Tembalang', 2],
    ]);
    expect(res.total).toEqual(
      expect.objectContaining({
        activities: 3,
        reach: 6000,
        participants: { femaleChildren: 2, maleChildren: 40, femaleAdults: 30, maleAdults: 5, total: 77 },
      }),
    );
    const genuk = (
      await as(counselor).get('/api/prevention-activities/summary?year=2025&district=Genuk').expect(200)
    ).body;
    expect(genuk.total.activities).toBe(1);
    const list = (
      await as(counselor).get('/api/prevention-activities?from=2025-01-01&to=2025-03-31').expect(200)
    ).body;
    expect(list.items.map((a: any) => a.title)).toEqual(['Siaran on air', 'Sosialisasi pencegahan KDRT']);
    expect(
      (await as(counselor).get('/api/prevention-activities?kind=website_post').expect(200)).body.total,
    ).toBe(1);
  });

  it('keeps materials encrypted and serves them to readers', async () => {
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(500, 1),
    ]);
    const up = await api()
      .post(`/api/prevention-activities/${firstId}/materials`)
      .attach('file', png, { filename: 'leaflet.png', contentType: 'image/png' })
      .expect(201);
    expect(up.body).toEqual(expect.objectContaining({ contentType: 'image/png', size: png.length }));
    const exe = await api()
      .post(`/api/prevention-activities/${firstId}/materials`)
      .attach('file', Buffer.from('MZ\x90\x00'), { filename: 'leaflet.png', contentType: 'image/png' })
      .expect(415);
    expect(exe.body.code).toBe('FILE_TYPE_NOT_ALLOWED');
    const big = await api()
      .post(`/api/prevention-activities/${firstId}/materials`)
      .attach('file', Buffer.concat([Buffer.from('%PDF-'), Buffer.alloc(6 * 1024 * 1024)]), 'big.pdf');
    expect([413]).toContain(big.status);
    const detail = (await as(counselor).get(`/api/prevention-activities/${firstId}`).expect(200)).body;
    expect(detail.materials).toHaveLength(1);
    const down = await as(counselor)
      .get(`/api/prevention-activities/${firstId}/materials/${up.body.id}`)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(Buffer.compare(down.body as Buffer, png)).toBe(0);
    await as(counselor).delete(`/api/prevention-activities/${firstId}/materials/${up.body.id}`).expect(403);
    await api().delete(`/api/prevention-activities/${firstId}/materials/${up.body.id}`).expect(204);
    await api().get(`/api/prevention-activities/${firstId}/materials/${up.body.id}`).expect(404);
  });

  it('updates with the version and deletes with confirmation of the version', async () => {
    const up = await api()
      .patch(`/api/prevention-activities/${firstId}`)
      .send({ version: 1, maleAdults: 6, partnerInstitutionIds: [partnerA, partnerB], notes: null })
      .expect(200);
    expect(up.body).toEqual(expect.objectContaining({ version: 2, notes: null }));
    expect(up.body.participants.maleAdults).toBe(6);
    expect(up.body.partners.map((p: any) => p.name)).toEqual(['Radio Gema Kota', 'Tim Penggerak PKK Kota']);
    await api()
      .patch(`/api/prevention-activities/${firstId}`)
      .send({ version: 1, title: 'Basi' })
      .expect(409);
    const created = await api()
      .post('/api/prevention-activities')
      .send(activity({ title: 'Salah catat' }))
      .expect(201);
    await api().delete(`/api/prevention-activities/${created.body.id}?version=2`).expect(409);
    await api().delete(`/api/prevention-activities/${created.body.id}?version=1`).expect(204);
    await api().get(`/api/prevention-activities/${created.body.id}`).expect(404);
  });

  let groupId: string;

  it('records community groups and their activities', async () => {
    const group = await api()
      .post('/api/community-groups')
      .send({
        kind: 'pkk',
        name: 'PKK Kelurahan Tandang',
        district: 'Tembalang',
        area: 'RW 03',
        institutionId: partnerA,
      })
      .expect(201);
    groupId = group.body.id;
    expect(group.body).toEqual(
      expect.objectContaining({
        isActive: true,
        institution: { id: partnerA, name: 'Tim Penggerak PKK Kota' },
      }),
    );
    await api()
      .post('/api/community-groups')
      .send({ kind: 'kube', name: 'KUBE Mawar', district: 'Genuk' })
      .expect(201);
    expect((await as(counselor).get('/api/community-groups?kind=kube').expect(200)).body.total).toBe(1);
    const act = await api()
      .post(`/api/community-groups/${groupId}/activities`)
      .send({
        kind: 'prevention',
        title: 'Penyuluhan di posyandu',
        activityDate: '2025-06-01',
        participants: 25,
        notes: 'Bersama kader',
      })
      .expect(201);
    expect(act.body).toEqual(
      expect.objectContaining({ district: 'Tembalang', participants: 25, notes: 'Bersama kader' }),
    );
    const list = (await as(counselor).get(`/api/community-groups/${groupId}/activities`).expect(200)).body;
    expect(list.items).toHaveLength(1);
    const changed = await api()
      .patch(`/api/community-activities/${act.body.id}`)
      .send({ version: 1, kind: 'monitoring' })
      .expect(200);
    expect(changed.body).toEqual(
      expect.objectContaining({ kind: 'monitoring', version: 2, notes: 'Bersama kader' }),
    );
    const off = await api()
      .patch(`/api/community-groups/${groupId}`)
      .send({ version: 1, isActive: false })
      .expect(200);
    expect(off.body.isActive).toBe(false);
  });

  it("links groups, activities and trainings to the community module's volunteers by reference", async () => {
    const mk = async (name: string) =>
      (
        await api()
          .post('/api/community/volunteers')
          .send({ name, groupName: 'PKK Kelurahan Tandang', district: 'Tembalang' })
          .expect(201)
      ).body.id as string;
    const sri = await mk('Sri Kader');
    const wati = await mk('Wati Kader');
    const group = (await api().get(`/api/community-groups/${groupId}`).expect(200)).body;
    expect(group.volunteers).toEqual([]);
    const set = await api()
      .put(`/api/community-groups/${groupId}/volunteers`)
      .send({ version: group.version, volunteerIds: [wati, sri] })
      .expect(200);
    expect(set.body.volunteers.map((v: any) => v.name)).toEqual(['Sri Kader', 'Wati Kader']);
    expect(set.body.version).toBe(group.version + 1);
    await api()
      .put(`/api/community-groups/${groupId}/volunteers`)
      .send({ version: group.version, volunteerIds: [] })
      .expect(409);
    const unknown = await api()
      .put(`/api/community-groups/${groupId}/volunteers`)
      .send({ version: set.body.version, volunteerIds: ['00000000-0000-4000-8000-000000000000'] })
      .expect(422);
    expect(unknown.body.code).toBe('VOLUNTEER_NOT_FOUND');

    const act = await api()
      .post(`/api/community-groups/${groupId}/activities`)
      .send({
        kind: 'accompaniment',
        title: 'Pendampingan ke puskesmas',
        activityDate: '2025-07-01',
        volunteerIds: [sri],
      })
      .expect(201);
    expect(act.body.volunteers.map((v: any) => v.name)).toEqual(['Sri Kader']);
    const changed = await api()
      .patch(`/api/community-activities/${act.body.id}`)
      .send({ version: 1, volunteerIds: [sri, wati] })
      .expect(200);
    expect(changed.body.volunteers).toHaveLength(2);

    const training = await api()
      .post('/api/volunteer-trainings')
      .send({
        title: 'Pelatihan kader pemantau',
        topic: 'Pemantauan korban',
        startDate: '2025-03-03',
        endDate: '2025-03-04',
        volunteerIds: [sri],
      })
      .expect(201);
    expect(training.body.participants.map((v: any) => v.name)).toEqual(['Sri Kader']);
    await api()
      .post('/api/volunteer-trainings')
      .send({ title: 'Pelatihan kesetaraan gender', startDate: '2025-05-05', volunteerIds: [sri, wati] })
      .expect(201);
    const forWati = (await as(counselor).get(`/api/volunteer-trainings?volunteerId=${wati}`).expect(200))
      .body;
    expect(forWati.items.map((i: any) => i.title)).toEqual(['Pelatihan kesetaraan gender']);
    expect((await as(counselor).get('/api/volunteer-trainings?year=2025').expect(200)).body.total).toBe(2);
    const upd = await api()
      .patch(`/api/volunteer-trainings/${training.body.id}`)
      .send({ version: 1, volunteerIds: [wati] })
      .expect(200);
    expect(upd.body.participants.map((v: any) => v.name)).toEqual(['Wati Kader']);
    const inverted = await api()
      .post('/api/volunteer-trainings')
      .send({ title: 'Salah tanggal', startDate: '2025-05-05', endDate: '2025-05-01', volunteerIds: [] })
      .expect(422);
    expect(inverted.body.code).toBe('PERIOD_INVALID');
    await as(counselor)
      .post('/api/volunteer-trainings')
      .send({ title: 'X', startDate: '2025-05-05', volunteerIds: [] })
      .expect(403);
  });

  it('lets coordinators manage, counselors read, and nobody else in', async () => {
    await as(counselor).post('/api/prevention-activities').send(activity({})).expect(403);
    await as(counselor)
      .post('/api/community-groups')
      .send({ kind: 'youth', name: 'Karang Taruna', district: 'Genuk' })
      .expect(403);
    for (const token of [pugToken, frontdesk]) {
      await as(token).get('/api/prevention-activities').expect(403);
      await as(token).get('/api/community-groups').expect(403);
      await as(token).get('/api/prevention-activities/summary?year=2025').expect(403);
    }
  });

  it('refuses bad input with 400 on every route', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    const cases: [string, string, unknown?][] = [
      ['get', '/api/prevention-activities?from=yesterday'],
      ['get', '/api/prevention-activities?kind=concert'],
      ['get', '/api/prevention-activities/summary'],
      ['get', '/api/prevention-activities/summary?year=20x5'],
      ['get', '/api/prevention-activities/xyz'],
      ['post', '/api/prevention-activities', activity({ kind: 'concert' })],
      ['post', '/api/prevention-activities', activity({ femaleAdults: -3 })],
      ['post', '/api/prevention-activities', activity({ femaleAdults: '3' })],
      ['post', '/api/prevention-activities', activity({ maleChildren: null })],
      ['post', '/api/prevention-activities', activity({ partnerInstitutionIds: [partnerA, partnerA] })],
      ['post', '/api/prevention-activities', activity({ activityDate: '2025-02-29' })],
      ['post', '/api/prevention-activities', activity({ secret: 'x' })],
      ['patch', `/api/prevention-activities/${firstId}`, { title: 'tanpa versi' }],
      ['delete', `/api/prevention-activities/${firstId}`],
      ['post', `/api/prevention-activities/${firstId}/materials`, { file: 'not a file' }],
      ['get', `/api/prevention-activities/${firstId}/materials/abc`],
      ['delete', `/api/prevention-activities/abc/materials/${id}`],
      ['get', '/api/community-groups?active=maybe'],
      ['post', '/api/community-groups', { kind: 'club', name: 'Klub', district: 'Genuk' }],
      ['post', '/api/community-groups', { kind: 'pkk', name: 'P', district: 'Genuk' }],
      ['patch', `/api/community-groups/${groupId}`, { version: 2, isActive: 'no' }],
      ['get', `/api/community-groups/${groupId}/activities?page=0`],
      [
        'post',
        `/api/community-groups/${groupId}/activities`,
        { kind: 'party', title: 'Pesta', activityDate: '2025-01-01' },
      ],
      [
        'post',
        `/api/community-groups/${groupId}/activities`,
        { kind: 'prevention', title: 'Penyuluhan', activityDate: '2025-01-01', participants: 1e9 },
      ],
      ['patch', `/api/community-activities/${id}`, { kind: 'prevention' }],
      ['get', '/api/community-activities/1'],
      ['put', `/api/community-groups/${groupId}/volunteers`, { version: 3, volunteerIds: ['x'] }],
      ['put', `/api/community-groups/${groupId}/volunteers`, { volunteerIds: [] }],
      ['get', '/api/volunteer-trainings?volunteerId=me'],
      ['post', '/api/volunteer-trainings', { title: 'Pelatihan', startDate: '2025-05-05' }],
      ['post', '/api/volunteer-trainings', { title: 'Pelatihan', startDate: '05/05/2025', volunteerIds: [] }],
      ['patch', `/api/volunteer-trainings/${id}`, { volunteerIds: [] }],
    ];
    for (const [method, url, body] of cases) {
      let req = (api() as any)[method](url);
      if (body !== undefined) req = req.send(body);
      const res = await req;
      expect({ method, url, body, status: res.status }).toEqual({ method, url, body, status: 400 });
      expectErrorShape(res.body, 400);
    }
    await api().get(`/api/community-groups/${id}`).expect(404);
    await api()
      .post(`/api/community-groups/${id}/activities`)
      .send({ kind: 'prevention', title: 'Penyuluhan', activityDate: '2025-01-01' })
      .expect(404);
  });
});
