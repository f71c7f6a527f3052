/**
 * The harness's own promises, end to end: a body with an untranslated word fails the test that got
 * it (and only once), the translator refuses a missing key under test, and the process keeps the time
 * zone it was started with (`.ci/run` runs the suites under TZ=UTC and TZ=Asia/Jakarta).
 */
import request from 'supertest';
import { Role } from '../src/platform/auth/permissions';
import { Translator } from '../src/platform/i18n/translator';
import { bearer } from './support/case-fixtures';
import {
  apiLogin,
  assertNoUntranslatedResponses,
  createTestApp,
  createUser,
  pageLogin,
  TestApp,
} from './support/test-app';

const STARTED_WITH_TZ = process.env.TZ;

describe('the test harness (e2e)', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp();
    await createUser(t, 'adm', [Role.Admin]);
    admin = await apiLogin(t, 'adm');
  });
  afterAll(() => t.close());

  it('fails the test whose response holds a translation key, naming the request and the key', async () => {
    // An institution named like a key stands in for a key the application forgot to translate.
    await request(t.server)
      .post('/api/institutions')
      .set(bearer(admin))
      .send({ name: 'referrals.serviceRoles.medical', type: 'hospital' })
      .expect(201);
    expect(() => assertNoUntranslatedResponses()).toThrow(
      /POST \/api\/institutions → 201 \(id\): translation key "referrals\.serviceRoles\.medical"/,
    );
    // Reported once: the next check (this test's afterEach) has nothing left.
    expect(() => assertNoUntranslatedResponses()).not.toThrow();
  });

  it('fails on a code shown in a page where words belong', async () => {
    await request(t.server)
      .post('/api/institutions')
      .set(bearer(admin))
      .send({ name: 'Klinik initial_counseling', type: 'hospital' })
      .expect(201);
    const page = await request(t.server).get('/api/institutions?q=Klinik').set(bearer(admin)).expect(200);
    expect(page.body.items).toHaveLength(1);
    // JSON data is data: only sentences (message, summary) are read for codes.
    expect(() => assertNoUntranslatedResponses()).not.toThrow();
    const agent = await pageLogin(t, 'adm');
    await agent.get('/admin/institutions').expect(200);
    expect(() => assertNoUntranslatedResponses()).toThrow(/untranslated code "initial_counseling"/);
  });

  it('the translator throws on a missing key under test', () => {
    const translator = t.app.get(Translator);
    expect(() => translator.t('errors.NO_SUCH_CODE', 'id')).toThrow(
      /missing translation: errors\.NO_SUCH_CODE/,
    );
    expect(translator.t('errors.FORBIDDEN', 'id')).not.toMatch(/errors\./);
  });

  it("keeps the process's time zone (the harness does not force UTC)", () => {
    expect(process.env.TZ).toBe(STARTED_WITH_TZ);
  });
});
