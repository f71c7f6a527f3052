/**
 * Who may reach the administration: every admin route (JSON API and pages, every method) called by
 * every non-admin role is refused with 403 and the refusal lands in the audit log as `denied`, except
 * the institution read routes that coordinators and the PUG secretariat legitimately hold. Logged-out
 * callers get 401 (API) or a redirect to the login page (pages).
 */
import request from 'supertest';
import { permissionsFor, Role } from '../src/platform/auth/permissions';
import { AuditService } from '../src/platform/audit/audit.service';
import { InstitutionsService } from '../src/institutions/institutions.service';
import {
  apiLogin,
  createTestApp,
  createUser,
  csrfFrom,
  csrfOf,
  expectErrorShape,
  pageLogin,
  TestApp,
} from './support/test-app';

interface AdminRoute {
  method: 'get' | 'post' | 'patch';
  /** The route pattern, as the audit log records it. */
  route: string;
  permission: string;
  body?: Record<string, unknown>;
}

const OTHER_ROLES = [Role.FrontDesk, Role.Counselor, Role.Coordinator, Role.TeamMember, Role.PugSecretariat];

describe('admin: access control (e2e)', () => {
  let t: TestApp;
  let userId: string;
  let institutionId: string;

  const API: AdminRoute[] = [
    { method: 'get', route: '/api/users', permission: 'users.read' },
    { method: 'get', route: '/api/users/:id', permission: 'users.read' },
    {
      method: 'post',
      route: '/api/users',
      permission: 'users.manage',
      body: { username: 'intruder', displayName: 'X', roles: ['admin'] },
    },
    {
      method: 'patch',
      route: '/api/users/:id',
      permission: 'users.manage',
      body: { version: 1, roles: ['admin'] },
    },
    { method: 'post', route: '/api/users/:id/disable', permission: 'users.manage', body: { version: 1 } },
    { method: 'post', route: '/api/users/:id/enable', permission: 'users.manage', body: { version: 1 } },
    {
      method: 'post',
      route: '/api/users/:id/reset-password',
      permission: 'users.manage',
      body: { version: 1 },
    },
    { method: 'get', route: '/api/institutions', permission: 'institutions.read' },
    { method: 'get', route: '/api/institutions/:id', permission: 'institutions.read' },
    {
      method: 'post',
      route: '/api/institutions',
      permission: 'institutions.manage',
      body: { name: 'Intruder Inc', type: 'business' },
    },
    {
      method: 'patch',
      route: '/api/institutions/:id',
      permission: 'institutions.manage',
      body: { version: 1 },
    },
    { method: 'get', route: '/api/audit-logs', permission: 'audit.read' },
  ];

  const PAGES: AdminRoute[] = [
    { method: 'get', route: '/admin/users', permission: 'users.read' },
    { method: 'get', route: '/admin/users/new', permission: 'users.manage' },
    {
      method: 'post',
      route: '/admin/users',
      permission: 'users.manage',
      body: { username: 'intruder', displayName: 'X', roles: 'admin' },
    },
    { method: 'get', route: '/admin/users/:id', permission: 'users.read' },
    {
      method: 'post',
      route: '/admin/users/:id',
      permission: 'users.manage',
      body: { version: '1', roles: 'admin' },
    },
    { method: 'get', route: '/admin/users/:id/disable', permission: 'users.manage' },
    { method: 'post', route: '/admin/users/:id/disable', permission: 'users.manage', body: { version: '1' } },
    { method: 'get', route: '/admin/users/:id/enable', permission: 'users.manage' },
    { method: 'post', route: '/admin/users/:id/enable', permission: 'users.manage', body: { version: '1' } },
    { method: 'get', route: '/admin/users/:id/reset-password', permission: 'users.manage' },
    {
      method: 'post',
      route: '/admin/users/:id/reset-password',
      permission: 'users.manage',
      body: { version: '1' },
    },
    { method: 'get', route: '/admin/institutions', permission: 'institutions.read' },
    { method: 'get', route: '/admin/institutions/new', permission: 'institutions.manage' },
    {
      method: 'post',
      route: '/admin/institutions',
      permission: 'institutions.manage',
      body: { name: 'Intruder Inc', type: 'business' },
    },
    { method: 'get', route: '/admin/institutions/:id', permission: 'institutions.read' },
    {
      method: 'post',
      route: '/admin/institutions/:id',
      permission: 'institutions.manage',
      body: { version: '1', name: 'Renamed', type: 'business' },
    },
    { method: 'get', route: '/admin/audit', permission: 'audit.read' },
  ];

  const urlOf = (r: AdminRoute) =>
    r.route.replace(':id', r.route.includes('institutions') ? institutionId : userId);

  beforeAll(async () => {
    t = await createTestApp();
    institutionId = (
      await t.app.get(InstitutionsService).create({ name: 'Polres Kota', type: 'police_unit' })
    ).id;
    userId = (await createUser(t, 'boss', [Role.Admin])).id;
    for (const role of OTHER_ROLES)
      await createUser(t, `as_${role}`, [role], role === Role.TeamMember ? { institutionId } : {});
  });
  afterAll(() => t.close());

  it('no other role holds a user or audit permission; only coordinator and PUG secretariat read institutions', () => {
    for (const role of OTHER_ROLES) {
      const held = permissionsFor([role]);
      for (const p of ['users.read', 'users.manage', 'institutions.manage', 'audit.read'])
        expect({ role, p, held: held.has(p as never) }).toEqual({ role, p, held: false });
      const readsInstitutions = role === Role.Coordinator || role === Role.PugSecretariat;
      expect({ role, held: held.has('institutions.read' as never) }).toEqual({
        role,
        held: readsInstitutions,
      });
    }
  });

  describe.each(OTHER_ROLES)('as %s', (role) => {
    const username = `as_${role}`;
    const allowed = (r: AdminRoute) => permissionsFor([role]).has(r.permission as never);

    it('every admin API route answers 403 (or 200 for held read permissions), and denials are audited', async () => {
      const token = await apiLogin(t, username);
      t.clock.advanceMinutes(1);
      const since = t.clock.now();
      for (const r of API) {
        let req = request(t.server)[r.method](urlOf(r)).set('Authorization', `Bearer ${token}`);
        if (r.body) req = req.send(r.body);
        const res = await req;
        if (allowed(r)) {
          expect({ route: r.route, status: res.status }).toEqual({ route: r.route, status: 200 });
        } else {
          expect({ route: `${r.method} ${r.route}`, status: res.status }).toEqual({
            route: `${r.method} ${r.route}`,
            status: 403,
          });
          expectErrorShape(res.body, 403, 'FORBIDDEN');
        }
      }
      await expectDenialsAudited(
        username,
        since,
        API.filter((r) => !allowed(r)),
      );
    });

    it('every admin page answers 403 (or 200 for held read permissions), every method, and denials are audited', async () => {
      const agent = await pageLogin(t, username);
      const csrf = await csrfOf(agent, '/');
      t.clock.advanceMinutes(1);
      const since = t.clock.now();
      for (const r of PAGES) {
        let req = agent[r.method](urlOf(r));
        if (r.method !== 'get') req = req.type('form').send({ ...r.body, _csrf: csrf });
        const res = await req;
        if (allowed(r)) {
          expect({ route: r.route, status: res.status }).toEqual({ route: r.route, status: 200 });
          // read-only: no way to create or change anything from these pages
          expect(res.text).not.toContain('href="/admin/institutions/new"');
          expect(res.text).not.toContain('method="post" action="/admin/institutions');
        } else {
          expect({ route: `${r.method} ${r.route}`, status: res.status }).toEqual({
            route: `${r.method} ${r.route}`,
            status: 403,
          });
          expect(res.text).toContain('FORBIDDEN');
        }
      }
      await expectDenialsAudited(
        username,
        since,
        PAGES.filter((r) => !allowed(r)),
      );
    });
  });

  async function expectDenialsAudited(username: string, since: Date, refused: AdminRoute[]) {
    expect(refused.length).toBeGreaterThan(0);
    const { items } = await t.app
      .get(AuditService)
      .list({ username, outcome: 'denied', from: since, page: 1, pageSize: 100 });
    const recorded = items.map((a) => `${a.method} ${a.route} ${a.action} ${a.code}`).sort();
    const expected = refused
      .map((r) => `${r.method.toUpperCase()} ${r.route} ${r.permission} FORBIDDEN`)
      .sort();
    expect(recorded).toEqual(expected);
    for (const a of items) {
      expect(a.roles).toBe(items[0].roles);
      if (a.route?.includes(':id')) expect([userId, institutionId]).toContain(a.resourceId);
    }
  }

  it('nothing was created or changed by the refused calls', async () => {
    const token = await apiLogin(t, 'boss');
    const users = await request(t.server)
      .get('/api/users?q=intruder')
      .set('Authorization', `Bearer ${token}`);
    expect(users.body.total).toBe(0);
    const inst = await request(t.server).get('/api/institutions').set('Authorization', `Bearer ${token}`);
    expect(inst.body.items.map((i: any) => i.name)).toEqual(['Polres Kota']);
    const boss = await request(t.server).get(`/api/users/${userId}`).set('Authorization', `Bearer ${token}`);
    expect(boss.body).toEqual(expect.objectContaining({ isActive: true, roles: ['admin'] }));
  });

  describe('logged out', () => {
    it('the API answers 401 UNAUTHENTICATED on every admin route', async () => {
      for (const r of API) {
        let req = request(t.server)[r.method](urlOf(r));
        if (r.body) req = req.send(r.body);
        const res = await req;
        expect({ route: r.route, status: res.status }).toEqual({ route: r.route, status: 401 });
        expectErrorShape(res.body, 401, 'UNAUTHENTICATED');
      }
    });

    it('pages redirect to the login page (303); forms are refused', async () => {
      const agent = request.agent(t.server);
      const csrf = csrfFrom((await agent.get('/login').expect(200)).text);
      for (const r of PAGES) {
        if (r.method === 'get') {
          const res = await agent.get(urlOf(r));
          expect({ route: r.route, status: res.status }).toEqual({ route: r.route, status: 303 });
          expect(res.headers.location).toBe(`/login?next=${encodeURIComponent(urlOf(r))}`);
        } else {
          const res = await agent[r.method](urlOf(r))
            .type('form')
            .send({ ...r.body, _csrf: csrf });
          expect({ route: r.route, status: res.status }).toEqual({ route: r.route, status: 401 });
        }
      }
    });

    it('the API does not accept the page session cookie', async () => {
      const agent = await pageLogin(t, 'boss');
      await agent.get('/admin/users').expect(200);
      const res = await agent.get('/api/users').expect(401);
      expectErrorShape(res.body, 401, 'UNAUTHENTICATED');
    });
  });
});
