import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { Role } from '../src/platform/auth/permissions';
import { verifyCase } from '../src/cli/verify-chronology';
import { bearer, expectNoVictimValues, personalText, registerCase } from './support/case-fixtures';
import { apiLogin, createTestApp, createUser, TestApp } from './support/test-app';
import { addEntry, tamperWithEvent } from './chronology-fixtures';

const run = promisify(execFile);

describe('npm run verify -- <case number> (e2e)', () => {
  let t: TestApp;
  let env: Record<string, string>;
  let frontdesk: string;
  let coordinator: string;

  beforeAll(async () => {
    t = await createTestApp();
    await createUser(t, 'fd', [Role.FrontDesk]);
    await createUser(t, 'coord', [Role.Coordinator]);
    [frontdesk, coordinator] = await Promise.all([apiLogin(t, 'fd'), apiLogin(t, 'coord')]);
    const url = (t.dataSource.options as { url?: string }).url;
    env =
      t.dialect === 'postgres'
        ? { DATABASE_URL: url!, DATA_DIR: t.dataDir, NODE_ENV: 'test' } // DATA_DIR: the master key
        : { DATA_DIR: t.dataDir, NODE_ENV: 'test' };
  });
  afterAll(() => t.close());

  async function verify(...args: string[]): Promise<{ code: number; out: string }> {
    const lines: string[] = [];
    const code = await verifyCase(args, env, (l) => lines.push(l));
    return { code, out: lines.join('\n') };
  }

  it('prints ok with the verification code; a code from an earlier print names its state', async () => {
    const c = await registerCase(t, frontdesk);
    const first = await request(t.server).get(`/api/cases/${c.id}/verification`).set(bearer(coordinator));
    await addEntry(t, coordinator, c.id, {
      date: '2025-12-01',
      description: personalText('Kejadian', c.person),
    }).expect(201);
    const now = await request(t.server).get(`/api/cases/${c.id}/verification`).set(bearer(coordinator));

    const ok = await verify(c.number);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain(`Case ${c.number}: history OK (2 events).`);
    expect(ok.out).toContain(`Verification code: ${now.body.verificationCode}`);
    expect(ok.out).not.toMatch(/Siti|Melati|0812|Kejadian/);
    expectNoVictimValues(ok.out, c.person, 'verify-case output');

    const older = await verify(c.number, first.body.verificationCode.toLowerCase());
    expect(older.code).toBe(0);
    expect(older.out).toContain('names the history up to event #1 of 2');
    const unknown = await verify(c.number, '0000-0000-0000');
    expect(unknown.code).toBe(1);
    expect(unknown.out).toContain('names no state of this history');
  });

  it('prints the first broken event and exits 1 when an event was altered', async () => {
    const c = await registerCase(t, frontdesk);
    await addEntry(t, coordinator, c.id, {
      date: '2025-12-01',
      description: personalText('Kejadian', c.person),
    }).expect(201);
    await tamperWithEvent(t.dataSource, c.id, 2);
    const broken = await verify(c.number);
    expect(broken.code).toBe(1);
    expect(broken.out).toContain(`Case ${c.number}: history BROKEN.`);
    expect(broken.out).toMatch(/First broken event: #2 \(chronology\.entry_added, \d{4}-/);
    expect(broken.out).not.toContain('Verification code');
    expectNoVictimValues(broken.out, c.person, 'verify-case output');
  });

  it('answers an unknown case (1) and bad arguments (2)', async () => {
    expect((await verify('PPT/1999/000001')).code).toBe(1);
    // without the master key the history cannot be checked: said so, and no key is made up
    const lines: string[] = [];
    const emptyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lentera-nokey-'));
    try {
      expect(
        await verifyCase(['PPT/2026/000001'], { ...env, DATA_DIR: emptyDir }, (l) => lines.push(l)),
      ).toBe(2);
      expect(lines.join('\n')).toContain('No master key');
      expect(fs.readdirSync(emptyDir)).toEqual([]);
    } finally {
      fs.rmSync(emptyDir, { recursive: true, force: true });
    }
    expect((await verify()).code).toBe(2);
    expect((await verify('PPT/2026/000001', 'not-a-code')).code).toBe(2);
  });

  it('runs as `npm run verify`', async () => {
    const c = await registerCase(t, frontdesk);
    const root = path.join(__dirname, '..');
    const { stdout } = await run('npm', ['run', '--silent', 'verify', '--', c.number], {
      cwd: root,
      env: { ...process.env, ...env, DATABASE_URL: env.DATABASE_URL ?? '' },
    });
    expect(stdout).toContain(`Case ${c.number}: history OK (1 event).`);
  }, 60_000);
});
