/**
 * Backup and restore of everything Lentera stores: the configured database (DATABASE_URL, or
 * DATABASE_PATH / DATA_DIR) and the uploaded files (DATA_DIR/uploads: consent scans, partner
 * documents, decree scans and programme materials, each encrypted under its own data key).
 *
 *   npm run backup                     writes a backup folder to BACKUP_DIR (default DATA_DIR/backups)
 *                                      while the application keeps running
 *   npm run restore -- <folder>        replaces the database and the uploads with a backup's (stop the
 *                                      application first)
 *
 * A backup is one folder, `lentera-<UTC time>/` (mode 700, files 600), written as `….partial` and
 * renamed when complete, so a partial backup never looks like one:
 *   database.sqlite | database.dump    the database
 *   uploads/                           a copy of DATA_DIR/uploads, file for file (still encrypted)
 *   manifest.json                      the size and SHA-256 of every file, and the uploads the
 *                                      database refers to that were deleted while the backup ran
 * The database is copied first, then the uploads: a file is written before the row that names it
 * commits, and never changed afterwards (a new upload is a new file), so every file the database
 * copy names is in the uploads copy unless it was deleted in the meantime (listed as missing).
 *
 * sqlite: `VACUUM INTO` on a separate connection (a consistent snapshot, even while the application
 * writes; WAL-safe). PostgreSQL: `pg_dump --format=custom`. The binaries are taken from PATH, else
 * from /usr/lib/postgresql/<newest>/bin (PG_BIN_DIR overrides). The connection's password goes
 * through the environment, never argv.
 *
 * Restore checks the whole backup first (every file's size and SHA-256 against the manifest; sqlite:
 * `PRAGMA integrity_check` and a Lentera schema) and copies its uploads beside DATA_DIR/uploads; then
 * replaces the database (sqlite: removes the -wal and -shm files and renames the copy over the
 * database file; PostgreSQL: `pg_restore --clean --if-exists --no-owner --single-transaction`, all or
 * nothing), and only then swaps the uploads folder (two renames). A failure before the swap leaves
 * everything as it was. A single `.sqlite` / `.dump` file (a backup made before uploads were included)
 * restores the database only, and says so.
 *
 * The master key is NOT in the backup: keep ENCRYPTION_KEY (or DATA_DIR/encryption.key) separately.
 * Prints file names, counts and sizes only.
 */
import { print } from './print';
import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { ensurePrivateDir, prepareDataDirs } from '../platform/common/private-files';
import { buildAppConfig, DatabaseConfig } from '../platform/config/app.config';
import { buildDataSourceOptions } from '../platform/database/database.options';
import { Clock } from '../platform/common/clock';

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

// ---- uploaded files ---------------------------------------------------------------------------------

export const MANIFEST = 'manifest.json';
export const UPLOADS = 'uploads';
const DATABASE_FILES = { sqlite: 'database.sqlite', postgres: 'database.dump' } as const;

export interface BackupManifest {
  format: 1;
  createdAt: string;
  database: { type: 'sqlite' | 'postgres'; file: string; size: number; sha256: string };
  /** Every file under uploads/, by its path relative to uploads/ (always with `/`). */
  uploads: { path: string; size: number; sha256: string }[];
  /** Uploads the database copy refers to that were no longer there when they were copied. */
  missing: string[];
}

const sha256Of = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** Every file under `dir`, as paths relative to it with `/`, sorted. */
export function filesUnder(dir: string, prefix = ''): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory()
        ? filesUnder(path.join(dir, e.name), `${prefix}${e.name}/`)
        : e.isFile()
          ? [`${prefix}${e.name}`]
          : [],
    )
    .sort();
}

/**
 * Copies the uploads folder file by file (owner-only modes). A `.tmp` file is an upload being
 * written (renamed to its final name when complete, before its row commits): left out.
 */
