import request from 'supertest';
import { Role } from '../src/platform/auth/permissions';
import { bearer, intakePayload } from './support/case-fixtures';
import { statementCounter } from './support/statement-counter';
import { apiLogin, createTestApp, createUser, TestApp } from './support/test-app';

/**
 * The intake's statement diet (issue 16): a `POST /api/cases` sends a bounded, known list of SQL
 * statements — no read-back of what it has just written, one write of the history head, the case
 * number taken in one statement. Counted through the data source's logger, which sees every
 * statement any query runner sends.
 */
describe('intake: the SQL statements of one POST /api/cases (e2e)', () => {
  let t: TestApp;
  let frontdesk: string;
  let counter: ReturnType<typeof statementCounter>;

  beforeAll(async () => {
    // The key cache's periodic check for destroyed keys is timing, not the intake: keep it out.
    t = await createTestApp({ env: { DATA_KEY_RECHECK_MS: '3600000' } });
    counter = statementCounter(t.dataSource);
    await createUser(t, 'fd', [Role.FrontDesk]);
    await createUser(t, 'coord', [Role.Coordinator]);
    frontdesk = await apiLogin(t, 'fd');
    // a first intake warms the caches (settings, the year's counter row) like any intake after the first
    await post();
  }, 120_000); // the app's migrations on a loaded machine

  afterAll(() => t.close());

  const coordinator = () => apiLogin(t, 'coord');
  const post = () =>
    request(t.server).post('/api/cases').set(bearer(frontdesk)).send(intakePayload()).expect(201);

  const intakeStatements = () =>
    counter.counted(async () => {
      const res = await post();
      expect(res.body.eventCount).toBe(1);
    });

  const kind = (sql: string) => {
    const s = sql
      .trim()
      .replace(/\s+/g, ' ')
      .replace(/^START TRANSACTION/, 'BEGIN');
    const table =
      /^(?:INSERT INTO|UPDATE|DELETE FROM) "([^"]+)"/.exec(s)?.[1] ?? /FROM "([^"]+)"/.exec(s)?.[1];
    return `${s.split(' ')[0].toUpperCase()}${table ? ` ${table}` : ''}`;
  };

  it('writes each row once, updates no history head, and reads back nothing it wrote', async () => {
    const statements = (await intakeStatements()).map(kind);
    const begin = statements.indexOf('BEGIN');
    const intake = statements.slice(begin, statements.indexOf('INSERT case_events') + 1);
    // The intake: the two data keys, the victim, the year's number (taken, then read: the one value
    // the intake does not know), the case with the head of its one-event history already sealed, the
    // perpetrator, the event. Before the diet: 16 statements here (each data key read back for its
    // version, the case updated twice for its head and read for it, the event read back).
    expect(intake).toEqual([
      'BEGIN',
      'INSERT data_keys',
      'INSERT victims',
      'INSERT case_number_counters',
      'SELECT case_number_counters',
      'INSERT data_keys',
      'INSERT cases',
      'INSERT case_perpetrators',
      'INSERT case_events',
    ]);
    // Then the answer (the case as the front desk may see it, through the disclosure gate: the case
    // and its perpetrators), the request's audit row and the commit; nothing is updated.
    expect(statements.slice(begin + intake.length)).toEqual([
      'SELECT cases',
      'SELECT case_perpetrators',
      'INSERT audit_logs',
      'COMMIT',
    ]);
    expect(statements.filter((s) => s.startsWith('UPDATE'))).toEqual([]);
    // The whole request, session lookups included: 22 statements before the diet.
    expect(statements.length).toBe(15);
  });

  it('answers the case it registered, with a history that verifies', async () => {
    const res = await post();
    expect(res.body).toMatchObject({ stage: 'intake', version: 1, eventCount: 1 });
    const coordinatorToken = await coordinator();
    const verification = await request(t.server)
      .get(`/api/cases/${res.body.id}/verification`)
      .set(bearer(coordinatorToken))
      .expect(200);
    expect(verification.body).toMatchObject({ ok: true, eventCount: 1, problem: null });
    const history = await request(t.server)
      .get(`/api/cases/${res.body.id}/history`)
      .set(bearer(coordinatorToken))
      .expect(200);
    expect(history.body.items).toHaveLength(1);
  });
});
