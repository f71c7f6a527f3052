/**
 * Backup and restore of the configured database (DATABASE_URL, or DATABASE_PATH / DATA_DIR).
 *
 *   npm run backup                     writes a consistent copy to BACKUP_DIR (default DATA_DIR/backups),
 *                                      mode 600, while the application keeps running
 *   npm run restore -- <file>          replaces the database with a backup (stop the application first)
 *
 * sqlite: `VACUUM INTO` on a separate connection (a consistent snapshot, even while the application
 * writes; WAL-safe). Restore checks the backup (`PRAGMA integrity_check`), removes the database's
 * -wal and -shm files and renames the backup's copy over the database file (atomic).
 * PostgreSQL: `pg_dump --format=custom`; restore is `pg_restore --clean --if-exists --no-owner
 * --single-transaction`. The binaries are taken from PATH, else from /usr/lib/postgresql/<newest>/bin
 * (PG_BIN_DIR overrides). The connection's password goes through the environment, never argv.
 *
 * The master key is NOT in the backup: keep ENCRYPTION_KEY (or DATA_DIR/encryption.key) separately.
 * Prints file names and sizes only.
 */
import { print } from './print';
import 'reflect-metadata';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { ensurePrivateDir, prepareDataDirs } from '../common/private-files';
import { buildAppConfig, DatabaseConfig } from '../config/app.config';
import { buildDataSourceOptions } from '../database/database.options';
import { Clock } from '../common/clock';

const run = promisify(execFile);
type Env = Record<string, string | undefined>;
type Out = (line: string) => void;

const stamp = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');

/** A directory holding `name` (pg_dump, pg_restore): PG_BIN_DIR, PATH, then the newest Debian install. */
export function findPgBinary(name: string, env: Env = process.env): string {
  if (env.PG_BIN_DIR) return path.join(env.PG_BIN_DIR, name);
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir && fs.existsSync(path.join(dir, name))) return path.join(dir, name);
  }
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter((v) => fs.existsSync(path.join(root, v, 'bin', name)))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions.length) throw new Error(`${name} not found (install postgresql-client or set PG_BIN_DIR)`);
  return path.join(root, versions[0], 'bin', name);
}

