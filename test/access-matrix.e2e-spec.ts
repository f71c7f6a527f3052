/**
 * Access matrix (issue 8, suite 2): every route Nest registered (walkRoutes) × every role. The
 * expectation of each cell is derived from the route's permission and ROLE_PERMISSIONS, so a new
 * route is in the matrix the moment it exists, and a route whose permission no role map knows fails.
 *  - role without the permission: the JSON API answers 403 FORBIDDEN in the documented error shape,
 *    a page answers 403 (forms: with a valid CSRF token, so the permission check is what refuses);
 *  - role with the permission (GET only: calls that change state are the functional tests' job):
 *    neither 401/403 nor 5xx with a placeholder id;
 *  - every denial lands in audit_logs with outcome `denied` (one row per refused request);
 *  - IDOR: a real case past intake, registered by another front-desk user and assigned to another counselor,
 *    read through every GET route with a case id as the counselor and the front desk who have no
 *    business with it: 404/403, never 2xx.
 * Logged-out callers are covered by routes.e2e-spec.ts (401 / 303 to /login on every route).
 */
import request from 'supertest';
import { Permission, permissionsFor, Role, ROLES } from '../src/auth/permissions';
import { AuditLog } from '../src/audit/audit-log.entity';
import { UsersService } from '../src/users/users.service';
import { bearer, registerCase } from './support/case-fixtures';
import { RouteInfo, walkRoutes } from './support/routes';
import {
  apiLogin,
  createTestApp,
  createUser,
  csrfOf,
  expectErrorShape,
  pageLogin,
  TEST_PASSWORD,
  TestApp,
} from './support/test-app';

const DUMMY_ID = '00000000-0000-4000-8000-000000000000';
const isApi = (path: string) => path === '/api' || path.startsWith('/api/');
const where = (r: RouteInfo) => `${r.method} ${r.path} (${r.controller}.${r.handler})`;
const fill = (path: string, id = DUMMY_ID) => path.replace(/:[A-Za-z0-9_]+/g, id);
const KNOWN = new Set<string>(Object.values(Permission));

function call(agent: any, method: string, url: string) {
  return agent[method.toLowerCase()](url);
}

