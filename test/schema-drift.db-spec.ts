/**
 * The migrations are the only source of the schema (`synchronize` is off). This test proves, on each
 * database Lentera supports, that:
 *  - after every migration has run, TypeORM finds nothing left to change between the entities and the
 *    database (no drift: a changed entity without its migration fails here);
 *  - every migration's `down` works: undoing them one by one until none remain leaves no table,
 *    trigger or function behind, and the migrations then run again cleanly, still without drift.
 * PostgreSQL runs when TEST_DATABASE_URL is set (see .ci/pg.sh); otherwise it is reported as skipped.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import type { DatabaseConfig } from '../src/platform/config/app.config';
import { buildDataSourceOptions } from '../src/platform/database/database.options';
import { MIGRATIONS } from '../src/platform/database/migrations';
import { readFigures } from './support/figures';
import { createPgDatabase } from './support/test-app';

jest.setTimeout(120_000);

interface Target {
  config: DatabaseConfig;
  cleanup: () => Promise<void>;
}

async function sqliteTarget(): Promise<Target> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lentera-drift-'));
  return {
    config: { type: 'sqlite', path: path.join(dir, 'drift.sqlite') },
    cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

async function postgresTarget(): Promise<Target> {
  const db = await createPgDatabase();
  return { config: { type: 'postgres', url: db.url }, cleanup: db.drop };
}

async function pendingSchemaChanges(ds: DataSource): Promise<string[]> {
  const log = await ds.driver.createSchemaBuilder().log();
  return log.upQueries.map((q) => q.query);
}

function describeDrift(queries: string[]): string {
  return queries.length
    ? `the entities differ from the migrated schema; a migration is missing (npm run migration:generate):\n` +
        queries.map((q) => `  ${q};`).join('\n')
    : 'no drift';
}

async function executedMigrations(ds: DataSource): Promise<number> {
  const rows: { n: number | string }[] = await ds.query('SELECT COUNT(*) AS n FROM "migrations"');
  return Number(rows[0].n);
}

/** Everything the application's migrations could have left behind, besides the migrations table. */
async function leftovers(ds: DataSource): Promise<string[]> {
  if (ds.options.type === 'postgres') {
    const tables: { name: string }[] = await ds.query(
      `SELECT table_name AS name FROM information_schema.tables
        WHERE table_schema = current_schema() AND table_name <> 'migrations'`,
    );
    // Functions of extensions (pgcrypto, which TypeORM installs for uuid defaults) are not ours.
    const functions: { name: string }[] = await ds.query(
      `SELECT p.proname AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = current_schema()
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')`,
    );
    const types: { name: string }[] = await ds.query(
      `SELECT t.typname AS name FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname = current_schema() AND t.typtype = 'e'`,
    );
    return [
      ...tables.map((r) => `table ${r.name}`),
      ...functions.map((r) => `function ${r.name}`),
      ...types.map((r) => `enum ${r.name}`),
    ];
  }
  const rows: { type: string; name: string }[] = await ds.query(
    `SELECT type, name FROM sqlite_master
      WHERE name NOT LIKE 'sqlite_%' AND name <> 'migrations' AND tbl_name <> 'migrations'`,
  );
  return rows.map((r) => `${r.type} ${r.name}`);
}

/**
 * What the crash suite's integrity check counts on a migrated database (its figures in the README):
 * the tables, and on PostgreSQL the B-tree indexes amcheck verifies. Counted here with the same
 * queries as test/crash/crash-safety.ts, so a migration that adds a table or an index fails in
 * `npm test` (and the PostgreSQL step) until the figures are refreshed — not only in CI's crash step.
 */
const CRASH_REFRESH = 'npm run docs:figures -- --crash-only';

async function crashFigures(ds: DataSource): Promise<Record<string, number>> {
  if (ds.options.type === 'postgres') {
    const tables: unknown[] = await ds.query(
      `SELECT c.relname FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'`,
    );
    const indexes: unknown[] = await ds.query(
      `SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
         JOIN pg_am am ON am.oid = c.relam
        WHERE c.relnamespace = current_schema()::regnamespace AND am.amname = 'btree'`,
    );
    return { tables: tables.length, indexes: indexes.length };
  }
  const tables: unknown[] = await ds.query(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
  );
  return { tables: tables.length };
}

function defineDialect(name: string, enabled: boolean, makeTarget: () => Promise<Target>): void {
  const test = enabled ? it : it.skip;
  describe(`${name}${enabled ? '' : ' (skipped: set TEST_DATABASE_URL to a PostgreSQL server URL)'}`, () => {
    test('all migrations applied leave no difference between the entities and the schema', async () => {
      const target = await makeTarget();
      const ds = new DataSource(buildDataSourceOptions(target.config));
      try {
        await ds.initialize();
        const applied = await ds.runMigrations({ transaction: 'each' });
        expect(applied.map((m) => m.name)).toEqual(MIGRATIONS.map((M) => new M().name));
        const drift = await pendingSchemaChanges(ds);
        expect(describeDrift(drift)).toBe('no drift');
        // The crash suite's README figures describe this schema (refresh: CRASH_REFRESH).
        const suite = ds.options.type === 'postgres' ? 'crash.postgres' : 'crash.sqlite';
        const { minAcknowledgedPerKill: _kept, ...recorded } = readFigures()[suite] ?? {};
        expect({ suite, refresh: CRASH_REFRESH, ...(await crashFigures(ds)) }).toEqual({
          suite,
          refresh: CRASH_REFRESH,
          ...recorded,
        });
      } finally {
        if (ds.isInitialized) await ds.destroy();
        await target.cleanup();
      }
    });

    test('every migration can be undone down to an empty schema, then re-applied without drift', async () => {
      const target = await makeTarget();
      const ds = new DataSource(buildDataSourceOptions(target.config));
      try {
        await ds.initialize();
        await ds.runMigrations({ transaction: 'each' });
        let remaining = await executedMigrations(ds);
        expect(remaining).toBe(MIGRATIONS.length);
        while (remaining > 0) {
          await ds.undoLastMigration({ transaction: 'each' });
          const now = await executedMigrations(ds);
          // Each call must undo exactly one migration (its `down` ran and was recorded).
          expect(now).toBe(remaining - 1);
          remaining = now;
        }
        expect(await leftovers(ds)).toEqual([]);
        expect(await ds.showMigrations()).toBe(true);

        const again = await ds.runMigrations({ transaction: 'each' });
        expect(again).toHaveLength(MIGRATIONS.length);
        expect(await ds.showMigrations()).toBe(false);
        expect(describeDrift(await pendingSchemaChanges(ds))).toBe('no drift');
      } finally {
        if (ds.isInitialized) await ds.destroy();
        await target.cleanup();
      }
    });
  });
}

describe('schema drift and reversible migrations', () => {
  defineDialect('sqlite', true, sqliteTarget);
  defineDialect('PostgreSQL', !!process.env.TEST_DATABASE_URL, postgresTarget);
});