/** libpq environment for a postgres:// URL, so the password never appears in a process list. */
export function pgEnv(url: string, base: Env = process.env): NodeJS.ProcessEnv {
  const u = new URL(url);
  const env: NodeJS.ProcessEnv = { ...base };
  delete env.DATABASE_URL;
  env.PGHOST = decodeURIComponent(u.hostname) || 'localhost';
  env.PGPORT = u.port || '5432';
  if (u.username) env.PGUSER = decodeURIComponent(u.username);
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  env.PGDATABASE = decodeURIComponent(u.pathname.replace(/^\//, ''));
  const sslmode = u.searchParams.get('sslmode');
  if (sslmode) env.PGSSLMODE = sslmode;
  return env;
}

/** Online sqlite backup: `VACUUM INTO` a temporary name, then rename (a partial file is never left). */
export async function backupSqlite(db: { path: string }, target: string): Promise<void> {
  const partial = `${target}.partial`;
  fs.rmSync(partial, { force: true });
  const ds = new DataSource({ ...buildDataSourceOptions({ type: 'sqlite', path: db.path }) });
  await ds.initialize();
  try {
    await ds.query(`VACUUM INTO '${partial.replace(/'/g, "''")}'`);
  } finally {
    await ds.destroy();
  }
  fs.chmodSync(partial, 0o600);
  fs.renameSync(partial, target);
}

/** Runs `PRAGMA integrity_check` and checks that the file holds a Lentera schema. */
export async function checkSqliteFile(file: string): Promise<void> {
  const ds = new DataSource({ type: 'sqlite', database: file, flags: 1 /* SQLITE_OPEN_READONLY */ });
  await ds.initialize();
  try {
    const integrity = (await ds.query('PRAGMA integrity_check')) as { integrity_check: string }[];
    if (integrity.length !== 1 || integrity[0].integrity_check !== 'ok') {
      throw new Error(`${file} fails PRAGMA integrity_check`);
    }
    const tables = (await ds.query(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('migrations', 'cases')",
    )) as unknown[];
    if (tables.length !== 2) throw new Error(`${file} is not a Lentera database`);
  } finally {
    await ds.destroy();
  }
}

/** Replaces the sqlite database file with a (checked) copy of `file`; the application must be stopped. */
export async function restoreSqlite(db: { path: string }, file: string): Promise<void> {
  await checkSqliteFile(file);
  const dir = path.dirname(db.path);
  ensurePrivateDir(dir, 'The folder of the sqlite database');
  const temp = path.join(dir, `.${path.basename(db.path)}.restoring`);
  fs.copyFileSync(file, temp);
  fs.chmodSync(temp, 0o600);
  const fd = fs.openSync(temp, 'r');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  // A WAL left beside the file belongs to the old database: it must go before the new file arrives.
  for (const suffix of ['-wal', '-shm', '-journal']) fs.rmSync(`${db.path}${suffix}`, { force: true });
  fs.renameSync(temp, db.path);
}

export async function backupPostgres(db: { url: string }, target: string, env: Env): Promise<void> {
  const partial = `${target}.partial`;
  fs.rmSync(partial, { force: true });
  fs.writeFileSync(partial, '', { mode: 0o600 });
  await run(findPgBinary('pg_dump', env), ['--format=custom', '--no-owner', `--file=${partial}`], {
    env: pgEnv(db.url, env),
    maxBuffer: 16 * 1024 * 1024,
  });
  fs.chmodSync(partial, 0o600);
  fs.renameSync(partial, target);
}

export async function restorePostgres(db: { url: string }, file: string, env: Env): Promise<void> {
  const pgenv = pgEnv(db.url, env);
  await run(
    findPgBinary('pg_restore', env),
    [
      '--clean',
      '--if-exists',
      '--no-owner',
      '--single-transaction',
      '--exit-on-error',
      `--dbname=${pgenv.PGDATABASE}`,
      file,
    ],
    { env: pgenv, maxBuffer: 16 * 1024 * 1024 },
  );
}

/** `npm run backup`: returns the exit code; `out` receives the lines to print. */
export async function backup(args: string[], env: Env, out: Out, now = new Clock().now()): Promise<number> {
  if (args.length) {
    out('usage: npm run backup');
    return 2;
  }
  const config = buildAppConfig(env);
  prepareDataDirs(config);
  ensurePrivateDir(config.backupDir, 'BACKUP_DIR');
  const db: DatabaseConfig = config.database;
  const target = path.join(
    config.backupDir,
    `lentera-${stamp(now)}.${db.type === 'postgres' ? 'dump' : 'sqlite'}`,
  );
  if (fs.existsSync(target)) {
    out(`${target} already exists.`);
    return 1;
  }
  if (db.type === 'postgres') await backupPostgres(db, target, env);
  else await backupSqlite(db, target);
  out(`Backup written: ${target} (${fs.statSync(target).size} bytes).`);
  out('The master key is not in the backup: keep ENCRYPTION_KEY (or encryption.key) separately.');
  return 0;
}

/** `npm run restore -- <file>`: returns the exit code. */
export async function restore(args: string[], env: Env, out: Out): Promise<number> {
  const [file, ...rest] = args;
  if (!file || rest.length) {
    out('usage: npm run restore -- <backup file>   (stop the application first)');
    return 2;
  }
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
    out(`No backup file ${file}.`);
    return 1;
  }
  const config = buildAppConfig(env);
  prepareDataDirs(config);
  const db = config.database;
  if (db.type === 'postgres') {
    await restorePostgres(db, file, env);
    out(`Restored ${file} into the PostgreSQL database.`);
  } else {
    await restoreSqlite(db, file);
    out(`Restored ${file} to ${db.path}.`);
  }
  out('Start the application; GET /api/cases/{id}/verification (or npm run verify) checks histories.');
  return 0;
}

if (require.main === module) {
  const [command, ...args] = process.argv.slice(2);
  const fn = command === 'restore' ? restore : backup;
  fn(args, process.env, print).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(
        `${command === 'restore' ? 'Restore' : 'Backup'} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      process.exit(1);
    },
  );
}
