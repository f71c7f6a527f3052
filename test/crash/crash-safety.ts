/**
 * Crash safety (issue 8, suite 4): the application runs as a child process (ts-node, transpile-only)
 * on a temporary DATA_DIR (sqlite) — or, when TEST_DATABASE_URL names a PostgreSQL server, on a
 * throw-away database there (created and dropped by this script); clients register cases, assign counselors and start counseling
 * while the process is killed with SIGKILL at random moments, then restarted. At the end:
 *  - every request answered 2xx before a kill is in the database (cases, assignments, transitions);
 *  - the database is intact: sqlite's `PRAGMA integrity_check` is ok; on PostgreSQL, amcheck's
 *    verify_heapam finds no corrupt tuple in any table and bt_index_check (with heapallindexed) passes
 *    on every B-tree index of the schema;
 *  - every case's hash chain verifies.
 *
 *   npm run test:crash                   20 kills (full profile)
 *   CRASH_KILLS=3 npm run test:crash     the short profile .ci/run uses (on sqlite and on PostgreSQL)
 *   TEST_DATABASE_URL=postgres://… npm run test:crash   on PostgreSQL (needs a superuser for amcheck)
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
import { CaseEvent } from '../../src/cases/case-event.entity';
import { loadChainKey } from '../../src/cases/case-chain-key';
import { verifyChain } from '../../src/cases/case-chain';
import { Case } from '../../src/cases/case.entity';
import { buildAppConfig } from '../../src/config/app.config';
import { buildDataSourceOptions } from '../../src/database/database.options';
import { intakePayload } from '../support/case-fixtures';

const ROOT = path.join(__dirname, '..', '..');
const KILLS = Number(process.env.CRASH_KILLS ?? 20);
const CLIENTS = Number(process.env.CRASH_CLIENTS ?? 4);
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

async function main(): Promise<number> {
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
  const pgServer = process.env.TEST_DATABASE_URL;
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
  if (pgServer) {
    await admin(`CREATE DATABASE ${pgName}`);
    (env as Record<string, string>).DATABASE_URL = pgServer.replace(/\/[^/?]+(\?|$)/, `/${pgName}$1`);
  }
  const dialect = pgServer ? 'postgres' : 'sqlite';
  try {
    return await run(dataDir, env, base, dialect);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (pgServer) await admin(`DROP DATABASE IF EXISTS ${pgName} WITH (FORCE)`);
  }
}

async function run(
  dataDir: string,
  env: Record<string, string | undefined>,
  base: string,
  dialect: 'sqlite' | 'postgres',
): Promise<number> {
  const tsNode = ['-r', 'ts-node/register/transpile-only'];
  execFileSync(process.execPath, [...tsNode, 'src/cli/seed-demo.ts'], { cwd: ROOT, env, stdio: 'ignore' });

  let child: ChildProcess | null = null;
  const start = async () => {
    const t0 = Date.now();
    child = spawn(process.execPath, [...tsNode, 'src/main.ts'], { cwd: ROOT, env, stdio: 'ignore' });
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

  const call = async (token: string | null, method: string, url: string, body?: unknown) => {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json().catch(() => null)) as any };
  };
  const login = async (username: string) => {
    const res = await call(null, 'POST', '/api/auth/login', { username, password: PASSWORD });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
    return res.body.accessToken as string;
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
          if (a.status !== 200) continue;
          acknowledged.assigned.add(c.body.id);
          const s = await call(tokens.c1, 'POST', `/api/cases/${c.body.id}/transitions`, {
            transition: 'start_counseling',
            version: a.body.version,
          });
          answered++;
          if (s.status === 200) acknowledged.counseling.add(c.body.id);
        } catch {
          failedByKill++; // the connection died with the process: not acknowledged
          await sleep(50);
        }
      }
    };
    const clients = Array.from({ length: CLIENTS }, client);
    if (round < KILLS) {
      await sleep(300 + Math.floor(Math.random() * 2500));
      child!.kill('SIGKILL');
      await new Promise((r) => child!.once('exit', r));
    }
    running = false;
    if (round === KILLS) {
      await Promise.all(clients);
      child!.kill('SIGTERM');
      await new Promise((r) => child!.once('exit', r));
    } else {
      await Promise.all(clients);
    }
  }

  // Check the database with the application stopped.
  const ds = new DataSource(
    buildDataSourceOptions(
      buildAppConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, DATABASE_URL: env.DATABASE_URL }).database,
    ),
  );
  await ds.initialize();
  try {
    const integrity = await integrityProblems(ds, dialect);
    problems.push(...integrity);
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
    console.log(
      `crash safety: ${KILLS} SIGKILLs, ${answered} requests answered, ${failedByKill} cut off by a kill; ` +
        `${acknowledged.cases.size} acknowledged intakes, ${acknowledged.assigned.size} assignments, ` +
        `${acknowledged.counseling.size} transitions; ${cases.length} cases in the database (${dialect}); integrity ok: ` +
        `${integrity.length === 0}; chains verified: ${cases.length - broken}/${cases.length}; ` +
        `start-up ${Math.round(startTimes.reduce((a, b) => a + b, 0) / startTimes.length)} ms on average; ` +
        `${Math.round((Date.now() - started) / 1000)} s in all`,
    );
  } finally {
    await ds.destroy();
  }
  if (problems.length) {
    console.error(`CRASH SAFETY FAILED:\n  ${[...new Set(problems)].slice(0, 50).join('\n  ')}`);
    return 1;
  }
  return 0;
}

/** Physical integrity of the database after the kills; an empty list when intact. */
async function integrityProblems(ds: DataSource, dialect: 'sqlite' | 'postgres'): Promise<string[]> {
  if (dialect === 'sqlite') {
    const rows = await ds.query('PRAGMA integrity_check');
    return rows[0]?.integrity_check === 'ok' ? [] : [`integrity_check: ${JSON.stringify(rows)}`];
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
  return problems;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`crash safety failed to run: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
