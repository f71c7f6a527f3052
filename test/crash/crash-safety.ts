/**
 * Crash safety (issue 8, suite 4; issue 22): the application runs as a child process (compiled with
 * `npm run build` first; CRASH_NO_BUILD=1 uses dist/ as it is) on a temporary DATA_DIR (sqlite), or on
 * PostgreSQL; clients register cases, assign counselors and start counseling while the process is
 * killed with SIGKILL, then restarted. Each
 * kill comes only after at least MIN_ACKNOWLEDGED_PER_KILL writes of that run were acknowledged, at a
 * random moment after that, and at a moment when requests are in flight — the kill must cut at least
 * one off (the proof that it landed mid-request; a kill between requests fails the suite).
 *
 * On PostgreSQL (CRASH_DB=postgres) the script starts its own server with `.ci/pg.sh start DIR
 * --fsync` (fsync, synchronous_commit and full_page_writes on, unlike the test suites' server), and
 * every other kill (the first, the third, …) takes the server down too: SIGKILL to the postmaster and
 * all its processes at the moment the application is killed, then the server starts again and
 * recovers from its WAL. With TEST_DATABASE_URL instead, the application runs on a throw-away database
 * of that server and only the application is killed.
 *
 * At the end:
 *  - every request answered 2xx before a kill is in the database (cases, assignments, transitions);
 *  - the database is intact: sqlite's `PRAGMA integrity_check` is ok; on PostgreSQL, amcheck's
 *    verify_heapam finds no corrupt tuple in any table and bt_index_check (with heapallindexed) passes
 *    on every B-tree index of the schema;
 *  - every case's hash chain verifies.
 *
 *   npm run test:crash                                  20 kills on sqlite (full profile)
 *   CRASH_DB=postgres npm run test:crash                20 kills on its own PostgreSQL server (root)
 *   CRASH_KILLS=3 [CRASH_DB=postgres] npm run test:crash    the short profile .ci/run uses
 *   TEST_DATABASE_URL=postgres://… npm run test:crash   on an existing server (needs a superuser)
 *
 * Prints counts and times only. Exit code 0 on success, 1 on a failure (listed).
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { CaseEvent } from '../../src/case/case-event.entity';
import { loadChainKey } from '../../src/case/case-chain-key';
import { verifyChain } from '../../src/case/case-chain';
import { checkFigures, REFRESH_COMMAND_PG } from '../support/figures';
import { Case } from '../../src/case/case.entity';
import { buildAppConfig } from '../../src/platform/config/app.config';
import { buildDataSourceOptions } from '../../src/platform/database/database.options';
import { intakePayload } from '../support/case-fixtures';

const ROOT = path.join(__dirname, '..', '..');
const KILLS = Number(process.env.CRASH_KILLS ?? 20);
const CLIENTS = Number(process.env.CRASH_CLIENTS ?? 4);
/** Writes (intakes, assignments, transitions) acknowledged in a run before its kill may come. */
const MIN_ACKNOWLEDGED_PER_KILL = 6;
/** sqlite, postgres (its own server, killed too), or postgres-external (TEST_DATABASE_URL). */
const DB = process.env.CRASH_DB ?? (process.env.TEST_DATABASE_URL ? 'postgres-external' : 'sqlite');
const PG_SH = path.join(__dirname, '..', '..', '.ci', 'pg.sh');
const PASSWORD = 'crash-demo-password-2026';
const started = Date.now();

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A PostgreSQL server of our own (CRASH_DB=postgres): fsync on, killed and restarted by the suite. */
interface OwnServer {
  dir: string;
  url: string;
  /** SIGKILL to the postmaster and every process of the server at once; resolves when all are gone. */
  kill(): Promise<number>;
  restart(): void;
  stop(): void;
}

