/**
 * Sessions and headers (issue 8, suite 8) — the gaps left by auth.e2e-spec.ts (lockout, idle and
 * absolute expiry, revocation at logout / disable / password change, httpOnly + SameSite) and
 * openapi.e2e-spec.ts (CSP and headers on pages):
 *  - session fixation: a session cookie chosen before login is neither accepted nor kept; every
 *    login issues a new token and ends the session the browser presented (fixed here), and the
 *    token stops working at logout;
 *  - CSRF on every form: every non-GET page route (generated from the route list), called with a
 *    valid session but without a token or with a forged one, is refused 403 CSRF_INVALID;
 *  - with COOKIE_SECURE=true: Secure session and CSRF cookies, and HSTS;
 *  - security headers on pages, the JSON API and error responses.
 */
import request from 'supertest';
import { Role } from '../src/auth/permissions';
import { checkFigures } from './support/figures';
import { RouteInfo, walkRoutes } from './support/routes';
import { createTestApp, createUser, csrfFrom, pageLogin, TEST_PASSWORD, TestApp } from './support/test-app';

const DUMMY_ID = '00000000-0000-4000-8000-000000000000';
const isApi = (path: string) => path === '/api' || path.startsWith('/api/');
const where = (r: RouteInfo) => `${r.method} ${r.path} (${r.controller}.${r.handler})`;
const sessionCookie = (res: request.Response) =>
  ((res.headers['set-cookie'] as unknown as string[]) ?? []).find((c) => c.startsWith('lentera_session='));

describe('sessions and headers (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await createUser(t, 'coord', [Role.Coordinator]);
  });
  afterAll(() => t.close());

  it('session fixation: a cookie set before login is not reused; each login issues a new token', async () => {
    const forged = 'lentera_session=attacker-chosen-session-value-0123456789';
    const anon = await request(t.server).get('/').set('Cookie', forged);
    expect(anon.status).toBe(303); // not a session
    const agent = request.agent(t.server);
    agent.jar.setCookie(`${forged}; Path=/`);
    const page = await agent.get('/login').expect(200);
    const login = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), username: 'coord', password: TEST_PASSWORD })
      .expect(303);
    const first = sessionCookie(login)!;
    expect(first).toBeDefined();
    expect(first).not.toContain('attacker-chosen-session-value');
    await agent.get('/').expect(200);
    // the forged value still opens nothing
    expect((await request(t.server).get('/').set('Cookie', forged)).status).toBe(303);
    // a second login from the same browser gets another token and ends the first session (fixed:
    // the first token used to stay valid until its idle expiry)
    const relog = await agent
      .post('/login')
      .type('form')
      .send({
        _csrf: csrfFrom((await agent.get('/').expect(200)).text),
        username: 'coord',
        password: TEST_PASSWORD,
      })
      .expect(303);
    const second = sessionCookie(relog)!;
    expect(second.split(';')[0]).not.toBe(first.split(';')[0]);
    expect((await request(t.server).get('/').set('Cookie', first.split(';')[0])).status).toBe(303);
    const home = await agent.get('/').expect(200);
    await agent
      .post('/logout')
      .type('form')
      .send({ _csrf: csrfFrom(home.text) })
      .expect(303);
    expect((await request(t.server).get('/').set('Cookie', second.split(';')[0])).status).toBe(303);
  });

  it('CSRF on every form: every non-GET page route refuses a logged-in post without or with a forged token', async () => {
    const forms = walkRoutes(t).filter((r) => !isApi(r.path) && r.method !== 'GET' && r.method !== 'HEAD');
    const agent = await pageLogin(t, 'coord');
    const problems: string[] = [];
    for (const r of forms) {
      const url = r.path.replace(/:[A-Za-z0-9_]+/g, DUMMY_ID);
      for (const body of [{}, { _csrf: 'forged-token' }]) {
        const res = await (agent as any)[r.method.toLowerCase()](url).type('form').send(body);
        if (res.status !== 403 || !String(res.text).includes('CSRF_INVALID'))
          problems.push(`${where(r)} with ${JSON.stringify(body)}: ${res.status}`);
      }
    }
    expect(problems).toEqual([]);
    await agent.get('/').expect(200); // none of them logged the user out
    process.stdout.write(`CSRF: ${forms.length} form routes x 2 refused\n`);
    expect(forms.length).toBeGreaterThanOrEqual(88); // a floor close to today's figure
    checkFigures('sessions-headers', { forms: forms.length });
  });

  it('security headers on pages, the JSON API and errors', async () => {
    const agent = await pageLogin(t, 'coord');
    for (const res of [
      await agent.get('/'),
      await request(t.server).get('/login'),
      await request(t.server).get('/api/cases'),
      await request(t.server).get('/no-such-page'),
    ]) {
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toMatch(/DENY|SAMEORIGIN/);
      expect(res.headers['referrer-policy']).toBe('same-origin');
      expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
      expect(res.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
      expect(res.headers['content-security-policy']).not.toMatch(/unsafe-inline|unsafe-eval/);
      expect(res.headers['x-request-id']).toBeTruthy();
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });
});

describe('sessions and headers with COOKIE_SECURE=true (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { COOKIE_SECURE: 'true' } });
    await createUser(t, 'coord', [Role.Coordinator]);
  });
  afterAll(() => t.close());

  it('marks the session and CSRF cookies Secure and sends HSTS', async () => {
    const page = await request(t.server).get('/login').expect(200);
    expect(page.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    const csrfCookie = (page.headers['set-cookie'] as unknown as string[]).find((c) =>
      c.startsWith('_csrf='),
    )!;
    expect(csrfCookie).toMatch(/Secure/i);
    expect(csrfCookie).toMatch(/HttpOnly/i);
    const login = await request(t.server)
      .post('/login')
      .set('Cookie', csrfCookie.split(';')[0])
      .type('form')
      .send({ _csrf: csrfFrom(page.text), username: 'coord', password: TEST_PASSWORD })
      .expect(303);
    const cookie = sessionCookie(login)!;
    expect(cookie).toMatch(/Secure/i);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//i);
  });
});
