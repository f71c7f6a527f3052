/**
 * Backup and restore (issue 8, suite 6; issue 22): `npm run backup` while the application writes,
 * then `npm run restore`; the restored database holds exactly the rows of the backup (row count and
 * checksum of every table), every case's hash chain verifies, and the uploaded files (consent scans,
 * partner documents, programme materials, under DATA_DIR/uploads) come back byte for byte — the
 * stored (encrypted) files, and their decrypted content through the application. A damaged backup
 * is refused before anything changes. Runs on sqlite, and on PostgreSQL (pg_dump / pg_restore) when
 * TEST_DATABASE_URL is set. Full profile: BACKUP_FULL=1 (more cases, more concurrent writers) —
 * `npm run test:backup`.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Role } from '../src/platform/auth/permissions';
import { backup, BackupManifest, filesUnder, restore } from '../src/cli/backup';
import { CaseEvent } from '../src/case/case-event.entity';
import { loadChainKey } from '../src/case/case-chain-key';
import { verifyChain } from '../src/case/case-chain';
import { Case } from '../src/case/case.entity';
import { buildAppConfig } from '../src/platform/config/app.config';
import { buildDataSourceOptions } from '../src/platform/database/database.options';
import { bearer, registerCase } from './support/case-fixtures';
import { snapshotTables } from './support/db-snapshot';
import { checkFigures } from './support/figures';
import { apiLogin, createPgDatabase, createTestApp, createUser, TestApp } from './support/test-app';

const execFileAsync = promisify(execFile);
const FULL = process.env.BACKUP_FULL === '1';
const CASES = FULL ? 200 : 12;
const WRITERS = FULL ? 40 : 6;
/** Signed consent forms with their scans, and programme materials, uploaded before the backups. */
const SCANS = FULL ? 20 : 3;
const MATERIALS = 2;

const pdf = (text: string) => Buffer.from(`%PDF-1.4\n${text}\n%%EOF\n`);
const png = (fill: number) =>
  Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(300, fill)]);

/** Every file under a folder, by relative path, with its bytes. */
const tree = (dir: string) =>
  Object.fromEntries(filesUnder(dir).map((rel) => [rel, fs.readFileSync(path.join(dir, ...rel.split('/')))]));