export function copyUploads(from: string, to: string): string[] {
  fs.mkdirSync(to, { recursive: true, mode: 0o700 });
  const copied: string[] = [];
  for (const rel of filesUnder(from)) {
    if (rel.endsWith('.tmp')) continue;
    const target = path.join(to, ...rel.split('/'));
    fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
    try {
      fs.copyFileSync(path.join(from, ...rel.split('/')), target);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue; // deleted meanwhile
      throw err;
    }
    fs.chmodSync(target, 0o600);
    copied.push(rel);
  }
  return copied;
}

/**
 * The uploads a database refers to, as paths under uploads/: a stored file (consent scan, partner
 * document) is `<id>.bin` (FileStoreService), a PUG or programme file `<purpose>/<id>.bin`
 * (PugFileStore).
 */
export async function referencedUploads(ds: DataSource): Promise<string[]> {
  const tables = new Set(
    (
      (await ds.query(
        ds.options.type === 'postgres'
          ? "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'"
          : "SELECT name FROM sqlite_master WHERE type = 'table'",
      )) as { name: string }[]
    ).map((r) => r.name),
  );
  const out: string[] = [];
  if (tables.has('stored_files'))
    for (const r of (await ds.query('SELECT id FROM stored_files')) as { id: string }[])
      out.push(`${r.id}.bin`);
  if (tables.has('pug_files'))
    for (const r of (await ds.query('SELECT id, purpose FROM pug_files')) as {
      id: string;
      purpose: string;
    }[])
      out.push(`${r.purpose}/${r.id}.bin`);
  return out.sort();
}

async function withDataSource<T>(db: DatabaseConfig, fn: (ds: DataSource) => Promise<T>): Promise<T> {
  const ds = new DataSource(buildDataSourceOptions(db));
  await ds.initialize();
  try {
    return await fn(ds);
  } finally {
    await ds.destroy();
  }
}

/** Checks a backup folder against its manifest; returns the manifest. Throws on any difference. */
export function checkBackupFolder(dir: string): BackupManifest {
  const file = path.join(dir, MANIFEST);
  if (!fs.existsSync(file)) throw new Error(`${dir} has no ${MANIFEST}: not a Lentera backup`);
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as BackupManifest;
  if (manifest.format !== 1) throw new Error(`${dir}: unknown backup format ${String(manifest.format)}`);
  const problems: string[] = [];
  const db = path.join(dir, manifest.database.file);
  if (!fs.existsSync(db) || sha256Of(db) !== manifest.database.sha256) problems.push(manifest.database.file);
  const listed = new Set(manifest.uploads.map((u) => u.path));
  for (const u of manifest.uploads) {
    const f = path.join(dir, UPLOADS, ...u.path.split('/'));
    if (!fs.existsSync(f) || fs.statSync(f).size !== u.size || sha256Of(f) !== u.sha256)
      problems.push(u.path);
  }
  for (const rel of filesUnder(path.join(dir, UPLOADS)))
    if (!listed.has(rel)) problems.push(`${rel} (not listed)`);
  if (problems.length)
    throw new Error(
      `${dir} is damaged: ${problems.length} files differ from its manifest (${problems.slice(0, 5).join(', ')})`,
    );
  return manifest;
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
  const target = path.join(config.backupDir, `lentera-${stamp(now)}`);
  if (fs.existsSync(target)) {
    out(`${target} already exists.`);
    return 1;
  }
  const partial = `${target}.partial`;
  fs.rmSync(partial, { recursive: true, force: true });
  fs.mkdirSync(partial, { mode: 0o700 });
  try {
    // 1. the database (a consistent snapshot), 2. the uploads, 3. what the snapshot refers to
    const dbFile = path.join(partial, DATABASE_FILES[db.type]);
    if (db.type === 'postgres') await backupPostgres(db, dbFile, env);
    else await backupSqlite(db, dbFile);
    const copied = copyUploads(path.join(config.dataDir, UPLOADS), path.join(partial, UPLOADS));
    // sqlite: the copy itself; PostgreSQL: the live database now (what the dump holds, and maybe more)
    const referenced = await withDataSource(
      db.type === 'postgres' ? db : { type: 'sqlite', path: dbFile },
      (ds) => referencedUploads(ds),
    );
    const have = new Set(copied);
    const manifest: BackupManifest = {
      format: 1,
      createdAt: now.toISOString(),
      database: {
        type: db.type,
        file: DATABASE_FILES[db.type],
        size: fs.statSync(dbFile).size,
        sha256: sha256Of(dbFile),
      },
      uploads: copied.map((rel) => {
        const f = path.join(partial, UPLOADS, ...rel.split('/'));
        return { path: rel, size: fs.statSync(f).size, sha256: sha256Of(f) };
      }),
      missing: referenced.filter((rel) => !have.has(rel)),
    };
    fs.writeFileSync(path.join(partial, MANIFEST), JSON.stringify(manifest, null, 2) + '\n', { mode: 0o600 });
    fs.renameSync(partial, target);
    const bytes = manifest.uploads.reduce((n, u) => n + u.size, 0);
    out(
      `Backup written: ${target} (database ${manifest.database.size} bytes, ${manifest.uploads.length} uploaded files, ${bytes} bytes).`,
    );
    if (manifest.missing.length)
      out(
        `Warning: ${manifest.missing.length} uploaded files the database refers to were deleted while the backup ran (listed in ${MANIFEST}).`,
      );
  } catch (err) {
    fs.rmSync(partial, { recursive: true, force: true });
    throw err;
  }
  out('The master key is not in the backup: keep ENCRYPTION_KEY (or encryption.key) separately.');
  return 0;
}

