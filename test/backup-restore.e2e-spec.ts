/**
 * Backup and restore (issue 8, suite 6): `npm run backup` while the application writes, then
 * `npm run restore`; the restored database holds exactly the rows of the backup (row count and
 * checksum of every table) and every case's hash chain verifies. Runs on sqlite, and on PostgreSQL
 * (pg_dump / pg_restore) when TEST_DATABASE_URL is set. Full profile: BACKUP_FULL=1 (more cases,
 * more concurrent writers) — `npm run test:backup`.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Role } from '../src/auth/permissions';
import { backup, restore } from '../src/cli/backup';
import { CaseEvent } from '../src/cases/case-event.entity';
import { loadChainKey } from '../src/cases/case-chain-key';
import { verifyChain } from '../src/cases/case-chain';
import { Case } from '../src/cases/case.entity';
import { buildAppConfig } from '../src/config/app.config';
import { buildDataSourceOptions } from '../src/database/database.options';
import { bearer, registerCase } from './support/case-fixtures';
import { snapshotTables } from './support/db-snapshot';
import { apiLogin, createPgDatabase, createTestApp, createUser, TestApp } from './support/test-app';

const execFileAsync = promisify(execFile);
const FULL = process.env.BACKUP_FULL === '1';
const CASES = FULL ? 200 : 12;
const WRITERS = FULL ? 40 : 6;

jest.setTimeout(FULL ? 900_000 : 120_000);

async function withDataSource<T>(
  env: Record<string, string>,
  fn: (ds: DataSource) => Promise<T>,
): Promise<T> {
  const ds = new DataSource(buildDataSourceOptions(buildAppConfig(env).database));
  await ds.initialize();
  try {
    return await fn(ds);
  } finally {
    await ds.destroy();
  }
}

/** The cases whose history does not verify (with the chain key the configured master key unwraps). */
async function brokenChains(ds: DataSource, env: Record<string, string>): Promise<string[]> {
  const key = await loadChainKey(ds, buildAppConfig(env));
  if (!key) return ['(no chain key)'];
  const broken: string[] = [];
  const cases = await ds.manager.find(Case, {
    select: { id: true, number: true, eventCount: true, headHash: true, headSeal: true },
  });
  for (const c of cases) {
    const events = await ds.manager.find(CaseEvent, { where: { caseId: c.id }, order: { seq: 'ASC' } });
    if (!verifyChain(events, c, key).ok) broken.push(c.number);
  }
  return broken;
}