function startOwnServer(): OwnServer {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lentera-crash-pg-'));
  const url = execFileSync(PG_SH, ['start', dir, '--fsync'], { encoding: 'utf8' }).trim();
  const pidOf = () => Number(execFileSync(PG_SH, ['pid', dir], { encoding: 'utf8' }).trim());
  /** The processes whose parent is `pid` (from /proc: the server's backends and workers). */
  const childrenOf = (pid: number) =>
    fs
      .readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .map(Number)
      .filter((p) => {
        try {
          const stat = fs.readFileSync(`/proc/${p}/stat`, 'utf8');
          return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
        } catch {
          return false; // gone meanwhile
        }
      });
  return {
    dir,
    url,
    kill: async () => {
      const postmaster = pidOf();
      const all = [postmaster, ...childrenOf(postmaster)];
      for (const p of all) {
        try {
          process.kill(p, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
      // PostgreSQL refuses to start while a process of the old server still exists.
      for (let i = 0; ; i++) {
        if (all.every((p) => !fs.existsSync(`/proc/${p}`))) return all.length;
        if (i > 300) throw new Error('the killed PostgreSQL processes did not go away within 30 s');
        await sleep(100);
      }
    },
    restart: () => execFileSync(PG_SH, ['restart', dir], { stdio: 'ignore' }),
    stop: () => {
      execFileSync(PG_SH, ['stop', dir], { stdio: 'ignore' });
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function main(): Promise<number> {
  if (!['sqlite', 'postgres', 'postgres-external'].includes(DB)) throw new Error(`unknown CRASH_DB ${DB}`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lentera-crash-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    LOGIN_RATE_LIMIT: '100000',
    DEMO_PASSWORD: PASSWORD,
    TZ: 'UTC',
  };
  delete (env as Record<string, unknown>).DATABASE_URL;
  delete (env as Record<string, unknown>).DATABASE_PATH;
  const own = DB === 'postgres' ? startOwnServer() : null;
  const pgServer = own ? own.url : DB === 'postgres-external' ? process.env.TEST_DATABASE_URL : undefined;
  const pgName = `lentera_crash_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string) => {
    const c = new Client({ connectionString: pgServer });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  try {
    if (pgServer) {
      await admin(`CREATE DATABASE ${pgName}`);
      (env as Record<string, string>).DATABASE_URL = pgServer.replace(/\/[^/?]+(\?|$)/, `/${pgName}$1`);
    }
    const dialect = pgServer ? 'postgres' : 'sqlite';
    try {
      return await run(dataDir, env, base, dialect, own);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (pgServer) await admin(`DROP DATABASE IF EXISTS ${pgName} WITH (FORCE)`);
    }
  } finally {
    own?.stop();
  }
}

interface KillRecord {
  /** Writes acknowledged (2xx) in this run of the application, before the kill. */
  acknowledged: number;
  /** Requests sent and not yet answered at the moment of the kill. */
  inFlight: number;
  /** Requests of this run that never got an answer (cut off by the kill). */
  cutOff: number;
  /** PostgreSQL server processes killed with the application (0: the application only). */
  serverProcesses: number;
}

async function run(
  dataDir: string,
  env: Record<string, string | undefined>,
  base: string,
  dialect: 'sqlite' | 'postgres',
  own: OwnServer | null,
): Promise<number> {
  // The compiled application (dist/, as `npm start` runs it): it starts in a few seconds where
  // ts-node takes tens, so the runs go to the writes and kills. CRASH_NO_BUILD=1: dist/ is built already.
  if (process.env.CRASH_NO_BUILD !== '1')
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  const app = path.join(ROOT, 'dist', 'src', 'main.js');
  if (!fs.existsSync(app)) throw new Error(`${app} is missing: run npm run build`);
  execFileSync(process.execPath, [path.join(ROOT, 'dist', 'src', 'cli', 'seed-demo.js')], {
    cwd: ROOT,
    env,
    stdio: 'ignore',
  });

  let child: ChildProcess | null = null;
  const start = async () => {
    const t0 = Date.now();
    child = spawn(process.execPath, [app], { cwd: ROOT, env, stdio: 'ignore' });
    for (;;) {
      if (Date.now() - t0 > 120_000) throw new Error('the application did not start within 120 s');
      try {
        if ((await fetch(`${base}/health`)).ok) return Date.now() - t0;
      } catch {
        /* not up yet */
      }
      await sleep(200);
    }
  };

  const acknowledged = {
    cases: new Set<string>(),
    assigned: new Set<string>(),
    counseling: new Set<string>(),
  };
  let answered = 0;
  let failedByKill = 0;
  const problems: string[] = [];
  const kills: KillRecord[] = [];
  /** The current run's counters. */
  let current = { acknowledged: 0, inFlight: 0, cutOff: 0, killed: false };

  const call = async (token: string | null, method: string, url: string, body?: unknown) => {
    const counters = current;
    const beforeKill = !counters.killed;
    counters.inFlight++;
    try {
      const res = await fetch(`${base}${url}`, {
        method,
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = (await res.json().catch(() => null)) as any;
      if (res.status >= 200 && res.status < 300 && method !== 'GET') counters.acknowledged++;
      return { status: res.status, body: json };
    } catch (err) {
      // only a request the kill interrupted (one sent afterwards is refused, not cut off)
      if (beforeKill) counters.cutOff++;
      throw err;
    } finally {
      counters.inFlight--;
    }
  };
  const login = async (username: string) => {
    const res = await call(null, 'POST', '/api/auth/login', { username, password: PASSWORD });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
    return res.body.accessToken as string;
  };
  /** Waits until `ready()` holds; false after `ms`. */
  const until = async (ready: () => boolean, ms: number, step = 5) => {
    const t0 = Date.now();
    while (!ready()) {
      if (Date.now() - t0 > ms) return false;
      await sleep(step);
    }
    return true;
  };

  let counselorId = '';
  const startTimes: number[] = [];
  for (let round = 0; round <= KILLS; round++) {
    startTimes.push(await start());
    const tokens = {
      fd: await login('frontdesk'),
      coord: await login('coordinator'),
      c1: await login('counselor'),
    };
    if (!counselorId) {
      const me = await call(tokens.c1, 'GET', '/api/account');
      counselorId = me.body?.id ?? me.body?.user?.id;
      if (!counselorId) throw new Error(`cannot read the counselor's id: ${JSON.stringify(me.body)}`);
    }
    // logins do not count: the run's writes start now
    current = { acknowledged: 0, inFlight: 0, cutOff: 0, killed: false };
    const counters = current;
    let running = true;
    const client = async () => {
      while (running) {
        try {
          const c = await call(tokens.fd, 'POST', '/api/cases', intakePayload());
          answered++;
          if (c.status !== 201) {
            if (c.status >= 500) problems.push(`intake answered ${c.status}`);
            continue;
          }
          acknowledged.cases.add(c.body.id);
          const a = await call(tokens.coord, 'POST', `/api/cases/${c.body.id}/assignment`, {
            counselorId,
            version: 1,
          });
          answered++;
          if (a.status !== 200) {
            if (a.status >= 500) problems.push(`assignment answered ${a.status}`);
            continue;
          }
          acknowledged.assigned.add(c.body.id);
          const s = await call(tokens.c1, 'POST', `/api/cases/${c.body.id}/transitions`, {
            transition: 'start_counseling',
            version: a.body.version,
          });
          answered++;
          if (s.status === 200) acknowledged.counseling.add(c.body.id);
          else if (s.status >= 500) problems.push(`transition answered ${s.status}`);
        } catch {
          failedByKill++; // the connection died with the process: not acknowledged
          await sleep(50);
        }
      }
    };
    const clients = Array.from({ length: CLIENTS }, client);
    if (round < KILLS) {
      // A floor of acknowledged writes first, then a random moment, then one with requests in flight.
      if (!(await until(() => counters.acknowledged >= MIN_ACKNOWLEDGED_PER_KILL, 60_000)))
        problems.push(
          `run ${round + 1}: only ${counters.acknowledged} writes acknowledged in 60 s (floor ${MIN_ACKNOWLEDGED_PER_KILL})`,
        );
      await sleep(Math.floor(Math.random() * 1500));
      if (!(await until(() => counters.inFlight > 0, 5_000, 0)))
        problems.push(`run ${round + 1}: no request in flight to kill`);
      const inFlight = counters.inFlight;
      const acknowledgedBefore = counters.acknowledged;
      const exited = new Promise((r) => child!.once('exit', r));
      running = false;
      counters.killed = true;
      child!.kill('SIGKILL');
      // Every other kill (the first, the third, …) takes the PostgreSQL server down with it.
      const serverProcesses = own && round % 2 === 0 ? await own.kill() : 0;
      await exited;
      await Promise.all(clients);
      kills.push({ acknowledged: acknowledgedBefore, inFlight, cutOff: counters.cutOff, serverProcesses });
      if (serverProcesses) own!.restart();
    } else {
      running = false;
      await Promise.all(clients);
      child!.kill('SIGTERM');
      await new Promise((r) => child!.once('exit', r));
    }
  }
  kills.forEach((k, i) => {
    if (k.acknowledged < MIN_ACKNOWLEDGED_PER_KILL)
      problems.push(
        `kill ${i + 1}: ${k.acknowledged} writes acknowledged before it (floor ${MIN_ACKNOWLEDGED_PER_KILL})`,
      );
    if (k.inFlight < 1 || k.cutOff < 1)
      problems.push(`kill ${i + 1}: did not land mid-request (${k.inFlight} in flight, ${k.cutOff} cut off)`);
  });
  const serverKills = kills.filter((k) => k.serverProcesses > 0).length;
  if (own && serverKills < Math.ceil(KILLS / 2)) problems.push(`only ${serverKills} kills of the server`);

  // Check the database with the application stopped.
  const ds = new DataSource(
    buildDataSourceOptions(
      buildAppConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, DATABASE_URL: env.DATABASE_URL }).database,
    ),
  );
  await ds.initialize();
  try {
    const integrity = await integrityProblems(ds, dialect);
    problems.push(...integrity.problems);
    const cases = await ds.manager.find(Case, {
      select: {
        id: true,
        number: true,
        stage: true,
        assignedCounselorId: true,
        eventCount: true,
        headHash: true,
        headSeal: true,
      },
    });
    const chainKey = await loadChainKey(
      ds,
      buildAppConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, DATABASE_URL: env.DATABASE_URL }),
    );
    if (!chainKey) problems.push('the history chain key is missing');
    const byId = new Map(cases.map((c) => [c.id, c]));
    for (const id of acknowledged.cases)
      if (!byId.has(id)) problems.push(`acknowledged case ${id} is missing`);
    for (const id of acknowledged.assigned)
      if (byId.get(id)?.assignedCounselorId !== counselorId)
        problems.push(`acknowledged assignment of ${id} is missing`);
    for (const id of acknowledged.counseling)
      if (byId.get(id)?.stage !== 'initial_counseling')
        problems.push(`acknowledged start_counseling of ${id} is missing`);
    let broken = 0;
    for (const c of cases) {
      const events = await ds.manager.find(CaseEvent, { where: { caseId: c.id }, order: { seq: 'ASC' } });
      if (!chainKey || !verifyChain(events, c, chainKey).ok) broken++;
    }
    if (broken) problems.push(`${broken} case histories do not verify`);
    kills.forEach((k, i) =>
      console.log(
        `kill ${i + 1}: after ${k.acknowledged} acknowledged writes, ${k.inFlight} requests in flight, ` +
          `${k.cutOff} cut off${k.serverProcesses ? `; the PostgreSQL server too (${k.serverProcesses} processes)` : ''}`,
      ),
    );
    console.log(
      `crash safety: ${KILLS} SIGKILLs${own ? ` (${serverKills} of them of the PostgreSQL server too, fsync on)` : ''}, ` +
        `${answered} requests answered, ${failedByKill} cut off by a kill; ` +
        `${acknowledged.cases.size} acknowledged intakes, ${acknowledged.assigned.size} assignments, ` +
        `${acknowledged.counseling.size} transitions; ${cases.length} cases in the database (${dialect}); integrity ok: ` +
        `${integrity.problems.length === 0} (${integrity.tables} tables${dialect === 'postgres' ? `, ${integrity.indexes} B-tree indexes` : ''}); ` +
        `chains verified: ${cases.length - broken}/${cases.length}; ` +
        `start-up ${Math.round(startTimes.reduce((a, b) => a + b, 0) / startTimes.length)} ms on average; ` +
        `${Math.round((Date.now() - started) / 1000)} s in all`,
    );
    // The README's figures of this suite (what it checks does not depend on the number of kills).
    try {
      checkFigures(
        `crash.${dialect}`,
        dialect === 'postgres'
          ? {
              tables: integrity.tables,
              indexes: integrity.indexes,
              minAcknowledgedPerKill: MIN_ACKNOWLEDGED_PER_KILL,
            }
          : { tables: integrity.tables, minAcknowledgedPerKill: MIN_ACKNOWLEDGED_PER_KILL },
        REFRESH_COMMAND_PG,
      );
    } catch (err) {
      problems.push((err as Error).message);
    }
  } finally {
    await ds.destroy();
  }
  if (problems.length) {
    console.error(`CRASH SAFETY FAILED:\n  ${[...new Set(problems)].slice(0, 50).join('\n  ')}`);
    return 1;
  }
  return 0;
}

