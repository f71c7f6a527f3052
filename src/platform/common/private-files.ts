import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The data (database, its WAL, uploads, keys, backups) is the service user's only: files 600, folders
 * 700. The umask makes it so for every file and folder created from the start on, whoever creates it
 * (sqlite creates its -wal and -shm files itself); folders that already exist are checked, because a
 * umask does not change them, and the application refuses to start when one is open to other users.
 */
export const PRIVATE_UMASK = 0o077;

export class InsecurePathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InsecurePathError';
  }
}

/** Files and folders created by this process from now on: owner only. */
export function applyPrivateUmask(): void {
  process.umask(PRIVATE_UMASK);
}

/**
 * Makes `dir` (and missing parents) with mode 700, or checks that the existing folder is not open to
 * other users (group or others: any permission). `what` names it for the operator (e.g. "DATA_DIR").
 */
export function ensurePrivateDir(dir: string, what: string): void {
  if (!fs.existsSync(dir)) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.chmodSync(dir, 0o700);
    return;
  }
  assertPrivateDir(dir, what);
}

/** Refuses (InsecurePathError) an existing folder that other users may enter, list or read. */
export function assertPrivateDir(dir: string, what: string): void {
  const stat = fs.statSync(dir);
  if (!stat.isDirectory()) throw new InsecurePathError(`${what} ${dir} is not a folder.`);
  const mode = stat.mode & 0o777;
  if (mode & 0o077) {
    throw new InsecurePathError(
      `${what} ${dir} is open to other users (mode ${mode.toString(8)}). It holds personal data ` +
        `(encrypted), and may hold keys and backups: only the user running Lentera may read it. ` +
        `Close it, as that user, with:  chmod -R go-rwx '${dir}'  (folders become 700, files 600), ` +
        `then start again.`,
    );
  }
}

/** Makes files this application owns (e.g. a database an older version left 644) owner-only. */
export function tightenFiles(files: string[]): void {
  for (const file of files) {
    try {
      const mode = fs.statSync(file).mode & 0o777;
      if (mode & 0o077) fs.chmodSync(file, mode & 0o700);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
}

/** The sqlite database file and the files sqlite keeps beside it. */
export function sqliteFiles(dbPath: string): string[] {
  return ['', '-wal', '-shm', '-journal'].map((suffix) => `${dbPath}${suffix}`);
}

/**
 * At start (the application and every command): umask 077, DATA_DIR private (made 700, or refused
 * when open to others), an existing BACKUP_DIR refused when open to others, the sqlite folder private
 * and its files 600. `create: false` (commands that only read) checks DATA_DIR without making it.
 */
export function prepareDataDirs(
  config: {
    dataDir: string;
    backupDir: string;
    database: { type: 'sqlite'; path: string } | { type: 'postgres'; url: string };
  },
  options: { create?: boolean } = {},
): void {
  applyPrivateUmask();
  if (options.create !== false) ensurePrivateDir(config.dataDir, 'DATA_DIR');
  else if (fs.existsSync(config.dataDir)) assertPrivateDir(config.dataDir, 'DATA_DIR');
  if (fs.existsSync(config.backupDir)) assertPrivateDir(config.backupDir, 'BACKUP_DIR');
  if (config.database.type === 'sqlite' && config.database.path !== ':memory:') {
    const folder = path.dirname(config.database.path);
    if (path.resolve(folder) !== path.resolve(config.dataDir))
      ensurePrivateDir(folder, 'The folder of DATABASE_PATH');
    tightenFiles(sqliteFiles(config.database.path));
  }
}