describe('access matrix: every route × every role (e2e)', () => {
  let t: TestApp;
  let routes: RouteInfo[];
  const token: Partial<Record<Role, string>> = {};
  const agent: Partial<Record<Role, any>> = {};
  const csrf: Partial<Record<Role, string>> = {};
  const cells = { denied: 0, allowed: 0, skipped: 0 };

  const deniedCount = () => t.dataSource.manager.count(AuditLog, { where: { outcome: 'denied' } });

  beforeAll(async () => {
    t = await createTestApp();
    routes = walkRoutes(t).filter((r) => !r.isPublic);
    await createUser(t, 'adm', [Role.Admin]);
    const admin = await apiLogin(t, 'adm');
    const inst = await request(t.server)
      .post('/api/institutions')
      .set(bearer(admin))
      .send({ name: 'RSUD Matrix', type: 'hospital', serviceRoles: ['medical'] })
      .expect(201);
    for (const role of ROLES) {
      const username = `m_${role}`;
      if (role === Role.TeamMember) {
        await t.app.get(UsersService).create(
          {
            username,
            displayName: 'Anggota',
            roles: [role],
            institutionId: inst.body.id,
            serviceRoles: ['medical'],
          },
          { password: TEST_PASSWORD, mustChangePassword: false },
        );
      } else {
        await createUser(t, username, [role]);
      }
      token[role] = await apiLogin(t, username);
      agent[role] = await pageLogin(t, username);
      csrf[role] = await csrfOf(agent[role], '/');
    }
  });
  afterAll(() => t.close());

  it('every route names a known permission', () => {
    const unknown = routes.filter((r) => !KNOWN.has(r.permission as string)).map(where);
    expect(unknown).toEqual([]);
    expect(routes.length).toBeGreaterThan(50);
  });

  it.each(ROLES)(
    '%s: refused exactly where the role lacks the permission, and every refusal is audited',
    async (role) => {
      const granted = permissionsFor([role]);
      const problems: string[] = [];
      const before = await deniedCount();
      let denials = 0;
      for (const r of routes) {
        const url = fill(r.path);
        const api = isApi(r.path);
        const allowed = granted.has(r.permission as Permission);
        if (allowed && r.method !== 'GET') {
          cells.skipped++;
          continue;
        }
        let req = api
          ? call(request(t.server), r.method, url).set(bearer(token[role]!))
          : call(agent[role], r.method, url);
        if (r.method !== 'GET') req = api ? req.send({}) : req.type('form').send({ _csrf: csrf[role] });
        const res = await req;
        if (allowed) {
          cells.allowed++;
          if ([401, 403].includes(res.status) || res.status >= 500)
            problems.push(
              `${where(r)} as ${role} (has ${r.permission}): got ${res.status} ${res.body?.code ?? ''}`,
            );
          continue;
        }
        cells.denied++;
        denials++;
        if (res.status !== 403) {
          problems.push(
            `UNEXPECTED ALLOW? ${where(r)} as ${role} (lacks ${r.permission}): got ${res.status}`,
          );
          continue;
        }
        if (api) {
          try {
            expectErrorShape(res.body, 403, 'FORBIDDEN');
          } catch (err) {
            problems.push(`${where(r)} as ${role}: bad error shape ${(err as Error).message}`);
          }
        }
      }
      expect(problems).toEqual([]);
      expect((await deniedCount()) - before).toBe(denials);
    },
  );

  it('IDOR: another counselor and another front desk cannot read a case through any route with its id', async () => {
    await createUser(t, 'fd_owner', [Role.FrontDesk]);
    const owner = (await createUser(t, 'c_owner', [Role.Counselor])).id;
    await createUser(t, 'coord_idor', [Role.Coordinator]);
    const coord = await apiLogin(t, 'coord_idor');
    const c = await registerCase(t, await apiLogin(t, 'fd_owner'));
    await request(t.server)
      .post(`/api/cases/${c.id}/assignment`)
      .set(bearer(coord))
      .send({ counselorId: owner, version: 1 })
      .expect(200);
    const ownerToken = await apiLogin(t, 'c_owner');
    // Past intake: the intake list (and its cases) is shared by every front desk, by design.
    await request(t.server)
      .post(`/api/cases/${c.id}/transitions`)
      .set(bearer(ownerToken))
      .send({ transition: 'start_counseling', version: 2 })
      .expect(200);
    const caseRoutes = routes.filter(
      (r) =>
        r.method === 'GET' &&
        /^\/(api\/)?cases\/:[A-Za-z]+(\/|$)/.test(r.path) &&
        (r.path.match(/:/g) ?? []).length === 1,
    );
    expect(caseRoutes.length).toBeGreaterThan(5);
    const problems: string[] = [];
    let owned = 0;
    for (const r of caseRoutes) {
      const url = fill(r.path, c.id);
      if (isApi(r.path)) {
        // the assigned counselor reaches it (the id is right), the others do not
        const mine = await request(t.server).get(url).set(bearer(ownerToken));
        if (mine.status === 200) owned++;
        for (const role of [Role.Counselor, Role.FrontDesk]) {
          const res = await request(t.server).get(url).set(bearer(token[role]!));
          if (res.status < 400 || res.status >= 500)
            problems.push(`${where(r)} as another ${role}: ${res.status}`);
        }
      } else {
        for (const role of [Role.Counselor, Role.FrontDesk]) {
          const res = await agent[role].get(url);
          if (res.status < 400 || res.status >= 500)
            problems.push(`${where(r)} as another ${role}: ${res.status}`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(owned).toBeGreaterThan(3);
    process.stdout.write(
      `access matrix: ${routes.length} routes x ${ROLES.length} roles: ${cells.denied} denials checked, ${cells.allowed} allowed GETs, ${cells.skipped} allowed writes skipped; IDOR routes ${caseRoutes.length}\n`,
    );
  });
});