describe('backup and restore (e2e)', () => {
  let t: TestApp;
  let env: Record<string, string>;
  let frontdesk: string;
  let coordinator: string;
  let counselorId: string;
  const lines: string[] = [];
  const out = (l: string) => lines.push(l);

  beforeAll(async () => {
    t = await createTestApp();
    await createUser(t, 'fd', [Role.FrontDesk]);
    await createUser(t, 'coord', [Role.Coordinator]);
    counselorId = (await createUser(t, 'c1', [Role.Counselor])).id;
    [frontdesk, coordinator] = await Promise.all([apiLogin(t, 'fd'), apiLogin(t, 'coord')]);
    const url = (t.dataSource.options as { url?: string }).url;
    env =
      t.dialect === 'postgres'
        ? {
            NODE_ENV: 'test',
            DATABASE_URL: url!,
            DATA_DIR: t.dataDir, // the development master key
            BACKUP_DIR: path.join(t.dataDir, 'backups'),
          }
        : { NODE_ENV: 'test', DATA_DIR: t.dataDir };
    for (let i = 0; i < CASES; i++) {
      const c = await registerCase(t, frontdesk);
      if (i % 2) {
        await request(t.server)
          .post(`/api/cases/${c.id}/assignment`)
          .set(bearer(coordinator))
          .send({ counselorId, version: 1 })
          .expect(200);
      }
    }
  });
  afterAll(() => t.close());

  /** Intakes and assignments, in parallel, until `stop()` is called. */
  function writeLoad() {
    let running = true;
    let written = 0;
    const worker = async () => {
      while (running) {
        const c = await registerCase(t, frontdesk);
        await request(t.server)
          .post(`/api/cases/${c.id}/assignment`)
          .set(bearer(coordinator))
          .send({ counselorId, version: 1 })
          .expect(200);
        written++;
      }
    };
    const workers = Array.from({ length: WRITERS }, worker);
    return {
      stop: async () => {
        running = false;
        await Promise.all(workers);
        return written;
      },
    };
  }

  it('backs up while the application writes: the copy is consistent, mode 600, and every chain verifies', async () => {
    const load = writeLoad();
    await new Promise((r) => setTimeout(r, 300));
    const started = Date.now();
    expect(await backup([], env, out, new Date('2026-03-01T10:00:00Z'))).toBe(0);
    const took = Date.now() - started;
    const written = await load.stop();
    expect(written).toBeGreaterThan(0);
    const dir = buildAppConfig(env).backupDir;
    const file = path.join(
      dir,
      t.dialect === 'postgres' ? 'lentera-20260301T100000Z.dump' : 'lentera-20260301T100000Z.sqlite',
    );
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
    expect(lines.join('\n')).not.toMatch(/Siti|Melati|0812|postgres:\/\//);

    // Restore the backup taken under load into a separate database: it must be whole.
    const target = await restoreElsewhere(file);
    try {
      await withDataSource(target.env, async (ds) => {
        if (ds.options.type === 'sqlite') {
          expect(await ds.query('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
        }
        expect(await ds.manager.count(Case)).toBeGreaterThanOrEqual(CASES);
        expect(await brokenChains(ds, env)).toEqual([]);
      });
    } finally {
      await target.drop();
    }
    process.stdout.write(`backup under ${WRITERS} writers: ${took} ms\n`);
  });

  /** Restores `file` into a fresh database (another sqlite file, or another PostgreSQL database). */
  async function restoreElsewhere(file: string) {
    if (t.dialect === 'postgres') {
      const db = await createPgDatabase();
      const targetEnv = { NODE_ENV: 'test', DATABASE_URL: db.url };
      expect(await restore([file], targetEnv, out)).toBe(0);
      return { env: targetEnv, drop: db.drop };
    }
    const dir = fs.mkdtempSync(path.join(t.dataDir, 'restore-'));
    const targetEnv = { NODE_ENV: 'test', DATA_DIR: dir };
    expect(await restore([file], targetEnv, out)).toBe(0);
    return { env: targetEnv, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }

  it('round trip: after later changes, restore gives back exactly the backed-up rows, and chains verify', async () => {
    const before = await withDataSource(env, (ds) => snapshotTables(ds));
    expect(await backup([], env, out, new Date('2026-03-01T11:00:00Z'))).toBe(0);
    const file = path.join(
      buildAppConfig(env).backupDir,
      t.dialect === 'postgres' ? 'lentera-20260301T110000Z.dump' : 'lentera-20260301T110000Z.sqlite',
    );
    // Changes after the backup must disappear on restore.
    await registerCase(t, frontdesk);
    expect(await withDataSource(env, (ds) => snapshotTables(ds))).not.toEqual(before);

    if (t.dialect === 'postgres') {
      // pg_restore --clean over the live (now changed) database; the app's pool is idle.
      expect(await restore([file], env, out)).toBe(0);
      await withDataSource(env, async (ds) => {
        expect(await snapshotTables(ds)).toEqual(before);
        expect(await brokenChains(ds, env)).toEqual([]);
      });
    } else {
      // The application must be stopped for a sqlite restore: restore into a copy of the data dir
      // that has a WAL and shm of its own (they must be removed, not replayed onto the backup).
      const dir = fs.mkdtempSync(path.join(t.dataDir, 'live-'));
      const dbFile = path.join(dir, 'lentera.sqlite');
      await withDataSource({ NODE_ENV: 'test', DATA_DIR: dir }, async (ds) => {
        await ds.runMigrations();
      });
      fs.writeFileSync(`${dbFile}-wal`, 'stale');
      fs.writeFileSync(`${dbFile}-shm`, 'stale');
      expect(await restore([file], { NODE_ENV: 'test', DATA_DIR: dir }, out)).toBe(0);
      expect(fs.existsSync(`${dbFile}-wal`)).toBe(false);
      expect(fs.existsSync(`${dbFile}-shm`)).toBe(false);
      expect(fs.statSync(dbFile).mode & 0o777).toBe(0o600);
      await withDataSource({ NODE_ENV: 'test', DATA_DIR: dir }, async (ds) => {
        expect(await ds.query('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
        expect(await snapshotTables(ds)).toEqual(before);
        expect(await brokenChains(ds, env)).toEqual([]);
      });
    }
  });

  it('refuses a missing or damaged backup without touching the database', async () => {
    expect(await restore([], env, out)).toBe(2);
    expect(await restore([path.join(t.dataDir, 'nope.sqlite')], env, out)).toBe(1);
    if (t.dialect === 'sqlite') {
      const junk = path.join(t.dataDir, 'junk.sqlite');
      fs.writeFileSync(junk, 'not a database');
      const before = fs.statSync(path.join(t.dataDir, 'lentera.sqlite')).mtimeMs;
      await expect(restore([junk], env, out)).rejects.toThrow();
      expect(fs.statSync(path.join(t.dataDir, 'lentera.sqlite')).mtimeMs).toBe(before);
    }
  });

  it('runs as `npm run backup`', async () => {
    const root = path.join(__dirname, '..');
    const { stdout } = await execFileAsync('npm', ['run', '--silent', 'backup'], {
      cwd: root,
      env: { ...process.env, ...env, DATABASE_URL: env.DATABASE_URL ?? '' },
    });
    expect(stdout).toMatch(/Backup written: .*lentera-\d{8}T\d{6}Z\.(sqlite|dump) \(\d+ bytes\)/);
  });
});