/**
 * Physical integrity of the database after the kills: the problems (none when intact), and how many
 * tables (and, on PostgreSQL, B-tree indexes) were checked.
 */
async function integrityProblems(
  ds: DataSource,
  dialect: 'sqlite' | 'postgres',
): Promise<{ problems: string[]; tables: number; indexes: number }> {
  if (dialect === 'sqlite') {
    const rows = await ds.query('PRAGMA integrity_check');
    const tables: unknown[] = await ds.query(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    );
    if (tables.length < 50) throw new Error(`only ${tables.length} tables in the sqlite database`);
    return {
      problems: rows[0]?.integrity_check === 'ok' ? [] : [`integrity_check: ${JSON.stringify(rows)}`],
      tables: tables.length,
      indexes: 0,
    };
  }
  const problems: string[] = [];
  await ds.query('CREATE EXTENSION IF NOT EXISTS amcheck');
  const tables: { name: string }[] = await ds.query(
    `SELECT c.relname AS name FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'`,
  );
  if (!tables.some((t) => t.name === 'cases')) problems.push('amcheck: the cases table was not found');
  for (const { name } of tables) {
    const corrupt = await ds.query(`SELECT * FROM verify_heapam('public."${name}"'::regclass)`);
    if (corrupt.length) problems.push(`verify_heapam ${name}: ${JSON.stringify(corrupt.slice(0, 3))}`);
  }
  const indexes: { name: string }[] = await ds.query(
    `SELECT c.relname AS name FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
       JOIN pg_am am ON am.oid = c.relam
      WHERE c.relnamespace = 'public'::regnamespace AND am.amname = 'btree'`,
  );
  for (const { name } of indexes) {
    try {
      await ds.query(`SELECT bt_index_check('public."${name}"'::regclass, true)`);
    } catch (error) {
      problems.push(`bt_index_check ${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  console.log(`amcheck: ${tables.length} tables and ${indexes.length} B-tree indexes checked`);
  if (tables.length < 50 || indexes.length < 130)
    problems.push(`amcheck saw only ${tables.length} tables and ${indexes.length} B-tree indexes`);
  return { problems, tables: tables.length, indexes: indexes.length };
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`crash safety failed to run: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
