import request from 'supertest';
import { Role } from '../src/platform/auth/permissions';
import { bearer } from './support/case-fixtures';
import { apiLogin, createTestApp, createUser, TestApp } from './support/test-app';

/**
 * Every role's case list reads its first page through an index in the list's order (issue 16,
 * migration Issue16RoleListIndexes): the plan of the very page query the route sends has no sort of
 * the role's whole scope. Checked on sqlite (EXPLAIN QUERY PLAN: no temporary B-tree for the ORDER
 * BY) and on PostgreSQL (EXPLAIN with sequential scans disabled, so an empty table still shows which
 * index can give the order: no Sort node).
 */
describe('case lists: an index in list order for every role (e2e)', () => {
  let t: TestApp;
  let statements: { sql: string; params: unknown[] }[] | null = null;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    const logger = t.dataSource.logger;
    const original = logger.logQuery.bind(logger);
    logger.logQuery = (query: string, parameters?: unknown[], runner?: any) => {
      statements?.push({ sql: query, params: parameters ?? [] });
      return original(query, parameters, runner);
    };
    for (const [name, role] of [
      ['coord', Role.Coordinator],
      ['couns', Role.Counselor],
      ['fd', Role.FrontDesk],
    ] as const) {
      await createUser(t, name, [role]);
      tokens[name] = await apiLogin(t, name);
    }
  }, 120_000);

  afterAll(() => t.close());

  /** The page query (the one with ORDER BY) a list request sends. */
  async function pageQuery(user: string, path: string) {
    statements = [];
    try {
      await request(t.server).get(path).set(bearer(tokens[user])).expect(200);
      const page = statements.filter((s) => /ORDER BY/i.test(s.sql) && /FROM "cases"/.test(s.sql));
      expect(page).toHaveLength(1);
      return page[0];
    } finally {
      statements = null;
    }
  }

  async function plan(q: { sql: string; params: unknown[] }): Promise<string> {
    if (t.dialect === 'postgres') {
      const runner = t.dataSource.createQueryRunner();
      try {
        await runner.query('SET enable_seqscan = off');
        const rows = await runner.query(`EXPLAIN ${q.sql}`, q.params);
        return rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
      } finally {
        await runner.query('RESET enable_seqscan');
        await runner.release();
      }
    }
    const rows = await t.dataSource.query(`EXPLAIN QUERY PLAN ${q.sql}`, q.params);
    return rows.map((r: { detail: string }) => r.detail).join('\n');
  }

  const sorts = (p: string) => (t.dialect === 'postgres' ? /\bSort\b/.test(p) : /TEMP B-TREE/.test(p));

  it.each([
    ['the coordinator, every case', 'coord', '/api/cases', 'IDX_cases_received_number'],
    ['the coordinator, one stage', 'coord', '/api/cases?stage=initial_counseling', 'IDX_cases_stage_received_number'],
    ['the counselor, "mine"', 'couns', '/api/cases?mine=true', 'IDX_cases_counselor_received_number'],
    ['the counselor, the scope', 'couns', '/api/cases', 'IDX_cases_counselor_received_number'],
    ['the front desk, "mine"', 'fd', '/api/cases?mine=true', 'IDX_cases_registered_received_number'],
  ])('%s (%s, %s): through %s, nothing sorted', async (_what, user, path, index) => {
    const p = await plan(await pageQuery(user, path));
    expect(p).toContain(index);
    expect(sorts(p)).toBe(false);
  }); // prettier-ignore
});
