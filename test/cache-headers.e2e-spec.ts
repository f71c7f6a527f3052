/**
 * Pages must not come back after logout (issue 13, item 4): every authenticated page and API answer,
 * errors included, carries `Cache-Control: no-store` and `Pragma: no-cache`, so neither the browser's
 * cache nor its back-forward cache keeps a copy; logging out sends `Clear-Site-Data` for the cache,
 * cookies and storage. The routes are walked from the application's own route list, so a new route
 * cannot escape. The browser side (Back after logout) is test/logout-back.browser-spec.ts.
 */
import request from 'supertest';
import { Role } from '../src/platform/auth/permissions';
import { walkRoutes } from './support/routes';
import { apiLogin, createTestApp, createUser, csrfFrom, pageLogin, TestApp } from './support/test-app';

const DUMMY_ID = '00000000-0000-4000-8000-000000000000';

// ~800 requests in the route walk: minutes on a busy machine with PostgreSQL.
jest.setTimeout(300_000);
const isApi = (path: string) => path === '/api' || path.startsWith('/api/');

function problemOf(where: string, res: request.Response): string | null {
  const cache = String(res.headers['cache-control'] ?? '');
  const pragma = String(res.headers['pragma'] ?? '');
  return /(^|,\s*)no-store(\s*,|$)/.test(cache) && pragma === 'no-cache'
    ? null
    : `${where} → ${res.status}: cache-control "${cache}", pragma "${pragma}"`;
}

describe('no-store on authenticated answers, Clear-Site-Data at logout (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await createUser(t, 'coord', [Role.Coordinator]);
    await createUser(t, 'boss', [Role.Admin]);
  });
  afterAll(() => t.close());

  it('every GET route, page and API, as two roles, answers no-store (errors too)', async () => {
    const routes = walkRoutes(t).filter((r) => r.method === 'GET' && !r.isPublic);
    expect(routes.length).toBeGreaterThan(100);
    const problems: string[] = [];
    let checked = 0;
    for (const username of ['coord', 'boss']) {
      const agent = await pageLogin(t, username);
      const token = await apiLogin(t, username);
      for (const r of routes) {
        const url = r.path.replace(/:[A-Za-z0-9_]+/g, DUMMY_ID);
        const res = isApi(r.path)
          ? await request(t.server).get(url).set('Authorization', `Bearer ${token}`)
          : await agent.get(url);
        const problem = problemOf(`${username} GET ${r.path}`, res);
        if (problem) problems.push(problem);
        checked++;
      }
    }
    expect(problems).toEqual([]);
    process.stdout.write(`no-store: ${checked} authenticated answers checked\n`);
  });

  it('refusals and errors carry it too: 401, 403, 404, 400, CSRF, the login page and the login answer', async () => {
    const agent = await pageLogin(t, 'coord');
    const token = await apiLogin(t, 'coord');
    const answers: [string, request.Response][] = [
      ['GET /api/cases without a token', await request(t.server).get('/api/cases')],
      ['GET / without a session', await request(t.server).get('/')],
      [
        'GET /api/users as a coordinator',
        await request(t.server).get('/api/users').set('Authorization', `Bearer ${token}`),
      ],
      ['GET /admin/users as a coordinator', await agent.get('/admin/users')],
      ['GET /no-such-page', await agent.get('/no-such-page')],
      [
        'POST /api/cases with a bad body',
        await request(t.server).post('/api/cases').set('Authorization', `Bearer ${token}`).send({ bad: 1 }),
      ],
      ['POST /logout without a CSRF token', await agent.post('/logout').type('form').send({})],
      ['GET /login', await request(t.server).get('/login')],
      [
        'POST /api/auth/login',
        await request(t.server)
          .post('/api/auth/login')
          .send({ username: 'coord', password: 'wrong password' }),
      ],
    ];
    expect(answers.map(([where, res]) => problemOf(where, res)).filter(Boolean)).toEqual([]);
    // static assets stay cacheable: they hold nothing of anyone
    const css = await request(t.server).get('/static/css/app.css');
    expect(css.status).toBe(200);
    expect(String(css.headers['cache-control'] ?? '')).not.toContain('no-store');
  });

  it('logging out, from the page or the API, clears the site data', async () => {
    const agent = await pageLogin(t, 'coord');
    const home = await agent.get('/').expect(200);
    const page = await agent
      .post('/logout')
      .type('form')
      .send({ _csrf: csrfFrom(home.text) })
      .expect(303);
    expect(page.headers['clear-site-data']).toBe('"cache", "cookies", "storage"');
    const token = await apiLogin(t, 'coord');
    const api = await request(t.server)
      .post('/api/auth/logout')
      .set('Authorization', `Bearer ${token}`)
      .expect(204);
    expect(api.headers['clear-site-data']).toBe('"cache", "cookies", "storage"');
  });
});
