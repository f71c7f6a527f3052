/**
 * What the migrations and the connection options promise about the database itself:
 *  - the audit log is append-only in the database (triggers), not only in the application: an INSERT
 *    works, a raw UPDATE or DELETE is refused, on sqlite and on PostgreSQL;
 *  - sqlite runs in WAL mode with foreign keys enforced and a busy timeout, as configured by
 *    buildDataSourceOptions (the same options the application uses).
 * PostgreSQL runs when TEST_DATABASE_URL is set; otherwise it is reported as skipped.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { AuditLog } from '../src/platform/audit/audit-log.entity';
import { buildAppConfig, DatabaseConfig } from '../src/platform/config/app.config';
import { buildDataSourceOptions } from '../src/platform/database/database.options';
import { createPgDatabase } from './support/test-app';

jest.setTimeout(60_000);

interface Opened {
  ds: DataSource;
  close: () => Promise<void>;
}

async function open(config: DatabaseConfig, cleanup: () => Promise<void>): Promise<Opened> {
  const ds = new DataSource(buildDataSourceOptions(config));
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  return {
    ds,
    close: async () => {
      if (ds.isInitialized) await ds.destroy();
      await cleanup();
    },
  };
}

/** The sqlite database where the application would put it, from the application's own configuration. */
async function openSqlite(): Promise<Opened> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lentera-mig-'));
  const config = buildAppConfig({ NODE_ENV: 'test', DATA_DIR: dataDir });
  expect(config.database.type).toBe('sqlite');
  return open(config.database, async () => fs.rmSync(dataDir, { recursive: true, force: true }));
}

async function openPostgres(): Promise<Opened> {
  const db = await createPgDatabase();
  return open({ type: 'postgres', url: db.url }, db.drop);
}

function auditRow(action: string): Partial<AuditLog> {
  return {
    at: new Date('2030-01-02T03:04:05Z'),
    userId: null,
    username: 'tester',
    roles: 'admin',
    action,
    outcome: 'allowed',
  };
}

function defineAppendOnly(name: string, enabled: boolean, opener: () => Promise<Opened>): void {
  const test = enabled ? it : it.skip;
  describe(`audit log is append-only on ${name}${enabled ? '' : ' (skipped: set TEST_DATABASE_URL)'}`, () => {
    let db: Opened;
    beforeAll(async () => {
      if (enabled) db = await opener();
    });
    afterAll(async () => {
      if (db) await db.close();
    });

    test('an INSERT works (through the repository and as raw SQL)', async () => {
      const repo = db.ds.getRepository(AuditLog);
      await repo.insert(auditRow('test.insert'));
      await db.ds.query(
        `INSERT INTO "audit_logs" ("at", "roles", "action", "outcome") VALUES (${
          db.ds.options.type === 'postgres' ? '$1, $2, $3, $4' : '?, ?, ?, ?'
        })`,
        [new Date(), 'admin', 'test.raw-insert', 'allowed'],
      );
      expect(await repo.countBy({ action: 'test.insert' })).toBe(1);
      expect(await repo.countBy({ action: 'test.raw-insert' })).toBe(1);
    });

    test('a raw UPDATE is refused and changes nothing', async () => {
      const repo = db.ds.getRepository(AuditLog);
      await repo.insert(auditRow('test.update'));
      await expect(
        db.ds.query(`UPDATE "audit_logs" SET "outcome" = 'denied' WHERE "action" = 'test.update'`),
      ).rejects.toThrow(/append-only/);
      await expect(db.ds.query(`UPDATE "audit_logs" SET "username" = NULL`)).rejects.toThrow(/append-only/);
      await expect(repo.update({ action: 'test.update' }, { outcome: 'denied' })).rejects.toThrow(
        /append-only/,
      );
      const row = await repo.findOneByOrFail({ action: 'test.update' });
      expect(row.outcome).toBe('allowed');
      expect(row.username).toBe('tester');
    });

    test('a raw DELETE is refused (with and without WHERE) and removes nothing', async () => {
      const repo = db.ds.getRepository(AuditLog);
      await repo.insert(auditRow('test.delete'));
      const before = await repo.count();
      await expect(db.ds.query(`DELETE FROM "audit_logs" WHERE "action" = 'test.delete'`)).rejects.toThrow(
        /append-only/,
      );
      await expect(db.ds.query(`DELETE FROM "audit_logs"`)).rejects.toThrow(/append-only/);
      await expect(repo.delete({ action: 'test.delete' })).rejects.toThrow(/append-only/);
      expect(await repo.count()).toBe(before);
      expect(await repo.countBy({ action: 'test.delete' })).toBe(1);
    });

    test('TRUNCATE of the append-only tables is refused (PostgreSQL; sqlite has no TRUNCATE)', async () => {
      if (db.ds.options.type !== 'postgres') return;
      const before = await db.ds.getRepository(AuditLog).count();
      await expect(db.ds.query('TRUNCATE "audit_logs"')).rejects.toThrow(/append-only/);
      await expect(db.ds.query('TRUNCATE "case_events" CASCADE')).rejects.toThrow(/append-only/);
      expect(await db.ds.getRepository(AuditLog).count()).toBe(before);
    });
  });
}

describe('database guarantees set by the migrations and connection options', () => {
  defineAppendOnly('sqlite', true, openSqlite);
  defineAppendOnly('PostgreSQL', !!process.env.TEST_DATABASE_URL, openPostgres);

  describe('sqlite connection settings', () => {
    let db: Opened;
    beforeAll(async () => {
      db = await openSqlite();
    });
    afterAll(() => db.close());

    const pragma = async (name: string): Promise<unknown> => {
      const rows: Record<string, unknown>[] = await db.ds.query(`PRAGMA ${name}`);
      return Object.values(rows[0])[0];
    };

    it('uses the write-ahead log (journal_mode=wal)', async () => {
      expect(String(await pragma('journal_mode')).toLowerCase()).toBe('wal');
    });

    it('enforces foreign keys (foreign_keys=1), and a dangling reference is refused', async () => {
      expect(Number(await pragma('foreign_keys'))).toBe(1);
      const now = new Date().toISOString();
      await expect(
        db.ds.query(
          `INSERT INTO "sessions" ("id", "tokenHash", "userId", "createdAt", "lastSeenAt", "expiresAt")
           VALUES ('s1', 'h1', 'no-such-user', ?, ?, ?)`,
          [now, now, now],
        ),
      ).rejects.toThrow(/FOREIGN KEY/);
    });

    it('waits for a busy database instead of failing at once (busy_timeout > 0)', async () => {
      expect(Number(await pragma('busy_timeout'))).toBeGreaterThan(0);
    });
  });
});
