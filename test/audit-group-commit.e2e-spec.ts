import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { AuditService } from '../src/platform/audit/audit.service';
import { Role } from '../src/platform/auth/permissions';
import { bearer, registerCase } from './support/case-fixtures';
import { apiLogin, createTestApp, createUser, pageLogin, TestApp } from './support/test-app';

/**
 * Read audits in group commit (issue 16), on sqlite and PostgreSQL: requests arriving together share
 * one write transaction for their audit rows, no response (API value or page) goes out before its own
 * row is committed, and when the group's commit fails every request in it fails — never a 2xx
 * without its row.
 */
describe('audit: read rows in group commit (e2e)', () => {
  let t: TestApp;
  let token: string;
  let page: Awaited<ReturnType<typeof pageLogin>>;
  let caseId: string;
  let audit: AuditService;

  beforeAll(async () => {
    t = await createTestApp();
    await createUser(t, 'coord', [Role.Coordinator]);
    await createUser(t, 'fd', [Role.FrontDesk]);
    token = await apiLogin(t, 'coord');
    page = await pageLogin(t, 'coord');
    caseId = (await registerCase(t, await apiLogin(t, 'fd'))).id;
    audit = t.app.get(AuditService);
  }, 120_000); // the app's migrations on a loaded machine

  afterAll(() => t.close());
  afterEach(() => jest.restoreAllMocks());

  const rowsOf = async (requestId: string): Promise<{ outcome: string; action: string }[]> =>
    t.dataSource.query(
      `SELECT outcome, action FROM audit_logs WHERE "requestId" = ${t.dialect === 'postgres' ? '$1' : '?'}`,
      [requestId],
    );

  /** Three API reads and one page, sent together, each with its own request id. */
  function together() {
    const ids = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const answers: { id: string; status: number; at: number }[] = [];
    const sent = [
      request(t.server).get('/api/cases').set(bearer(token)).set('x-request-id', ids[0]),
      request(t.server).get(`/api/cases/${caseId}`).set(bearer(token)).set('x-request-id', ids[1]),
      request(t.server).get(`/api/cases/${caseId}/history`).set(bearer(token)).set('x-request-id', ids[2]),
      page.get(`/cases/${caseId}`).set('x-request-id', ids[3]),
    ].map((r, i) => r.then((res) => answers.push({ id: ids[i], status: res.status, at: Date.now() })));
    return { ids, answers, done: Promise.all(sent) };
  }

  /** Holds the next group commit until `release()`; records how many rows each group held. */
  function holdCommits() {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const groups: number[] = [];
    const flush = (audit as any).flush.bind(audit);
    jest.spyOn(audit as any, 'flush').mockImplementation(async () => {
      await gate;
      groups.push((audit as any).queue.length);
      return flush();
    });
    return { release, groups };
  }

  it('answers no read before its row is committed, and the rows of reads sent together share a commit', async () => {
    const held = holdCommits();
    const run = together();
    // Wait until every handler has run and is waiting for its row (four rows queued behind the held
    // commit): nothing may be answered, nothing is stored.
    for (let waited = 0; (audit as any).queue.length < 4; waited += 50) {
      if (waited > 60_000) throw new Error(`only ${(audit as any).queue.length} rows queued after 60 s`);
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(run.answers).toEqual([]);
    for (const id of run.ids) expect(await rowsOf(id)).toEqual([]);
    const releasedAt = Date.now();
    held.release();
    await run.done;
    expect(run.answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    for (const a of run.answers) expect(a.at).toBeGreaterThanOrEqual(releasedAt);
    for (const id of run.ids) expect(await rowsOf(id)).toEqual([expect.objectContaining({ outcome: 'allowed' })]);
    // the four rows were waiting together: the first group held them all
    expect(held.groups[0]).toBe(4);
  }); // prettier-ignore

  it('stores what a request held without NUL characters, so one hostile row cannot fail its group', async () => {
    // A NUL in an id of the URL (the fuzz suite's path traversal): PostgreSQL refuses it in text, and
    // the group commit would fail every read that shared it.
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    const hostile = `/api/cases/${encodeURIComponent('..\u0000/etc')}`;
    const answers = await Promise.all([
      request(t.server).get(hostile).set(bearer(token)).set('x-request-id', ids[0]),
      request(t.server).get('/api/cases').set(bearer(token)).set('x-request-id', ids[1]),
      request(t.server).get(`/api/cases/${caseId}`).set(bearer(token)).set('x-request-id', ids[2]),
    ]);
    expect(answers.map((a) => a.status)).toEqual([404, 200, 200]);
    for (const id of ids) expect(await rowsOf(id)).toHaveLength(1);
    // and a hostile value recorded directly: stored without the NUL, cut to its column
    const marker = randomUUID();
    await audit.record(null, {
      action: 'cases.read',
      outcome: 'denied',
      resourceType: 'case',
      resourceId: `${marker}\u0000${'x'.repeat(100)}`,
      code: 'NOT\u0000FOUND',
      username: `u\u0000${'n'.repeat(100)}`,
    });
    const [row] = await t.dataSource.query(
      `SELECT "resourceId", code, username FROM audit_logs WHERE "resourceId" LIKE ${t.dialect === 'postgres' ? '$1' : '?'}`,
      [`${marker}%`],
    );
    expect(row).toEqual({
      resourceId: `${marker}${'x'.repeat(64 - marker.length)}`,
      code: 'NOTFOUND',
      username: `u${'n'.repeat(63)}`,
    });
  });

  it('fails every request of a group whose commit fails: no 2xx without its row', async () => {
    jest.spyOn((audit as any).logger, 'error').mockImplementation(() => undefined);
    const original = (audit as any).insert.bind(audit);
    // The group's INSERT fails; the "failed" rows the interceptor then tries to record fail too.
    jest.spyOn(audit as any, 'insert').mockImplementation(async () => {
      throw new Error('disk I/O error');
    });
    const run = together();
    await run.done;
    expect(run.answers).toHaveLength(4);
    for (const a of run.answers) expect(a.status).toBeGreaterThanOrEqual(500);
    for (const id of run.ids) expect(await rowsOf(id)).toEqual([]);
    // and once the database is back, the same reads are answered with their rows
    (audit as any).insert.mockImplementation(original);
    const again = together();
    await again.done;
    expect(again.answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    for (const id of again.ids) expect(await rowsOf(id)).toHaveLength(1);
  });
});
