import request from 'supertest';
import { Role } from '../src/platform/auth/permissions';
import { apiLogin, createTestApp, createUser, expectErrorShape, TestApp } from './support/test-app';

describe('admin: institutions and audit log API (e2e)', () => {
  let t: TestApp;
  let admin: string;

  const as = (token: string) => ({
    get: (url: string) => request(t.server).get(url).set('Authorization', `Bearer ${token}`),
    post: (url: string) => request(t.server).post(url).set('Authorization', `Bearer ${token}`),
    patch: (url: string) => request(t.server).patch(url).set('Authorization', `Bearer ${token}`),
  });
  const api = () => as(admin);

  beforeAll(async () => {
    t = await createTestApp();
    await createUser(t, 'boss', [Role.Admin]);
    await createUser(t, 'coord', [Role.Coordinator]);
    await createUser(t, 'konselor', [Role.Counselor]);
    admin = await apiLogin(t, 'boss');
  });
  afterAll(() => t.close());

  describe('institutions', () => {
    let id: string;

    it('creates an institution (201), trimmed and active by default', async () => {
      const res = await api()
        .post('/api/institutions')
        .send({ name: '  LBH APIK  ', type: 'legal_aid' })
        .expect(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        name: 'LBH APIK',
        type: 'legal_aid',
        isActive: true,
        phone: null,
        email: null,
        address: null,
        serviceRoles: [],
        activeFrom: null,
        activeUntil: null,
        createdAt: t.clock.now().toISOString(),
        updatedAt: t.clock.now().toISOString(),
        version: 1,
      });
      id = res.body.id;
      const inactive = await api()
        .post('/api/institutions')
        .send({ name: 'Yayasan Lama', type: 'ngo', isActive: false })
        .expect(201);
      expect(inactive.body.isActive).toBe(false);
      await api().get(`/api/institutions/${id}`).expect(200);
    });

    it('refuses a duplicate name with 409 INSTITUTION_NAME_TAKEN', async () => {
      const res = await api().post('/api/institutions').send({ name: 'LBH APIK', type: 'ngo' }).expect(409);
      expectErrorShape(res.body, 409, 'INSTITUTION_NAME_TAKEN');
    });

    it('updates with the version and refuses a stale one (409 VERSION_CONFLICT)', async () => {
      const res = await api()
        .patch(`/api/institutions/${id}`)
        .send({ version: 1, name: 'LBH APIK Kota', isActive: false })
        .expect(200);
      expect(res.body).toEqual(
        expect.objectContaining({ name: 'LBH APIK Kota', isActive: false, version: 2 }),
      );
      const stale = await api()
        .patch(`/api/institutions/${id}`)
        .send({ version: 1, type: 'ngo' })
        .expect(409);
      expectErrorShape(stale.body, 409, 'VERSION_CONFLICT');
      const taken = await api()
        .patch(`/api/institutions/${id}`)
        .send({ version: 2, name: 'Yayasan Lama' })
        .expect(409);
      expect(taken.body.code).toBe('INSTITUTION_NAME_TAKEN');
      const after = await api().get(`/api/institutions/${id}`).expect(200);
      expect(after.body).toEqual(
        expect.objectContaining({ name: 'LBH APIK Kota', type: 'legal_aid', version: 2 }),
      );
      const unknown = await api()
        .patch('/api/institutions/00000000-0000-4000-8000-000000000000')
        .send({ version: 1 })
        .expect(404);
      expectErrorShape(unknown.body, 404, 'NOT_FOUND');
    });

    it('lists with filters and pagination; coordinators may read', async () => {
      for (const [name, type] of [
        ['Polres Kota', 'police_unit'],
        ['Polsek Utara', 'police_unit'],
        ['RSUD Kota', 'hospital'],
      ])
        await api().post('/api/institutions').send({ name, type }).expect(201);
      const coord = await apiLogin(t, 'coord');
      const police = await as(coord).get('/api/institutions?type=police_unit').expect(200);
      expect(police.body).toEqual(expect.objectContaining({ total: 2, page: 1, pageSize: 25 }));
      expect(police.body.items.map((i: any) => i.name)).toEqual(['Polres Kota', 'Polsek Utara']);
      const text = await as(coord).get('/api/institutions?q=kota').expect(200);
      expect(text.body.items.map((i: any) => i.name)).toEqual(['LBH APIK Kota', 'Polres Kota', 'RSUD Kota']);
      const active = await as(coord).get('/api/institutions?q=kota&active=true').expect(200);
      expect(active.body.items.map((i: any) => i.name)).toEqual(['Polres Kota', 'RSUD Kota']);
      const page2 = await as(coord).get('/api/institutions?pageSize=2&page=2').expect(200);
      expect(page2.body).toEqual(expect.objectContaining({ total: 5, page: 2, pageSize: 2 }));
      expect(page2.body.items).toHaveLength(2);
      await as(coord).post('/api/institutions').send({ name: 'Nope', type: 'ngo' }).expect(403);
    });

    it('refuses bad input with 400 and the error shape', async () => {
      const creates: Record<string, unknown>[] = [
        {},
        { name: 'X', type: 'ngo' },
        { name: 'x'.repeat(201), type: 'ngo' },
        { name: 'Fine name', type: 'bank' },
        { name: 42, type: 'ngo' },
        { name: 'Fine name', type: 'ngo', isActive: 'yes' },
        { name: 'Fine name', type: 'ngo', isActive: null },
        { name: 'Fine name', type: 'ngo', id: '00000000-0000-4000-8000-000000000000' },
      ];
      for (const body of creates) {
        const res = await api().post('/api/institutions').send(body);
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
        expectErrorShape(res.body, 400, 'VALIDATION_FAILED');
      }
      const patches: Record<string, unknown>[] = [
        {},
        { version: 'two' },
        { version: 2, name: null },
        { version: 2, type: 'bank' },
        { version: 2, createdAt: '2020-01-01' },
      ];
      for (const body of patches) {
        const res = await api().patch(`/api/institutions/${id}`).send(body);
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
        expectErrorShape(res.body, 400, 'VALIDATION_FAILED');
      }
      for (const url of ['/api/institutions/xyz', '/api/institutions/1']) {
        const get = await api().get(url).expect(400);
        expectErrorShape(get.body, 400, 'VALIDATION_FAILED');
        const patch = await api().patch(url).send({ version: 1 }).expect(400);
        expectErrorShape(patch.body, 400, 'VALIDATION_FAILED');
      }
      for (const qs of [
        'pageSize=1000',
        'page=-1',
        'type=bank',
        'active=yes',
        'order=name',
        'sort=nama_korban',
        'sort=address',
      ]) {
        const res = await api().get(`/api/institutions?${qs}`);
        expect({ qs, status: res.status }).toEqual({ qs, status: 400 });
        expectErrorShape(res.body, 400, 'VALIDATION_FAILED');
      }
    });
  });

  describe('audit log', () => {
    it('records denials after a forbidden call and filters on them', async () => {
      const start = t.clock.now();
      t.clock.advanceMinutes(5);
      const konselor = await apiLogin(t, 'konselor');
      await as(konselor).get('/api/users').expect(403);
      await as(konselor).get('/api/audit-logs').expect(403);

      const denied = await api().get('/api/audit-logs?outcome=denied&username=konselor').expect(200);
      expect(denied.body.total).toBe(2);
      expect(denied.body.items.map((a: any) => a.route).sort()).toEqual(['/api/audit-logs', '/api/users']);
      const entry = denied.body.items.find((a: any) => a.route === '/api/users');
      expect(entry).toEqual(
        expect.objectContaining({
          username: 'konselor',
          roles: ['counselor'],
          action: 'users.read',
          resourceType: 'users',
          outcome: 'denied',
          code: 'FORBIDDEN',
          method: 'GET',
          at: t.clock.now().toISOString(),
        }),
      );
      expect(entry.requestId).toEqual(expect.any(String));

      const byUser = await api().get(`/api/audit-logs?userId=${entry.userId}&action=users.read`).expect(200);
      expect(byUser.body.items.map((a: any) => a.id)).toEqual([entry.id]);

      const inWindow = await api()
        .get(
          `/api/audit-logs?username=konselor&from=${encodeURIComponent(new Date(start.getTime() + 60_000).toISOString())}`,
        )
        .expect(200);
      expect(inWindow.body.total).toBe(3); // login + two denials
      const before = await api()
        .get(`/api/audit-logs?username=konselor&to=${start.toISOString()}`)
        .expect(200);
      expect(before.body.total).toBe(0);
      const byDate = await api()
        .get('/api/audit-logs?username=konselor&from=2026-01-15&to=2026-01-16')
        .expect(200);
      expect(byDate.body.total).toBe(3);
    });

    it('records allowed and failed admin actions with the resource id', async () => {
      const res = await api()
        .post('/api/institutions')
        .send({ name: 'Dinas Sosial', type: 'social_service' })
        .expect(201);
      await api().patch(`/api/institutions/${res.body.id}`).send({ version: 99 }).expect(409);
      const entries = await api()
        .get(`/api/audit-logs?resourceType=institutions&resourceId=${res.body.id}`)
        .expect(200);
      expect(entries.body.items.map((a: any) => [a.action, a.outcome, a.code])).toEqual([
        ['institutions.manage', 'failed', 'VERSION_CONFLICT'],
        ['institutions.manage', 'allowed', null],
      ]);
    });

    it('pages through the log, newest first', async () => {
      const all = await api().get('/api/audit-logs?pageSize=100').expect(200);
      expect(all.body.total).toBeGreaterThan(3);
      const first = await api().get('/api/audit-logs?pageSize=2').expect(200);
      const second = await api().get('/api/audit-logs?pageSize=2&page=2').expect(200);
      expect(first.body.items).toHaveLength(2);
      expect(new Date(first.body.items[1].at) >= new Date(second.body.items[0].at)).toBe(true);
      expect(first.body.items[0].id).toBeGreaterThan(first.body.items[1].id);
    });

    it('refuses bad filters with 400 and the error shape', async () => {
      for (const qs of [
        'pageSize=1000',
        'page=0',
        'userId=not-a-uuid',
        'outcome=maybe',
        'from=yesterday',
        'to=2026-13-45',
        'from=2026-02-30',
        'action=' + 'x'.repeat(81),
        'resourceId=' + 'x'.repeat(65),
        'method=GET',
      ]) {
        const res = await api().get(`/api/audit-logs?${qs}`);
        expect({ qs, status: res.status }).toEqual({ qs, status: 400 });
        expectErrorShape(res.body, 400, 'VALIDATION_FAILED');
      }
    });
  });
});
