/**
 * Login lockout under attack (issue 13, items 1–3):
 *  1. concurrent failures all count (one atomic statement per failure, sqlite and PostgreSQL);
 *  2. a lock is per account and source, with a ceiling per account that spares the centre's own
 *     network; locked, wrong and unknown answer alike; an administrator unlocks (audited);
 *  3. one rate-limit bucket per address for the API and the page form.
 */
import request from 'supertest';
import { Role } from '../src/auth/permissions';
import { User } from '../src/users/user.entity';
import { createTestApp, createUser, TEST_PASSWORD, TestApp } from './support/test-app';

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
  });
});
