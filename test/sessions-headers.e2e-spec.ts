/**
 * Sessions and headers (issue 8, suite 8) — the gaps left by auth.e2e-spec.ts (lockout, idle and
 * absolute expiry, revocation at logout / disable / password change, httpOnly + SameSite) and
 * openapi.e2e-spec.ts (CSP and headers on pages):
 *  - session fixation: a session cookie chosen before login is neither accepted nor kept; every
 *    login issues a new token and ends the session the browser presented (fixed here), and the
 *    token stops working at logout;
 *  - CSRF on every form: every non-GET page route (generated from the route list), called with a
 *    valid session but without a token or with a forged one, is refused 403 CSRF_INVALID;
 *  - CSRF tokens are bound to the session (issue 13): a token from the anonymous login page, or one
 *    issued to another session, is refused with the victim's session cookie; a login rotates them;
 *  - the JSON API answers only Bearer tokens whatever the spelling of its path (`/%61pi/...`,
 *    `//api`, `/api/../api`, case): decided on the route the router matched, not the raw URL;
 *  - with COOKIE_SECURE=true: Secure session and CSRF cookies, and HSTS;
 *  - security headers on pages, the JSON API and error responses.
 */
import { CookieAccessInfo } from 'cookiejar';
import request from 'supertest';
import { Role } from '../src/platform/auth/permissions';
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

  it('CSRF tokens are bound to the session: a token from before login, or from another session, is refused', async () => {
    const victim = request.agent(t.server);
    const anonymous = await victim.get('/login').expect(200);
    const beforeLogin = csrfFrom(anonymous.text);
    const victimLogin = await victim
      .post('/login')
      .type('form')
      .send({ _csrf: beforeLogin, username: 'coord', password: TEST_PASSWORD })
      .expect(303);
    const victimSession = sessionCookie(victimLogin)!.split(';')[0];
    // the anonymous login page's token, with the victim's session cookie: refused
    const replay = await victim.post('/logout').type('form').send({ _csrf: beforeLogin });
    expect([replay.status, String(replay.text).includes('CSRF_INVALID')]).toEqual([403, true]);
    // the same from a fresh anonymous page whose CSRF cookie is planted in the victim's browser
    const attacker = request.agent(t.server);
    const attackerPage = await attacker.get('/login').expect(200);
    const planted = (attackerPage.headers['set-cookie'] as unknown as string[])
      .find((c) => c.startsWith('_csrf='))!
      .split(';')[0];
    const forged = await request(t.server)
      .post('/logout')
      .set('Cookie', `${planted}; ${victimSession}`)
      .type('form')
      .send({ _csrf: csrfFrom(attackerPage.text) });
    expect([forged.status, String(forged.text).includes('CSRF_INVALID')]).toEqual([403, true]);
    // another session's token (the same user logged in elsewhere, with the victim's CSRF cookie
    // copied into that browser): it verifies there, and is refused with the victim's session
    await victim.get('/').expect(200); // the victim's browser holds its current CSRF cookie
    const victimCsrf = victim.jar
      .getCookies(CookieAccessInfo.All)
      .find((c) => c.name === '_csrf')!
      .toValueString();
    const other = request.agent(t.server);
    const otherLogin = await other.get('/login').expect(200);
    await other
      .post('/login')
      .type('form')
      .send({ _csrf: csrfFrom(otherLogin.text), username: 'coord', password: TEST_PASSWORD })
      .expect(303);
    other.jar.setCookie(`${victimCsrf}; Path=/`);
    const otherToken = csrfFrom((await other.get('/').expect(200)).text);
    const crossed = await request(t.server)
      .post('/logout')
      .set('Cookie', `${victimCsrf}; ${victimSession}`)
      .type('form')
      .send({ _csrf: otherToken });
    expect([crossed.status, String(crossed.text).includes('CSRF_INVALID')]).toEqual([403, true]);
    await other.post('/logout').type('form').send({ _csrf: otherToken }).expect(303);
    // a token issued to the victim's session works, and a new login makes a new one necessary
    const home = await victim.get('/').expect(200);
    const mine = csrfFrom(home.text);
    await victim
      .post('/login')
      .type('form')
      .send({ _csrf: mine, username: 'coord', password: TEST_PASSWORD })
      .expect(303);
    const stale = await victim.post('/logout').type('form').send({ _csrf: mine });
    expect(stale.status).toBe(403);
    const fresh = csrfFrom((await victim.get('/').expect(200)).text);
    await victim.post('/logout').type('form').send({ _csrf: fresh }).expect(303);
  });

  it('the JSON API takes only Bearer tokens, however its path is spelt', async () => {
    const agent = await pageLogin(t, 'coord');
    const token = (
      await request(t.server).post('/api/auth/login').send({ username: 'coord', password: TEST_PASSWORD })
    ).body.accessToken as string;
    const spellings = [
      '/api/account',
      '/%61pi/account',
      '/%61%70%69/account',
      '/ap%69/%61ccount',
      '//api/account',
      '/api//account',
      '/api/../api/account',
      '/./api/account',
      '/API/account',
      '/Api/Account',
      '/api/account/',
      '/api/account?x=1',
      '/%2561pi/account',
    ];
    const problems: string[] = [];
    for (const path of spellings) {
      const withCookie = await agent.get(path);
      // never the caller's data from the page cookie: 401 (an API path) or 404 (no such route)
      if (![401, 404].includes(withCookie.status) || String(withCookie.text).includes('"username"'))
        problems.push(`${path} with the page cookie: ${withCookie.status}`);
      if (withCookie.status === 401 && withCookie.body?.code !== 'UNAUTHENTICATED')
        problems.push(`${path} with the page cookie: not the JSON 401`);
      // what the router matches as the API is the API with a Bearer token
      const withBearer = await request(t.server).get(path).set('Authorization', `Bearer ${token}`);
      if (withCookie.status === 401 && withBearer.status !== 200)
        problems.push(`${path} with a Bearer token: ${withBearer.status}`);
    }
    expect(problems).toEqual([]);
    // a write through an encoded path with the page cookie: not authenticated either
    const home = await agent.get('/').expect(200);
    const post = await agent
      .post('/%61pi/auth/logout')
      .type('form')
      .send({ _csrf: csrfFrom(home.text) });
    expect(post.status).toBe(401);
    await agent.get('/').expect(200); // still logged in
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
