/**
 * Login lockout under attack (issue 13, items 1–3):
 *  1. concurrent failures all count (one atomic statement per failure, sqlite and PostgreSQL);
 *  2. a lock is per account and source, with a ceiling per account that spares the centre's own
 *     network; locked, wrong and unknown answer alike; an administrator unlocks (audited);
 *  3. one rate-limit bucket per address for the API and the page form.
 */
import request from 'supertest';
import { AuditService } from '../src/platform/audit/audit.service';
import { PasswordHasher } from '../src/platform/auth/password-hasher';
import { Role } from '../src/platform/auth/permissions';
import { LoginFailure } from '../src/users/login-failure.entity';
import { User } from '../src/users/user.entity';
import { createTestApp, createUser, csrfFrom, TEST_PASSWORD, TestApp } from './support/test-app';

const login = (t: TestApp, username: string, password: string, ip?: string) => {
  const req = request(t.server).post('/api/auth/login');
  if (ip) req.set('X-Forwarded-For', ip);
  return req.send({ username, password });
};

async function userRow(t: TestApp, username: string): Promise<User> {
  return t.dataSource.getRepository(User).findOneByOrFail({ username });
}

describe('login lockout: concurrent failures (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { LOGIN_MAX_FAILURES: '5', LOGIN_LOCK_MINUTES: '15' } });
    await createUser(t, 'racer', [Role.Counselor]);
    await createUser(t, 'counter', [Role.Counselor]);
  });
  afterAll(() => t.close());

  it('19 wrong passwords sent at once lock the account; the right password is then refused', async () => {
    const answers = await Promise.all(
      Array.from({ length: 19 }, (_, i) => login(t, 'racer', `wrong password ${i}`)),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(19).fill(401));
    const right = await login(t, 'racer', TEST_PASSWORD);
    expect(right.status).toBe(401);
    t.clock.advanceMinutes(16);
    await login(t, 'racer', TEST_PASSWORD).expect(200);
  });

  it('every one of 19 concurrent failures is counted', async () => {
    await Promise.all(Array.from({ length: 19 }, (_, i) => login(t, 'counter', `wrong password ${i}`)));
    expect((await userRow(t, 'counter')).failedLoginCount).toBe(19);
    // and the per-source counter of the lockout (the test's one address) too; 'racer' logged in
    // since, which cleared its row
    const sources = await t.dataSource.getRepository(LoginFailure).find();
    expect(sources.map((s) => s.failures)).toEqual([19]);
  });
});

