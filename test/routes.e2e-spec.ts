/**
 * Every route declares who may call it. The test walks every controller route Nest registered and:
 *  - fails listing any route with neither `@RequirePermission()` nor `@Public()` (or with both);
 *  - checks the public routes are exactly the allow-list below, so a new public route must be
 *    acknowledged here in review;
 *  - finds every route registered on Fastify outside Nest (its onRoute hook sees them all: static
 *    files, Swagger's pages and documents, the HEAD twin Fastify adds to every GET) and fails on one
 *    that is not classified below; the public ones are in the same exact allow-list, and each answers
 *    without credentials; the HEAD twin of every protected GET refuses like its GET;
 *  - calls every non-public route without credentials: the JSON API answers 401 UNAUTHENTICATED in
 *    the documented error shape, a GET page redirects (303) to the login page, any other page
 *    answers 401 (or 403 when the CSRF check refuses the form first) — never 2xx, 3xx elsewhere or 5xx;
 *  - checks the JSON API does not accept the page session cookie (it needs a Bearer token).
 */
import request from 'supertest';
import { Role } from '../src/platform/auth/permissions';
import {
  createTestApp,
  createUser,
  csrfFrom,
  expectErrorShape,
  pageLogin,
  TestApp,
} from './support/test-app';
import { checkFigures } from './support/figures';
import { RouteInfo, walkRoutes } from './support/routes';

/**
 * The routes anyone may call without logging in — Nest's `@Public()` routes and the routes registered
 * on Fastify directly — with a sample URL for wildcard routes. Adding one is a security decision:
 * review it.
 */
const PUBLIC_ROUTES: Record<string, { why: string; nest: boolean; sample?: string; status?: number }> = {
  'GET /health': { nest: true, why: 'load balancer / monitoring probe' },
  'GET /login': { nest: true, why: 'the login page' },
  'POST /login': { nest: true, why: 'the login form' },
  'POST /api/auth/login': { nest: true, why: 'the JSON API login' },
  'POST /language': { nest: true, why: 'the language switch (also before login)' },
  // Registered on Fastify by @fastify/static (bootstrap.ts): the CSS, scripts and icons of the pages.
  'GET /static/*': {
    nest: false,
    why: 'static assets from public/ (no data)',
    sample: '/static/css/app.css',
  },
  // Registered on Fastify by SwaggerModule.setup (bootstrap.ts): the API documentation, which holds
  // the routes and their permissions but no data.
  'GET /api/docs': { nest: false, why: 'Swagger UI' },
  'GET /api/docs/': { nest: false, why: 'Swagger UI' },
  'GET /api/docs/index.html': { nest: false, why: 'Swagger UI' },
  'GET /api/docs/swagger-ui-init.js': { nest: false, why: "Swagger UI's start-up script" },
  'GET /api/docs/docs/swagger-ui-init.js': {
    nest: false,
    why: "Swagger UI's start-up script (a second path)",
  },
  'GET /api/docs/LICENSE': {
    nest: false,
    why: "@nestjs/swagger hides swagger-ui-dist's LICENSE file: always 404",
    status: 404,
  },
  'GET /api/docs/*': { nest: false, why: "Swagger UI's assets", sample: '/api/docs/swagger-ui.css' },
  'GET /api/docs/docs/*': {
    nest: false,
    why: "Swagger UI's assets (a second path)",
    sample: '/api/docs/docs/swagger-ui.css',
  },
  'GET /api/docs-json': { nest: false, why: 'the OpenAPI document (JSON)' },
  'GET /api/docs-yaml': { nest: false, why: 'the OpenAPI document (YAML)' },
  // Registered on Fastify by configureApp (bootstrap.ts): a URL Fastify's router refuses (a bad escape,
  // an over-long id) is routed here again and answered 400 BAD_REQUEST through the usual hooks.
  ...Object.fromEntries(
    ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].flatMap((method) =>
      ['/_bad-url', '/api/_bad-url'].map((url) => [
        `${method} ${url}`,
        {
          nest: false,
          why: 'the answer to a URL the router refuses: always 400 (a form without a CSRF token: 403)',
          // a page form without a CSRF token is refused by the CSRF check first
          status: method !== 'GET' && !url.startsWith('/api') ? 403 : 400,
        },
      ]),
    ),
  ),
};

