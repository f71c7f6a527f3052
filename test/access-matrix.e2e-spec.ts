/**
 * Access matrix (issue 8, suite 2): every route Nest registered (walkRoutes) × every role. The
 * expectation of each cell is derived from the route's permission and ROLE_PERMISSIONS, so a new
 * route is in the matrix the moment it exists, and a route whose permission no role map knows fails.
 *  - role without the permission: the JSON API answers 403 FORBIDDEN in the documented error shape,
 *    a page answers 403 (forms: with a valid CSRF token, so the permission check is what refuses);
 *  - role with the permission, reads and writes alike: a placeholder id and an empty body (pages: a
 *    valid CSRF token and nothing else) — neither 401/403 nor 5xx (400/404/409/422 and a page's
 *    303 back to its form are fine); only the calls that end the caller's own session are skipped,
 *    each named below with its reason, and every role's API and page sessions still work at the end;
 *  - every denial lands in audit_logs with outcome `denied`, exactly one row per refused request.
 * Logged-out callers are covered by routes.e2e-spec.ts (401 / 303 to /login on every route, from the
 * same route list); records of someone else (IDOR) by access-idor.e2e-spec.ts. ACCESS_VERBOSE=1
 * prints the answer of every permitted write.
 */
import request from 'supertest';
import { Permission, permissionsFor, Role, ROLES } from '../src/auth/permissions';
import { AuditLog } from '../src/audit/audit-log.entity';
import { UsersService } from '../src/users/users.service';
import { bearer } from './support/case-fixtures';
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

/** Allowed calls the matrix does not make, with the reason. Every other cell is called. */
const SKIPPED: Record<string, string> = {
  'POST /api/auth/logout': "ends the caller's session (auth.e2e-spec.ts and sessions-headers.e2e-spec.ts)",
  'POST /logout': "ends the caller's page session (auth.e2e-spec.ts and sessions-headers.e2e-spec.ts)",
};

function call(agent: any, method: string, url: string) {
  return agent[method.toLowerCase()](url);
}

describe('access matrix: every route × every role (e2e)', () => {
  let t: TestApp;
  let routes: RouteInfo[];
  const token: Partial<Record<Role, string>> = {};
  const agent: Partial<Record<Role, any>> = {};
  const csrf: Partial<Record<Role, string>> = {};
  const cells = { denied: 0, allowedReads: 0, allowedWrites: 0, skipped: 0 };

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

  it('every route names a known permission; the skip list names real routes', () => {
    const unknown = routes.filter((r) => !KNOWN.has(r.permission as string)).map(where);
    expect(unknown).toEqual([]);
    expect(routes.length).toBeGreaterThan(50);
    const missing = Object.keys(SKIPPED).filter((k) => !routes.some((r) => `${r.method} ${r.path}` === k));
    expect(missing).toEqual([]);
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
        if (allowed && SKIPPED[`${r.method} ${r.path}`]) {
          cells.skipped++;
          continue;
        }
        let req = api
          ? call(request(t.server), r.method, url).set(bearer(token[role]!))
          : call(agent[role], r.method, url);
        if (r.method !== 'GET') req = api ? req.send({}) : req.type('form').send({ _csrf: csrf[role] });
        const res = await req;
        if (allowed) {
          if (r.method === 'GET') cells.allowedReads++;
          else cells.allowedWrites++;
          if (process.env.ACCESS_VERBOSE && r.method !== 'GET')
            process.stdout.write(
              `write ${where(r)} as ${role}: ${res.status} ${res.body?.code ?? res.headers.location ?? ''}\n`,
            );
          const toLogin = res.status === 303 && /^\/login/.test(res.headers.location ?? '');
          if ([401, 403].includes(res.status) || res.status >= 500 || toLogin)
            problems.push(
              `${where(r)} as ${role} (has ${r.permission}): got ${res.status} ${res.body?.code ?? res.headers.location ?? ''}`,
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
      // The role's sessions survived its own cells.
      await request(t.server).get('/api/account').set(bearer(token[role]!)).expect(200);
      await agent[role].get('/account/password').expect(200);
    },
  );

  afterAll(() => {
    process.stdout.write(
      `access matrix: ${routes.length} routes x ${ROLES.length} roles = ${routes.length * ROLES.length} cells: ${cells.denied} denials checked, ${cells.allowedReads} allowed reads, ${cells.allowedWrites} allowed writes, ${cells.skipped} skipped (${Object.keys(SKIPPED).join(', ')})\n`,
    );
  });
});