function binary(res: any, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

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
  let counselor: string;
  const lines: string[] = [];
  const out = (l: string) => lines.push(l);
  /** The uploads of the fixture: download URL → the bytes uploaded. */
  const uploaded: { url: string; token: () => string; content: Buffer }[] = [];
  const figures = { uploadsBackedUp: 0, tablesCompared: 0 };

  beforeAll(async () => {
    t = await createTestApp();
    await createUser(t, 'fd', [Role.FrontDesk]);
    await createUser(t, 'coord', [Role.Coordinator]);
    counselorId = (await createUser(t, 'c1', [Role.Counselor])).id;
    [frontdesk, coordinator, counselor] = await Promise.all([
      apiLogin(t, 'fd'),
      apiLogin(t, 'coord'),
      apiLogin(t, 'c1'),
    ]);
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
    // Uploaded files: consent scans (DATA_DIR/uploads/<id>.bin) and programme materials
    // (DATA_DIR/uploads/<purpose>/<id>.bin).
    for (let i = 0; i < SCANS; i++) uploaded.push(await consentScan(pdf(`formulir persetujuan ${i}`)));
    const activity = await request(t.server)
      .post('/api/prevention-activities')
      .set(bearer(coordinator))
      .send({ kind: 'socialization', title: 'Sosialisasi', activityDate: '2026-01-05', district: 'Genuk' })
      .expect(201);
    for (let i = 0; i < MATERIALS; i++) {
      const file = png(i + 1);
      const up = await request(t.server)
        .post(`/api/prevention-activities/${activity.body.id}/materials`)
        .set(bearer(coordinator))
        .attach('file', file, { filename: `leaflet${i}.png`, contentType: 'image/png' })
        .expect(201);
      uploaded.push({
        url: `/api/prevention-activities/${activity.body.id}/materials/${up.body.id}`,
        token: () => coordinator,
        content: file,
      });
    }
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

  /** A case with a signed consent form and its uploaded scan; returns where to download the scan. */
  async function consentScan(content: Buffer) {
    const c = await registerCase(t, frontdesk);
    const assigned = await request(t.server)
      .post(`/api/cases/${c.id}/assignment`)
      .set(bearer(coordinator))
      .send({ counselorId, version: 1 })
      .expect(200);
    await request(t.server)
      .post(`/api/cases/${c.id}/transitions`)
      .set(bearer(counselor))
      .send({ transition: 'start_counseling', version: assigned.body.version })
      .expect(200);
    const consent = await request(t.server)
      .post(`/api/cases/${c.id}/consents`)
      .set(bearer(counselor))
      .send({
        givenBy: 'victim',
        givenOn: '2026-01-12',
        method: 'signed_form',
        serviceRoles: ['medical'],
        institutionIds: [],
        categories: ['identity'],
      })
      .expect(201);
    await request(t.server)
      .post(`/api/consents/${consent.body.id}/scan`)
      .set(bearer(counselor))
      .attach('file', content, 'scan.pdf')
      .expect(200);
    return { url: `/api/consents/${consent.body.id}/scan`, token: () => counselor, content };
  }

  /** Downloads every fixture upload through `server` (decrypted) and compares it with what was sent. */
  async function expectDownloads(
    server: any,
    tokens: (u: (typeof uploaded)[number]) => string = (u) => u.token(),
  ) {
    const differ: string[] = [];
    for (const u of uploaded) {
      const res = await request(server)
        .get(u.url)
        .set(bearer(tokens(u)))
        .buffer(true)
        .parse(binary);
      if (res.status !== 200 || Buffer.compare(res.body as Buffer, u.content) !== 0)
        differ.push(`${u.url}: ${res.status}`);
    }
    expect(differ).toEqual([]);
  }

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
    const folder = path.join(dir, 'lentera-20260301T100000Z');
    expect(fs.statSync(folder).mode & 0o777).toBe(0o700);
    const inFolder = filesUnder(folder);
    expect(inFolder).toContain(t.dialect === 'postgres' ? 'database.dump' : 'database.sqlite');
    expect(inFolder).toContain('manifest.json');
    for (const rel of inFolder)
      expect([rel, fs.statSync(path.join(folder, ...rel.split('/'))).mode & 0o777]).toEqual([rel, 0o600]);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
    expect(lines.join('\n')).not.toMatch(/Siti|Melati|0812|postgres:\/\//);
    const manifest = JSON.parse(
      fs.readFileSync(path.join(folder, 'manifest.json'), 'utf8'),
    ) as BackupManifest;
    expect(manifest.uploads.length).toBe(SCANS + MATERIALS);
    expect(manifest.missing).toEqual([]);

    // Restore the backup taken under load into a separate database and data folder: it must be whole.
    const target = await restoreElsewhere(folder);
    try {
      await withDataSource(target.env, async (ds) => {
        if (ds.options.type === 'sqlite') {
          expect(await ds.query('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
        }
        expect(await ds.manager.count(Case)).toBeGreaterThanOrEqual(CASES);
        expect(await brokenChains(ds, env)).toEqual([]);
      });
      expect(Object.keys(tree(path.join(target.env.DATA_DIR, 'uploads'))).length).toBe(SCANS + MATERIALS);
    } finally {
      await target.drop();
    }
    process.stdout.write(`backup under ${WRITERS} writers: ${took} ms\n`);
  });

  /** Restores a backup into a fresh database (another sqlite file, or another PostgreSQL database) and data folder. */
  async function restoreElsewhere(folder: string) {
    const dir = fs.mkdtempSync(path.join(t.dataDir, 'restore-'));
    if (t.dialect === 'postgres') {
      const db = await createPgDatabase();
      const targetEnv = { NODE_ENV: 'test', DATABASE_URL: db.url, DATA_DIR: dir };
      expect(await restore([folder], targetEnv, out)).toBe(0);
      return {
        env: targetEnv,
        drop: async () => {
          await db.drop();
          fs.rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    const targetEnv = { NODE_ENV: 'test', DATA_DIR: dir };
    expect(await restore([folder], targetEnv, out)).toBe(0);
    return { env: targetEnv, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }

  it('round trip: after later changes, restore gives back exactly the backed-up rows and uploaded files', async () => {
    const before = await withDataSource(env, (ds) => snapshotTables(ds));
    const uploadsDir = path.join(t.dataDir, 'uploads');
    const filesBefore = tree(uploadsDir);
    expect(Object.keys(filesBefore).length).toBe(SCANS + MATERIALS);
    // both kinds of upload: a stored file at the top, a programme file under its purpose
    expect(Object.keys(filesBefore).filter((rel) => rel.includes('/')).length).toBe(MATERIALS);
    expect(await backup([], env, out, new Date('2026-03-01T11:00:00Z'))).toBe(0);
    const folder = path.join(buildAppConfig(env).backupDir, 'lentera-20260301T110000Z');
    // Changes after the backup must disappear on restore: a case, an upload, a damaged upload.
    await registerCase(t, frontdesk);
    const later = await consentScan(pdf('diunggah setelah cadangan'));
    const damaged = Object.keys(filesBefore)[0];
    fs.writeFileSync(path.join(uploadsDir, ...damaged.split('/')), 'rusak');
    expect(await withDataSource(env, (ds) => snapshotTables(ds))).not.toEqual(before);
    expect(Object.keys(tree(uploadsDir)).length).toBe(SCANS + MATERIALS + 1);
    const tables = Object.keys(before).length;
    figures.uploadsBackedUp = Object.keys(filesBefore).length;
    figures.tablesCompared = tables;

    if (t.dialect === 'postgres') {
      // pg_restore --clean over the live (now changed) database; the app's pool is idle.
      expect(await restore([folder], env, out)).toBe(0);
      await withDataSource(env, async (ds) => {
        expect(await snapshotTables(ds)).toEqual(before);
        expect(await brokenChains(ds, env)).toEqual([]);
      });
      // the stored files byte for byte, and their content through the running application
      expect(tree(uploadsDir)).toEqual(filesBefore);
      await expectDownloads(t.server);
      await request(t.server).get(later.url).set(bearer(counselor)).expect(404);
    } else {
      // The application must be stopped for a sqlite restore: restore into a copy of the data dir
      // that has a WAL and shm of its own (they must be removed, not replayed onto the backup).
      // A copy of the data folder as it is now (the changed database with a WAL and shm of its own,
      // which must be removed, not replayed onto the backup; the changed uploads; the key).
      const dir = fs.mkdtempSync(path.join(t.dataDir, 'live-'));
      const dbFile = path.join(dir, 'lentera.sqlite');
      await withDataSource({ NODE_ENV: 'test', DATA_DIR: dir }, async (ds) => {
        await ds.runMigrations();
      });
      fs.writeFileSync(`${dbFile}-wal`, 'stale');
      fs.writeFileSync(`${dbFile}-shm`, 'stale');
      fs.cpSync(uploadsDir, path.join(dir, 'uploads'), { recursive: true });
      fs.copyFileSync(path.join(t.dataDir, 'encryption.key'), path.join(dir, 'encryption.key'));
      expect(await restore([folder], { NODE_ENV: 'test', DATA_DIR: dir }, out)).toBe(0);
      expect(fs.existsSync(`${dbFile}-wal`)).toBe(false);
      expect(fs.existsSync(`${dbFile}-shm`)).toBe(false);
      expect(fs.statSync(dbFile).mode & 0o777).toBe(0o600);
      await withDataSource({ NODE_ENV: 'test', DATA_DIR: dir }, async (ds) => {
        expect(await ds.query('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
        expect(await snapshotTables(ds)).toEqual(before);
        expect(await brokenChains(ds, env)).toEqual([]);
      });
      // the stored files byte for byte (the later one gone, the damaged one whole again) ...
      expect(tree(path.join(dir, 'uploads'))).toEqual(filesBefore);
      expect(fs.readdirSync(dir).filter((f) => f.startsWith('.uploads'))).toEqual([]);
      // ... and their content through an application started on the restored folder
      const restored = await createTestApp({ env: { DATA_DIR: dir } });
      try {
        const login = (u: string) => apiLogin(restored, u);
        const tokens = { coord: await login('coord'), c1: await login('c1') };
        await expectDownloads(restored.server, (u) => (u.token() === coordinator ? tokens.coord : tokens.c1));
        await request(restored.server).get(later.url).set(bearer(tokens.c1)).expect(404);
      } finally {
        await restored.close();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  });

  it('refuses a missing or damaged backup without touching the database or the uploads', async () => {
    expect(await restore([], env, out)).toBe(2);
    expect(await restore([path.join(t.dataDir, 'nope')], env, out)).toBe(1);
    const uploadsDir = path.join(t.dataDir, 'uploads');
    const dbBefore = await withDataSource(env, (ds) => snapshotTables(ds));
    const filesBefore = tree(uploadsDir);
    if (t.dialect === 'sqlite') {
      const junk = path.join(t.dataDir, 'junk.sqlite');
      fs.writeFileSync(junk, 'not a database');
      await expect(restore([junk], env, out)).rejects.toThrow();
    }
    // a backup folder whose upload was changed, one with a file it does not list, one without manifest
    expect(await backup([], env, out, new Date('2026-03-01T12:00:00Z'))).toBe(0);
    const good = path.join(buildAppConfig(env).backupDir, 'lentera-20260301T120000Z');
    const copy = (name: string) => {
      const dir = path.join(t.dataDir, name);
      fs.cpSync(good, dir, { recursive: true });
      return dir;
    };
    const tampered = copy('tampered');
    const first = filesUnder(path.join(tampered, 'uploads'))[0];
    fs.writeFileSync(path.join(tampered, 'uploads', ...first.split('/')), 'diubah');
    await expect(restore([tampered], env, out)).rejects.toThrow(/damaged/);
    const extra = copy('extra');
    fs.writeFileSync(path.join(extra, 'uploads', 'tambahan.bin'), 'x');
    await expect(restore([extra], env, out)).rejects.toThrow(/damaged/);
    const bare = copy('bare');
    fs.rmSync(path.join(bare, 'manifest.json'));
    await expect(restore([bare], env, out)).rejects.toThrow(/not a Lentera backup/);
    expect(await withDataSource(env, (ds) => snapshotTables(ds))).toEqual(dbBefore);
    expect(tree(uploadsDir)).toEqual(filesBefore);
    expect(fs.readdirSync(t.dataDir).filter((f) => f.startsWith('.uploads'))).toEqual([]);
  });

  it('runs as `npm run backup`', async () => {
    const root = path.join(__dirname, '..');
    const { stdout } = await execFileAsync('npm', ['run', '--silent', 'backup'], {
      cwd: root,
      env: { ...process.env, ...env, DATABASE_URL: env.DATABASE_URL ?? '' },
    });
    expect(stdout).toMatch(
      /Backup written: .*lentera-\d{8}T\d{6}Z \(database \d+ bytes, \d+ uploaded files, \d+ bytes\)/,
    );
  });

  it('records its figures (short profile)', () => {
    expect(figures.uploadsBackedUp).toBe(SCANS + MATERIALS);
    expect(figures.tablesCompared).toBeGreaterThanOrEqual(55);
    if (!FULL)
      checkFigures('backup-restore', {
        cases: CASES,
        writers: WRITERS,
        uploads: figures.uploadsBackedUp,
        tables: figures.tablesCompared,
      });
  });
});
