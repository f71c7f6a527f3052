import request from 'supertest';
import { Role } from '../src/platform/auth/permissions';
import { Case } from '../src/case/case.entity';
import { bearer, intakePayload, registerCase } from './support/case-fixtures';
import { apiLogin, createTestApp, createUser, expectErrorShape, TestApp } from './support/test-app';

/**
 * The duplicate check's match tokens (issue 12): single-use, short-lived, bound to the session that
 * asked and to the identifier that matched. Every misuse is a clear 400 or 404 — never a 500 — and
 * attaches nothing.
 */
describe('match tokens of the duplicate check (e2e)', () => {
  let t: TestApp;
  let fd: string;
  let fdOther: string;
  const NIK = '3374058808900005';

  beforeAll(async () => {
    // Sessions outlive the token's 30 minutes here, so that the token's own expiry is what refuses it.
    t = await createTestApp({ env: { SESSION_IDLE_MINUTES: '120' } });
    await createUser(t, 'fd', [Role.FrontDesk]);
    await createUser(t, 'fd_other', [Role.FrontDesk]);
    [fd, fdOther] = [await apiLogin(t, 'fd'), await apiLogin(t, 'fd_other')];
    await registerCase(t, fd, {
      victim: { fullName: 'Lestari Handayani Putri', nik: NIK, birthDate: '1990-08-08' },
    });
  });
  afterAll(() => t.close());

  const check = async (token: string, body: object) =>
    (await request(t.server).post('/api/cases/duplicate-check').set(bearer(token)).send(body).expect(200))
      .body as { matchToken: string; matchedBy: string }[];
  const caseCount = () => t.dataSource.getRepository(Case).count();
  const attach = (token: string, matchToken: unknown, victim: Record<string, unknown> = { nik: NIK }) => {
    const body = intakePayload({ victim: { fullName: 'Lestari H.', ...victim } });
    body.matchToken = matchToken;
    return request(t.server).post('/api/cases').set(bearer(token)).send(body);
  };

  it('refuses a token of another session (404), a used one, an expired one and one for other identifiers (400); nothing is attached', async () => {
    const [match] = await check(fd, { nik: NIK });
    expect(match.matchedBy).toBe('nik');
    const before = await caseCount();

    const foreign = await attach(fdOther, match.matchToken);
    expectErrorShape(foreign.body, 404, 'MATCH_TOKEN_NOT_FOUND');
    // Another login of the same officer is another session too.
    const again = await apiLogin(t, 'fd');
    expectErrorShape((await attach(again, match.matchToken)).body, 404, 'MATCH_TOKEN_NOT_FOUND');

    const mismatch = await attach(fd, match.matchToken, { nik: '3374058808900099' });
    expectErrorShape(mismatch.body, 400, 'MATCH_TOKEN_MISMATCH');
    expect(mismatch.body.message).toContain('pemeriksaan data ganda');
    expect(await caseCount()).toBe(before);

    // Used once: the second use is refused.
    expect((await attach(fd, match.matchToken)).status).toBe(201);
    const reused = await attach(fd, match.matchToken);
    expectErrorShape(reused.body, 400, 'MATCH_TOKEN_USED');
    expect(await caseCount()).toBe(before + 1);

    // Expired after 30 minutes.
    const [late] = await check(fd, { nik: NIK });
    t.clock.advanceMinutes(31);
    const expired = await attach(fd, late.matchToken);
    expectErrorShape(expired.body, 400, 'MATCH_TOKEN_EXPIRED');
    expect(await caseCount()).toBe(before + 1);
  });

  it('binds a name-and-birth-year match to that name and year', async () => {
    const [byName] = await check(fd, { fullName: 'lestari handayani  PUTRI', birthYear: 1990 });
    expect(byName.matchedBy).toBe('name_birth_year');
    const wrongYear = await attach(fd, byName.matchToken, {
      fullName: 'Lestari Handayani Putri',
      birthDate: '1991-08-08',
      nik: undefined,
    });
    expectErrorShape(wrongYear.body, 400, 'MATCH_TOKEN_MISMATCH');
    const right = await attach(fd, byName.matchToken, {
      fullName: 'Lestari Handayani Putri',
      birthDate: '1990-08-08',
      nik: undefined,
    });
    expect(right.status).toBe(201);
  });

  it('refuses a malformed token with 400 and an unknown one with 404, in English too', async () => {
    const malformed = await attach(fd, 'not a token!');
    expectErrorShape(malformed.body, 400, 'VALIDATION_FAILED');
    const unknown = await attach(fd, 'A'.repeat(32));
    expectErrorShape(unknown.body, 404, 'MATCH_TOKEN_NOT_FOUND');
    const english = await request(t.server)
      .post('/api/cases')
      .set(bearer(fd))
      .set('Accept-Language', 'en')
      .send({ ...intakePayload({ victim: { nik: NIK } }), matchToken: 'B'.repeat(32) });
    expect(english.body.message).toContain('Run the duplicate check again');
    for (const bad of [123, ['x'], { token: 'x' }, '']) {
      const res = await attach(fd, bad);
      expect(res.status).toBe(400);
    }
  });

  it('issues tokens only to those who may register complaints', async () => {
    await createUser(t, 'pug_m', [Role.PugSecretariat]);
    const pug = await apiLogin(t, 'pug_m');
    await request(t.server)
      .post('/api/cases/duplicate-check')
      .set(bearer(pug))
      .send({ nik: NIK })
      .expect(403);
  });
});
