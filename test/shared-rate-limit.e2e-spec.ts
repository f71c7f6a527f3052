/**
 * Shared rate limits (issue 17, item 4): two instances of the application on one database count login
 * attempts in the same bucket, so two instances allow no more than one — on sqlite (two processes'
 * worth of connections on one file) and on PostgreSQL. Both instances read one clock, so the window
 * can be moved on.
 */
import request from 'supertest';
import { FakeClock } from '../src/platform/common/clock';
import { Role } from '../src/platform/auth/permissions';
import { RateLimitCounter } from '../src/platform/auth/rate-limit-counter.entity';
import { createSecondInstance, createTestApp, createUser, TEST_PASSWORD, TestApp } from './support/test-app';

const LIMIT = 4;

describe('login rate limit shared by two instances on one database (e2e)', () => {
  let a: TestApp;
  let b: TestApp;
  const clock = new FakeClock();

  beforeAll(async () => {
    const env = { TRUST_PROXY: 'true', LOGIN_RATE_LIMIT: String(LIMIT) };
    a = await createTestApp({ env, clock });
    b = await createSecondInstance(a, { env, clock });
    await createUser(a, 'shared', [Role.Counselor]);
  }, 120_000);

  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const login = (t: TestApp, ip: string, password = 'wrong but counted') =>
    request(t.server)
      .post('/api/auth/login')
      .set('X-Forwarded-For', ip)
      .send({ username: 'shared', password });

  it('counts attempts through either instance in one bucket per address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT; i++) statuses.push((await login(i % 2 ? b : a, '192.0.2.20')).status);
    expect(statuses).toEqual(Array(LIMIT).fill(401));
    // The limit is reached through both together: each instance now refuses, even the right password.
    const onA = await login(a, '192.0.2.20', TEST_PASSWORD);
    expect(onA.status).toBe(429);
    expect(onA.body.code).toBe('RATE_LIMITED');
    expect((await login(b, '192.0.2.20', TEST_PASSWORD)).status).toBe(429);
    // another address has its own bucket, on either instance
    await login(b, '192.0.2.21', TEST_PASSWORD).expect(200);
    // the window ends for both instances at once
    clock.advanceMinutes(1.1);
    await login(b, '192.0.2.20', TEST_PASSWORD).expect(200);
    await login(a, '192.0.2.20', TEST_PASSWORD).expect(200);
  });

  it('admits exactly the limit of concurrent attempts (PostgreSQL: spread over both instances)', async () => {
    // On sqlite the two instances of this test share one process, and so node-sqlite3's four worker
    // threads: a dozen statements of one instance waiting (busy_timeout) for the other's write lock
    // occupy them all, and the other's COMMIT never runs. Two real instances are two processes — and
    // several instances are a PostgreSQL deployment; on sqlite the concurrent count runs on one.
    const instances = a.dialect === 'postgres' ? [a, b] : [a];
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => login(instances[i % instances.length], '198.51.100.30')),
    );
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([...Array(LIMIT).fill(401), ...Array(12 - LIMIT).fill(429)]);
    const row = await a.dataSource
      .getRepository(RateLimitCounter)
      .findOneByOrFail({ key: 'login:login:198.51.100.30' });
    expect(row.hits).toBe(12);
  });

  it('keeps no bucket long after its window ended', async () => {
    clock.advanceMinutes(120);
    await login(a, '203.0.113.40').expect(401);
    const keys = (await a.dataSource.getRepository(RateLimitCounter).find()).map((r) => r.key);
    expect(keys).toEqual(['login:login:203.0.113.40']);
  });
});