const DUMMY_ID = '00000000-0000-4000-8000-000000000000';
/** A floor close to today's figure: a route walker that finds fewer routes fails. */
const MIN_ROUTES = 355;

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
  let outsideFigures: { outside: number; headTwins: number } | undefined;

  beforeAll(async () => {
    t = await createTestApp();
    routes = walkRoutes(t);
  });
  afterAll(() => t.close());

  it('finds the application routes, and Fastify serves each of them', () => {
    expect(routes.length).toBeGreaterThanOrEqual(Object.keys(PUBLIC_ROUTES).length);
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
    const allowed = Object.keys(PUBLIC_ROUTES).filter((k) => PUBLIC_ROUTES[k].nest);
    expect(publicRoutes).toEqual(allowed.sort());
  });

  it('every route registered outside Nest is found and classified: public (allow-listed) or a HEAD twin', () => {
    const nest = new Set(routes.map(label));
    const seen = t.fastifyRoutes.map((r) => `${r.method} ${r.url}`);
    // Fastify's onRoute saw every Nest route too: the hook is in place and complete.
    expect([...nest].filter((k) => !seen.includes(k))).toEqual([]);
    const outside = [...new Set(seen.filter((k) => !nest.has(k)))].sort();
    const unclassified: string[] = [];
    const publicOutside: string[] = [];
    let headTwins = 0;
    for (const key of outside) {
      const [method, url] = key.split(' ');
      // Fastify adds a HEAD route to every GET route (exposeHeadRoutes): same handler, same guard.
      if (method === 'HEAD' && seen.includes(`GET ${url}`)) {
        headTwins++;
        continue;
      }
      if (PUBLIC_ROUTES[key] && !PUBLIC_ROUTES[key].nest) publicOutside.push(key);
      else unclassified.push(key);
    }
    expect(unclassified).toEqual([]);
    // The allow-list names no route that is gone.
    expect(Object.keys(PUBLIC_ROUTES).filter((k) => !seen.includes(k))).toEqual([]);
    expect(publicOutside.sort()).toEqual(
      Object.keys(PUBLIC_ROUTES)
        .filter((k) => !PUBLIC_ROUTES[k].nest)
        .sort(),
    );
    // Every GET has its HEAD twin, and every HEAD is a twin (so the HEAD test below reaches all of them).
    const gets = seen.filter((k) => k.startsWith('GET '));
    expect(gets.filter((k) => !seen.includes(k.replace(/^GET/, 'HEAD')))).toEqual([]);
    expect(headTwins).toBe(seen.filter((k) => k.startsWith('HEAD ')).length);
    outsideFigures = { outside: publicOutside.length, headTwins };
  });

  it('the public routes outside Nest answer without credentials; nothing else is public', async () => {
    const problems: string[] = [];
    for (const [key, spec] of Object.entries(PUBLIC_ROUTES)) {
      if (spec.nest) continue;
      const [verb, path] = key.split(' ');
      const url = spec.sample ?? path;
      for (const method of verb === 'GET' ? ['get', 'head'] : [verb.toLowerCase()]) {
        const res = await (request(t.server) as any)[method](url);
        if (res.status !== (spec.status ?? 200))
          problems.push(`${method.toUpperCase()} ${url} (${spec.why}): ${res.status}`);
      }
    }
    expect(problems).toEqual([]);
    const doc = await request(t.server).get('/api/docs-json').expect(200);
    expect(Object.keys(doc.body.paths).length).toBeGreaterThan(100);
    // A path outside every route is a 404, not a page (no catch-all).
    const none = await request(t.server).get('/no-such-page');
    expect(none.status).toBe(404);
  });

  it('the HEAD twin of every protected GET refuses a caller without credentials', async () => {
    const problems: string[] = [];
    const gets = routes.filter((x) => !x.isPublic && x.method === 'GET');
    expect(gets.length).toBeGreaterThan(150);
    for (const r of gets) {
      const res = await request(t.server).head(concrete(r.path));
      // The API answers 401; a page answers a GET without a session with 303 to /login, and a HEAD
      // (no page to show) with 401.
      if (res.status !== 401)
        problems.push(`HEAD ${r.path}: got ${res.status} ${res.headers.location ?? ''}`);
    }
    expect(problems).toEqual([]);
  });

  it('every non-public route refuses a caller without credentials', async () => {
    const problems: string[] = [];
    const protectedRoutes = routes.filter((x) => !x.isPublic);
    expect(protectedRoutes.length).toBeGreaterThanOrEqual(MIN_ROUTES);
    for (const r of protectedRoutes) {
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

  it('records its figures', () => {
    expect(outsideFigures).toBeDefined();
    checkFigures('routes', {
      routes: routes.length,
      protected: routes.filter((r) => !r.isPublic).length,
      publicNest: routes.filter((r) => r.isPublic).length,
      publicOutsideNest: outsideFigures!.outside,
      headTwins: outsideFigures!.headTwins,
    });
  });
});