/** `npm run restore -- <folder>` (or an older single-file backup): returns the exit code. */
export async function restore(args: string[], env: Env, out: Out, now = new Clock().now()): Promise<number> {
  const [given, ...rest] = args;
  if (!given || rest.length) {
    out('usage: npm run restore -- <backup folder>   (stop the application first)');
    return 2;
  }
  if (!fs.existsSync(given)) {
    out(`No backup ${given}.`);
    return 1;
  }
  const config = buildAppConfig(env);
  prepareDataDirs(config);
  const db = config.database;
  if (fs.statSync(given).isFile()) {
    // a backup made before uploads were included: the database only
    if (db.type === 'postgres') await restorePostgres(db, given, env);
    else await restoreSqlite(db, given);
    out(`Restored the database from ${given}.`);
    out(
      `Warning: ${given} is a database file only; the uploaded files in ${path.join(config.dataDir, UPLOADS)} were left as they are.`,
    );
    out('Start the application; GET /api/cases/{id}/verification (or npm run verify) checks histories.');
    return 0;
  }
  const manifest = checkBackupFolder(given);
  if (manifest.database.type !== db.type)
    throw new Error(`${given} holds a ${manifest.database.type} database; the configured one is ${db.type}`);
  const dbFile = path.join(given, manifest.database.file);
  if (db.type === 'sqlite') await checkSqliteFile(dbFile);
  // The uploads next to the live folder first (same file system: the swap is two renames).
  const uploads = path.join(config.dataDir, UPLOADS);
  const incoming = path.join(config.dataDir, `.${UPLOADS}-restoring`);
  fs.rmSync(incoming, { recursive: true, force: true });
  copyUploads(path.join(given, UPLOADS), incoming);
  try {
    if (db.type === 'postgres') await restorePostgres(db, dbFile, env);
    else await restoreSqlite(db, dbFile);
  } catch (err) {
    fs.rmSync(incoming, { recursive: true, force: true });
    throw err;
  }
  const replaced = path.join(config.dataDir, `.${UPLOADS}-replaced-${stamp(now)}`);
  if (fs.existsSync(uploads)) fs.renameSync(uploads, replaced);
  fs.renameSync(incoming, uploads);
  fs.rmSync(replaced, { recursive: true, force: true });
  out(
    `Restored ${given}: the database and ${manifest.uploads.length} uploaded files${
      manifest.missing.length ? ` (${manifest.missing.length} were missing when the backup was made)` : ''
    }.`,
  );
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
