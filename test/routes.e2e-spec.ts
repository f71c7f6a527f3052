/**
 * Every route declares who may call it. The test walks every controller route Nest registered and:
 *  - fails listing any route with neither `@RequirePermission()` nor `@Public()` (or with both);
 *  - checks the public routes are exactly the allow-list below, so a new public route must be
 *    acknowledged here in review;
 *  - calls every non-public route without credentials: the JSON API answers 401 UNAUTHENTICATED in
 *    the documented error shape, a GET page redirects (303) to the login page, any other page
 *    answers 401 (or 403 when the CSRF check refuses the form first) — never 2xx, 3xx elsewhere or 5xx;
 *  - checks the JSON API does not accept the page session cookie (it needs a Bearer token).
 */
import request from 'supertest';
import { Role } from '../src/auth/permissions';
import {
  createTestApp,
  createUser,
  csrfFrom,
  expectErrorShape,
  pageLogin,
  TestApp,
} from './support/test-app';
import { RouteInfo, walkRoutes } from './support/routes';

/** The routes anyone may call without logging in. Adding one is a security decision: review it. */
const PUBLIC_ROUTES = [
  'GET /health', // load balancer / monitoring probe
  'GET /login', // the login page
  'POST /login', // the login form
  'POST /api/auth/login', // the JSON API login
  'POST /language', // the language switch (also before login)
].sort();

const DUMMY_ID = '00000000-0000-4000-8000-000000000000';

const label = (r: RouteInfo) => `${r.method} ${r.path}`;
const where = (r: RouteInfo) => `${label(r)} (${r.controller}.${r.handler})`;
const concrete = (path: string) => path.replace(/:[A-Za-z0-9_]+/g, DUMMY_ID);
const isApi = (path: string) => path === '/api' || path.startsWith('/api/');

function call(agent: any, method: string, url: string) {
  const lower = method.toLowerCase();
  if (!['get', 'post', 'put', 'patch', 'delete', 'options', 'head'].includes(lower)) {
    throw new Error(`no test call for method ${method} (${url})`);
  }
  return agent[lower](url);
}

describe('route protection (e2e)', () => {
  let t: TestApp;
  let routes: RouteInfo[];

  beforeAll(async () => {
    t = await createTestApp();
    routes = walkRoutes(t);
  });
  afterAll(() => t.close());

  it('finds the application routes, and Fastify serves each of them', () => {
    expect(routes.length).toBeGreaterThanOrEqual(PUBLIC_ROUTES.length);
    const fastify = t.app.getHttpAdapter().getInstance();
    const unserved = routes.filter((r) => !fastify.hasRoute({ method: r.method as any, url: r.path }));
    expect(unserved.map(where)).toEqual([]);
  });

  it('every route declares exactly one of a permission or @Public()', () => {
    const undeclared = routes.filter((r) => !r.permission && !r.isPublic).map(where);
    const both = routes.filter((r) => r.permission && r.isPublic).map(where);
    expect({ withoutPermissionOrPublic: undeclared, withBoth: both }).toEqual({
      withoutPermissionOrPublic: [],
      withBoth: [],
    });
  });

  it('the public routes are exactly the acknowledged allow-list', () => {
    const publicRoutes = routes
      .filter((r) => r.isPublic)
      .map(label)
      .sort();
    expect(publicRoutes).toEqual(PUBLIC_ROUTES);
  });

  it('every non-public route refuses a caller without credentials', async () => {
    const problems: string[] = [];
    for (const r of routes.filter((x) => !x.isPublic)) {
      const url = concrete(r.path);
      let req = call(request(t.server), r.method, url);
      if (['POST', 'PUT', 'PATCH'].includes(r.method)) req = req.send(isApi(r.path) ? {} : 'x=1');
      const res = await req;
      if (isApi(r.path)) {
        if (res.status !== 401 || res.body?.code !== 'UNAUTHENTICATED') {
          problems.push(
            `${where(r)}: expected 401 UNAUTHENTICATED, got ${res.status} ${JSON.stringify(res.body)}`,
          );
          continue;
        }
        try {
          expectErrorShape(res.body, 401, 'UNAUTHENTICATED');
        } catch (err) {
          problems.push(`${where(r)}: error body not in the documented shape: ${(err as Error).message}`);
        }
      } else if (r.method === 'GET') {
        const location = String(res.headers.location ?? '');
        if (res.status !== 303 || !/^\/login(\?|$)/.test(location)) {
          problems.push(`${where(r)}: expected 303 to /login, got ${res.status} ${location}`);
        }
      } else if (![401, 403].includes(res.status)) {
        problems.push(`${where(r)}: expected 401 or 403 (CSRF), got ${res.status}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('every non-public form refuses a caller without a session even with a valid CSRF token (401)', async () => {
    const agent = request.agent(t.server);
    const csrf = csrfFrom((await agent.get('/login').expect(200)).text);
    const problems: string[] = [];
    for (const r of routes.filter((x) => !x.isPublic && !isApi(x.path) && x.method !== 'GET')) {
      const res = await call(agent, r.method, concrete(r.path)).type('form').send({ _csrf: csrf });
      if (res.status !== 401) problems.push(`${where(r)}: expected 401, got ${res.status}`);
    }
    expect(problems).toEqual([]);
  });

  it('the JSON API refuses a bad Bearer token, and does not accept the page session cookie', async () => {
    const apiGets = routes.filter((r) => !r.isPublic && isApi(r.path) && r.method === 'GET');
    expect(apiGets.length).toBeGreaterThan(0);
    await createUser(t, 'routes-walker', [Role.Admin]);
    const agent = await pageLogin(t, 'routes-walker');
    const problems: string[] = [];
    for (const r of apiGets) {
      const url = concrete(r.path);
      const bad = await request(t.server).get(url).set('Authorization', 'Bearer not-a-real-token');
      if (bad.status !== 401 || bad.body?.code !== 'UNAUTHENTICATED')
        problems.push(`${where(r)} with a bad token: got ${bad.status} ${JSON.stringify(bad.body)}`);
      const withCookie = await agent.get(url);
      if (withCookie.status !== 401)
        problems.push(`${where(r)} with the page session cookie: got ${withCookie.status}`);
    }
    expect(problems).toEqual([]);
  });
});
