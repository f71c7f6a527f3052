/**
 * Files and folders of the data are the owner's only (issue 13, item 8): the sqlite file, its WAL and
 * shared-memory files, uploads, keys and backups are created 600 in folders 700 (umask 077 at start),
 * also when DATA_DIR or BACKUP_DIR already exists; the application refuses to start, naming the folder
 * and the fix, when the data folder (or an existing backup folder) is open to other users; files it
 * owns that an older version left readable are made 600.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { backup } from '../src/cli/backup';
import { createTestApp } from './support/test-app';

const modeOf = (file: string) => (fs.statSync(file).mode & 0o777).toString(8);

function tempDir(mode: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lentera-modes-'));
  fs.chmodSync(dir, mode);
  return dir;
}

describe('file modes of the data (e2e)', () => {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses to start when DATA_DIR is readable by other users, naming the folder and the fix', async () => {
    const dir = tempDir(0o755);
    made.push(dir);
    await expect(createTestApp({ env: { DATA_DIR: dir } })).rejects.toThrow(
      new RegExp(`DATA_DIR ${dir} is open to other users \\(mode 755\\).*chmod -R go-rwx '${dir}'`, 's'),
    );
    expect(fs.readdirSync(dir)).toEqual([]); // nothing written into it
  });

  it('refuses to start when an existing BACKUP_DIR is open to other users', async () => {
    const dir = tempDir(0o700);
    const backups = path.join(dir, 'backups');
    fs.mkdirSync(backups, { mode: 0o755 });
    fs.chmodSync(backups, 0o755);
    made.push(dir);
    await expect(createTestApp({ env: { DATA_DIR: dir } })).rejects.toThrow(
      new RegExp(`BACKUP_DIR ${backups} is open to other users \\(mode 755\\)`),
    );
  });

  it('creates the database, WAL and shared-memory files 600 in an existing private DATA_DIR; an older readable file is made 600', async () => {
    const dir = tempDir(0o700);
    made.push(dir);
    process.umask(0o022); // what a service manager usually gives
    const first = await createTestApp({ env: { DATA_DIR: dir } });
    try {
      const db = path.join(dir, 'lentera.sqlite');
      if (first.dialect === 'sqlite') {
        for (const file of [db, `${db}-wal`, `${db}-shm`])
          expect([file, modeOf(file)]).toEqual([file, '600']);
      }
      for (const file of fs.readdirSync(dir)) {
        const full = path.join(dir, file);
        expect([file, modeOf(full)]).toEqual([file, fs.statSync(full).isDirectory() ? '700' : '600']);
      }
    } finally {
      await first.app.close();
    }
    if (fs.existsSync(path.join(dir, 'lentera.sqlite'))) {
      // a database file left readable by an older version is closed at the next start
      fs.chmodSync(path.join(dir, 'lentera.sqlite'), 0o644);
      const second = await createTestApp({ env: { DATA_DIR: dir } });
      try {
        expect(modeOf(path.join(dir, 'lentera.sqlite'))).toBe('600');
      } finally {
        await second.app.close();
      }
    }
  }, 90_000); // two application starts, the first migrating a new database from nothing

  it('npm run backup refuses a BACKUP_DIR open to other users and writes a 700 folder of 600 files into a private one', async () => {
    const dir = tempDir(0o700);
    made.push(dir);
    const t = await createTestApp({ env: { DATA_DIR: dir } });
    await t.app.close();
    if (t.dialect !== 'sqlite') return; // pg_dump's own test: backup-restore.e2e-spec.ts
    const open = path.join(dir, 'open-backups');
    fs.mkdirSync(open);
    fs.chmodSync(open, 0o755);
    const lines: string[] = [];
    const env = { NODE_ENV: 'test', DATA_DIR: dir, BACKUP_DIR: open };
    await expect(backup([], env, (l) => lines.push(l))).rejects.toThrow(
      /BACKUP_DIR .* is open to other users/,
    );
    expect(fs.readdirSync(open)).toEqual([]);
    const fresh = path.join(dir, 'fresh', 'backups');
    expect(await backup([], { ...env, BACKUP_DIR: fresh }, (l) => lines.push(l))).toBe(0);
    expect(modeOf(fresh)).toBe('700');
    expect(modeOf(path.join(dir, 'fresh'))).toBe('700');
    // The backup is a folder (database, uploads, manifest): every folder in it 700, every file 600.
    const entries = fs.readdirSync(fresh, { recursive: true }).map((e) => path.join(fresh, String(e)));
    const files = entries.filter((e) => fs.statSync(e).isFile());
    expect(files.length).toBeGreaterThanOrEqual(2); // the database and the manifest at least
    expect(entries.map((e) => [e, modeOf(e)])).toEqual(
      entries.map((e) => [e, fs.statSync(e).isDirectory() ? '700' : '600']),
    );
  });
});