describe('login lockout: per account and source, the same answer, admin unlock (e2e)', () => {
  let t: TestApp;
  let adminToken: string;
  const OUTSIDE = '203.0.113.5';
  const ELSEWHERE = '198.51.100.7';
  const CENTRE = '10.20.1.2';

  beforeAll(async () => {
    t = await createTestApp({
      env: {
        TRUST_PROXY: 'true',
        LOGIN_MAX_FAILURES: '5',
        LOGIN_ACCOUNT_MAX_FAILURES: '12',
        LOGIN_TRUSTED_NETWORKS: '10.20.0.0/16, fd00:20::/48',
        LOGIN_LOCK_MINUTES: '15',
      },
    });
    for (const name of ['owner', 'sameanswer', 'besieged', 'unlockme', 'pageunlock'])
      await createUser(t, name, [Role.Counselor]);
    await createUser(t, 'boss', [Role.Admin]);
    adminToken = (await login(t, 'boss', TEST_PASSWORD, CENTRE).expect(200)).body.accessToken;
  });
  afterAll(() => t.close());

  const lockFrom = async (username: string, ip: string, n = 5) => {
    for (let i = 0; i < n; i++) await login(t, username, `not the password ${i}`, ip).expect(401);
  };

  it('a lock from one address does not stop the owner from another address or the centre', async () => {
    await lockFrom('owner', OUTSIDE);
    expect((await login(t, 'owner', TEST_PASSWORD, OUTSIDE)).status).toBe(401);
    await login(t, 'owner', TEST_PASSWORD, ELSEWHERE).expect(200);
    await login(t, 'owner', TEST_PASSWORD, CENTRE).expect(200);
    // the owner's success elsewhere does not lift the lock on the attacking address
    expect((await login(t, 'owner', TEST_PASSWORD, OUTSIDE)).status).toBe(401);
    // an IPv6 attacker is one source per /64: changing the last bits does not buy new attempts
    for (let i = 0; i < 5; i++)
      await login(t, 'owner', `wrong ${i}`, `2001:db8:7:7::${(i + 1).toString(16)}`).expect(401);
    expect((await login(t, 'owner', TEST_PASSWORD, '2001:db8:7:7:ffff::9')).status).toBe(401);
    await login(t, 'owner', TEST_PASSWORD, '2001:db8:7:8::1').expect(200);
  });

  it('locked, wrong and unknown answer alike, each after one argon2 verification', async () => {
    const hasher = t.app.get(PasswordHasher);
    const verify = jest.spyOn(hasher, 'verify');
    try {
      await lockFrom('sameanswer', OUTSIDE);
      const answers = {
        wrong: await login(t, 'sameanswer', 'still not it', ELSEWHERE),
        unknown: await login(t, 'no-such-user', 'still not it', ELSEWHERE),
        lockedWrong: await login(t, 'sameanswer', 'still not it', OUTSIDE),
        lockedRight: await login(t, 'sameanswer', TEST_PASSWORD, OUTSIDE),
      };
      const shape = (r: request.Response) => ({ status: r.status, body: r.body });
      const expected = shape(answers.wrong);
      expect(expected.status).toBe(401);
      expect(expected.body.code).toBe('LOGIN_FAILED');
      for (const r of Object.values(answers)) expect(shape(r)).toEqual(expected);
      // 5 to lock + 4 answers: argon2 ran for every one of them, locked or not, known or not
      expect(verify).toHaveBeenCalledTimes(9);
      // the page form answers a locked account like a wrong password too
      const agent = request.agent(t.server);
      const page = await agent.get('/login').set('X-Forwarded-For', OUTSIDE).expect(200);
      const form = await agent
        .post('/login')
        .set('X-Forwarded-For', OUTSIDE)
        .type('form')
        .send({ _csrf: csrfFrom(page.text), username: 'sameanswer', password: TEST_PASSWORD });
      const wrongForm = await agent
        .post('/login')
        .set('X-Forwarded-For', ELSEWHERE)
        .type('form')
        .send({ _csrf: csrfFrom(page.text), username: 'sameanswer', password: 'not it at all' });
      expect(form.status).toBe(401);
      expect(wrongForm.status).toBe(401);
      const alert = (html: string) =>
        /<div class="flash flash--error"[^>]*>([\s\S]*?)<\/div>/.exec(html)?.[1];
      expect(alert(form.text)).toBeDefined();
      expect(alert(form.text)).toBe(alert(wrongForm.text));
    } finally {
      verify.mockRestore();
    }
  });

  it('failures from many addresses lock the account everywhere but the centre network', async () => {
    for (let i = 0; i < 12; i++) await login(t, 'besieged', `guess ${i}`, `192.0.2.${i + 1}`).expect(401);
    expect((await userRow(t, 'besieged')).lockedUntil).not.toBeNull();
    expect((await login(t, 'besieged', TEST_PASSWORD, '192.0.2.200')).status).toBe(401);
    await login(t, 'besieged', TEST_PASSWORD, CENTRE).expect(200);
    await login(t, 'besieged', TEST_PASSWORD, 'fd00:20::5').expect(200);
    // the owner's success at the centre does not reopen the account to the outside
    expect((await login(t, 'besieged', TEST_PASSWORD, '192.0.2.201')).status).toBe(401);
    t.clock.advanceMinutes(16);
    await login(t, 'besieged', TEST_PASSWORD, '192.0.2.202').expect(200);
  });

  it('an administrator unlocks an account through the API (audited); the account shows its locks', async () => {
    await lockFrom('unlockme', OUTSIDE);
    for (let i = 0; i < 7; i++) await login(t, 'unlockme', `guess ${i}`, `192.0.2.${50 + i}`).expect(401);
    const user = await userRow(t, 'unlockme');
    const shown = await request(t.server)
      .get(`/api/users/${user.id}`)
      .set('Authorization', `Bearer ${adminToken}`)
      .expect(200);
    expect(shown.body.lockedUntil).not.toBeNull();
    expect(shown.body.lockedAddresses).toBe(1);
    const unlocked = await request(t.server)
      .post(`/api/users/${user.id}/unlock`)
      .set('Authorization', `Bearer ${adminToken}`)
      .expect(200);
    expect(unlocked.body).toEqual(expect.objectContaining({ lockedUntil: null, lockedAddresses: 0 }));
    await login(t, 'unlockme', TEST_PASSWORD, OUTSIDE).expect(200);
    const audit = await t.app
      .get(AuditService)
      .list({ action: 'auth.unlock', resourceId: user.id, page: 1, pageSize: 10 });
    expect(audit.items).toEqual([
      expect.objectContaining({ outcome: 'allowed', username: 'boss', resourceType: 'user' }),
    ]);
    // not for a counselor
    const counselor = (await login(t, 'owner', TEST_PASSWORD, CENTRE).expect(200)).body.accessToken;
    await request(t.server)
      .post(`/api/users/${user.id}/unlock`)
      .set('Authorization', `Bearer ${counselor}`)
      .expect(403);
  });

  it('an administrator unlocks an account from its page', async () => {
    await lockFrom('pageunlock', OUTSIDE);
    const user = await userRow(t, 'pageunlock');
    const agent = request.agent(t.server);
    const loginPage = await agent.get('/login').expect(200);
    await agent
      .post('/login')
      .set('X-Forwarded-For', CENTRE)
      .type('form')
      .send({ _csrf: csrfFrom(loginPage.text), username: 'boss', password: TEST_PASSWORD })
      .expect(303);
    const page = await agent.get(`/admin/users/${user.id}`).expect(200);
    expect(page.text).toContain(`action="/admin/users/${user.id}/unlock"`);
    const done = await agent
      .post(`/admin/users/${user.id}/unlock`)
      .type('form')
      .send({ _csrf: csrfFrom(page.text) })
      .expect(303);
    expect(done.headers.location).toBe(`/admin/users/${user.id}`);
    const after = await agent.get(`/admin/users/${user.id}`).expect(200);
    expect(after.text).not.toContain(`action="/admin/users/${user.id}/unlock"`);
    await login(t, 'pageunlock', TEST_PASSWORD, OUTSIDE).expect(200);
    const audit = await t.app
      .get(AuditService)
      .list({ action: 'auth.unlock', resourceId: user.id, page: 1, pageSize: 10 });
    expect(audit.items).toHaveLength(1);
  });
});

describe('login rate limit: one bucket per address for the API and the page form (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { TRUST_PROXY: 'true', LOGIN_RATE_LIMIT: '6' } });
    await createUser(t, 'limited', [Role.Counselor]);
  });
  afterAll(() => t.close());

  it('counts API and page logins from one address together, and other addresses apart', async () => {
    const agent = request.agent(t.server);
    const page = await agent.get('/login').expect(200);
    const form = (ip: string) =>
      agent
        .post('/login')
        .set('X-Forwarded-For', ip)
        .type('form')
        .send({ _csrf: csrfFrom(page.text), username: 'limited', password: 'wrong but counted' });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      statuses.push((await login(t, 'nobody', 'wrong but counted', '192.0.2.10')).status);
      statuses.push((await form('192.0.2.10')).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401]);
    const api = await login(t, 'limited', TEST_PASSWORD, '192.0.2.10');
    expect(api.status).toBe(429);
    expect(api.body.code).toBe('RATE_LIMITED');
    expect((await form('192.0.2.10')).status).toBe(429);
    // another address has its own bucket
    await login(t, 'limited', TEST_PASSWORD, '192.0.2.11').expect(200);
  });
});
