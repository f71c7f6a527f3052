/**
 * Configuration is validated before anything starts:
 *  - buildAppConfig refuses bad values with a ConfigValidationError that names every bad variable;
 *  - `src/main.ts` run as a process with a bad PORT exits with code 1 and a message naming PORT;
 *  - with good values and an empty DATA_DIR, the first start writes the development master key
 *    (encryption.key) and the initial admin password file, both readable by the owner only (600);
 *    the password is only in the file: the console says where it is (issue 13);
 *  - a DATA_DIR open to other users stops the start with the way to close it (issue 13).
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildAppConfig } from '../src/platform/config/app.config';
import { ConfigValidationError } from '../src/platform/config/env.validation';
import { KEY_FILE } from '../src/platform/crypto/key-ring';
import { INITIAL_ADMIN_FILE } from '../src/users/initial-admin.service';
import { createTestApp } from './support/test-app';

const ROOT = path.join(__dirname, '..');
const GOOD_KEY = Buffer.alloc(32, 7).toString('base64');

function problemsOf(env: Record<string, string>): string[] {
  try {
    buildAppConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigValidationError);
    return (err as ConfigValidationError).problems;
  }
  throw new Error(`buildAppConfig accepted ${JSON.stringify(env)}`);
}

const modeOf = (file: string) => (fs.statSync(file).mode & 0o777).toString(8);

/** An environment for a child process without anything that would point it at a real database or key. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true', ...extra };
  for (const key of [
    'DATABASE_URL',
    'DATABASE_PATH',
    'TEST_DATABASE_URL',
    'ENCRYPTION_KEY',
    'ENCRYPTION_PREVIOUS_KEYS',
  ]) {
    if (!(key in extra)) delete env[key];
  }
  return env;
}

interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

function runMain(env: NodeJS.ProcessEnv): {
  child: ChildProcess;
  output: () => string;
  done: Promise<Finished>;
} {
  // transpile-only: this suite checks what the started application does with its environment; the
  // type check of the whole program (tens of seconds per start) is the typecheck step's job.
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const done = new Promise<Finished>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, output })),
  );
  return { child, output: () => output, done };
}

async function within<T>(ms: number, what: string, promise: Promise<T>, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new Error(`${what}: no result within ${ms / 1000} s`));
    }, ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe('configuration validation (e2e)', () => {
  describe('buildAppConfig', () => {
    it('accepts the defaults and a valid configuration', () => {
      expect(buildAppConfig({}).port).toBe(3000);
      const config = buildAppConfig({
        NODE_ENV: 'production',
        PORT: '8080',
        ENCRYPTION_KEY: GOOD_KEY,
        DATABASE_URL: 'postgres://u@localhost/db',
        SESSION_IDLE_MINUTES: '15',
      });
      expect(config).toEqual(
        expect.objectContaining({
          port: 8080,
          isProduction: true,
          database: { type: 'postgres', url: 'postgres://u@localhost/db' },
        }),
      );
      expect(config.session.idleMinutes).toBe(15);
      expect(
        buildAppConfig({ LOGIN_TRUSTED_NETWORKS: '10.20.0.0/16, 192.0.2.7 ,2001:db8:20::/48' }).login,
      ).toEqual(
        expect.objectContaining({
          accountMaxFailures: 50,
          trustedNetworks: ['10.20.0.0/16', '192.0.2.7', '2001:db8:20::/48'],
        }),
      );
    });

    it.each([
      ['PORT', { PORT: 'abc' }],
      ['PORT', { PORT: '70000' }],
      ['SESSION_IDLE_MINUTES', { SESSION_IDLE_MINUTES: '0' }],
      ['ENCRYPTION_KEY', { ENCRYPTION_KEY: 'short' }],
      ['DATABASE_URL', { DATABASE_URL: 'mysql://x' }],
      ['ENCRYPTION_KEY', { NODE_ENV: 'production' }],
      ['NODE_ENV', { NODE_ENV: 'staging' }],
      ['LOG_LEVEL', { LOG_LEVEL: 'loud' }],
      ['CENTRE_TIMEZONE', { CENTRE_TIMEZONE: 'Asia/Atlantis' }],
      ['DISPLAY_TIMEZONE', { DISPLAY_TIMEZONE: 'WIB' }],
      ['CENTRE_TIMEZONE and DISPLAY_TIMEZONE', { CENTRE_TIMEZONE: 'Asia/Jakarta', DISPLAY_TIMEZONE: 'UTC' }],
      ['LOGIN_TRUSTED_NETWORKS', { LOGIN_TRUSTED_NETWORKS: '10.20.0.0/16, the office' }],
      ['LOGIN_TRUSTED_NETWORKS', { LOGIN_TRUSTED_NETWORKS: '10.20.0.0/33' }],
      ['LOGIN_ACCOUNT_MAX_FAILURES', { LOGIN_MAX_FAILURES: '10', LOGIN_ACCOUNT_MAX_FAILURES: '5' }],
    ])('refuses a bad %s (%j) with a ConfigValidationError naming it', (variable, env) => {
      const problems = problemsOf(env as Record<string, string>);
      expect(problems.some((p) => p.startsWith(`${variable}:`))).toBe(true);
    });

    it('takes the centre time zone from CENTRE_TIMEZONE, or from its old name DISPLAY_TIMEZONE (default Asia/Jakarta)', () => {
      expect(buildAppConfig({}).timeZone).toBe('Asia/Jakarta');
      expect(buildAppConfig({ CENTRE_TIMEZONE: 'Asia/Jayapura' }).timeZone).toBe('Asia/Jayapura');
      expect(buildAppConfig({ DISPLAY_TIMEZONE: 'Asia/Makassar' }).timeZone).toBe('Asia/Makassar');
      expect(
        buildAppConfig({ CENTRE_TIMEZONE: 'Asia/Makassar', DISPLAY_TIMEZONE: 'Asia/Makassar' }).timeZone,
      ).toBe('Asia/Makassar');
    });

    it('reports every bad variable at once', () => {
      const problems = problemsOf({
        NODE_ENV: 'production',
        PORT: 'abc',
        SESSION_IDLE_MINUTES: '0',
        DATABASE_URL: 'mysql://x',
      });
      for (const variable of ['NODE_ENV=production', 'PORT', 'SESSION_IDLE_MINUTES', 'DATABASE_URL']) {
        const name = variable.split('=')[0] === 'NODE_ENV' ? 'ENCRYPTION_KEY' : variable;
        expect([variable, problems.some((p) => p.startsWith(`${name}:`))]).toEqual([variable, true]);
      }
      let message = '';
      try {
        buildAppConfig({ PORT: 'abc', ENCRYPTION_KEY: 'short' });
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).toMatch(/PORT/);
      expect(message).toMatch(/ENCRYPTION_KEY/);
      // Never echo a secret back: the bad key itself is not in the message.
      expect(message).not.toContain('short');
    });
  });

  describe('src/main.ts as a process', () => {
    jest.setTimeout(120_000);

    it('exits with code 1 and names PORT when PORT=abc (within 60 s)', async () => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lentera-cfg-'));
      try {
        const run = runMain(childEnv({ PORT: 'abc', DATA_DIR: dataDir, NODE_ENV: 'development' }));
        const result = await within(60_000, 'main.ts with PORT=abc', run.done, () =>
          run.child.kill('SIGKILL'),
        );
        expect({ code: result.code, namesPort: /PORT/.test(result.output) }).toEqual({
          code: 1,
          namesPort: true,
        });
        // It stopped before touching the data folder.
        expect(fs.readdirSync(dataDir)).toEqual([]);
      } finally {
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    });

    it('exits with code 1, naming the folder and the fix, when DATA_DIR is open to other users', async () => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lentera-cfg-'));
      fs.chmodSync(dataDir, 0o755);
      try {
        const run = runMain(childEnv({ PORT: '0', DATA_DIR: dataDir, NODE_ENV: 'development' }));
        const result = await within(100_000, 'main.ts with an open DATA_DIR', run.done, () =>
          run.child.kill('SIGKILL'),
        );
        expect(result.code).toBe(1);
        expect(result.output).toContain(`DATA_DIR ${dataDir} is open to other users (mode 755)`);
        expect(result.output).toContain(`chmod -R go-rwx '${dataDir}'`);
        expect(fs.readdirSync(dataDir)).toEqual([]);
      } finally {
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    });

    it('starts with good values, writing encryption.key and the initial admin password with mode 600', async () => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lentera-cfg-'));
      const run = runMain(
        childEnv({
          PORT: '0',
          HOST: '127.0.0.1',
          DATA_DIR: dataDir,
          NODE_ENV: 'development',
          LOG_LEVEL: 'log',
        }),
      );
      try {
        const listening = new Promise<void>((resolve) => {
          const check = () => (/Lentera listening/.test(run.output()) ? resolve() : undefined);
          run.child.stdout!.on('data', check);
          run.child.stderr!.on('data', check);
        });
        await within(
          90_000,
          'main.ts start',
          Promise.race([
            listening,
            run.done.then((r) => {
              throw new Error(`main.ts exited early (${r.code}): ${r.output}`);
            }),
          ]),
          () => run.child.kill('SIGKILL'),
        );
        const keyFile = path.join(dataDir, KEY_FILE);
        const adminFile = path.join(dataDir, INITIAL_ADMIN_FILE);
        expect([modeOf(keyFile), modeOf(adminFile)]).toEqual(['600', '600']);
        expect(Buffer.from(fs.readFileSync(keyFile, 'utf8').trim(), 'base64')).toHaveLength(32);
        expect(fs.readFileSync(adminFile, 'utf8')).toMatch(/^username: admin\npassword: \S{12,}\n$/);
        // The one-time password is only in the file: the console (a service's log) says where it is.
        const password = /password: (\S+)/.exec(fs.readFileSync(adminFile, 'utf8'))![1];
        expect(run.output()).not.toContain(password);
        expect(run.output()).toContain(adminFile);
      } finally {
        if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGTERM');
        await within(20_000, 'main.ts shutdown', run.done, () => run.child.kill('SIGKILL')).catch(
          () => undefined,
        );
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });

  it('the application built in-process writes the same files with mode 600, and keeps the key on restart', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lentera-cfg-'));
    const keyFile = path.join(dataDir, KEY_FILE);
    const adminFile = path.join(dataDir, INITIAL_ADMIN_FILE);
    try {
      const first = await createTestApp({ env: { DATA_DIR: dataDir, ENCRYPTION_KEY: '' } });
      let key: string;
      try {
        expect([modeOf(keyFile), modeOf(adminFile)]).toEqual(['600', '600']);
        expect(fs.readFileSync(adminFile, 'utf8')).toMatch(/^username: admin\n/);
        key = fs.readFileSync(keyFile, 'utf8');
      } finally {
        await first.close();
      }
      const second = await createTestApp({ env: { DATA_DIR: dataDir, ENCRYPTION_KEY: '' } });
      try {
        expect(fs.readFileSync(keyFile, 'utf8')).toBe(key);
        expect(modeOf(keyFile)).toBe('600');
      } finally {
        await second.close();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
