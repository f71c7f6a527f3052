/**
 * `npm run bench`: throughput and latency of Lentera against baselines measured in the same run,
 * reported as ratios (the machine is shared and noisy; absolute figures are not claims).
 *
 * Two instances of the application — started as production runs it (`npm run build`, `node
 * dist/src/main.js`, NODE_ENV=production), each on its own temporary DATA_DIR with sqlite, seeded by
 * bench/seed-cases.ts with the small and the large number of cases (the small one also with two
 * chronologies, of 10 and 1,000 entries) — and the baseline server (bench/baseline-server.ts: bare
 * Fastify + sqlite3 on a copy of the small database, with the application's crypto primitives).
 *
 *  1. Lists at scale: every case list route as each role that lists — coordinator (everything, a
 *     stage), counselor ("mine"), front desk (its scope, "mine") — API and HTML page, on both
 *     instances. Bar: large/small >= 0.9.
 *  2. Case page: GET /cases/{id} and GET /api/cases/{id} as the coordinator on the large instance.
 *  3. Same-work read: the baseline's first page of 25 cases against GET /api/cases as the
 *     coordinator (small instance). Bar: app/baseline >= 0.5.
 *  4. Intake: POST /api/cases against the baseline's same-work intake (bar: app/baseline >= 0.5)
 *     and its one-INSERT floor (ratio reported, no bar).
 *  5. Chronology: JSON and PDF of the 1,000-entry chronology against the 10-entry one, one
 *     connection (a document a person asks for). Bar: mean latency ratio <= 120 (linear or better).
 *  6. Memory: the resident set of each instance after its run, the small one after 20 more PDFs of
 *     the 1,000-entry chronology. Bar: <= 300 MB.
 *  7. Latency: p99 of every route run at the profile's connections (20). Bar: < 250 ms.
 * Each comparison runs its sides in alternating rounds (A B, B A, …) after a warm-up of each, same
 * connections and duration, so a change of the machine's load weighs on every side alike.
 *
 *   npm run bench                  full: 1k vs 100k cases, 20 connections, 4 rounds: 20 s intake,
 *                                  12 s per list route and side; rewrites the README's bench section
 *   BENCH_QUICK=1 npm run bench    quick: 1k vs 5k, 2 rounds (README untouched)
 *   BENCH_NO_FAIL=1                report FAIL but exit 0
 *   BENCH_NO_BUILD=1               use the existing dist/ (skip `npm run build`)
 *   BENCH_README=0|1               do not / do rewrite the README section (default: full profile only)
 *   npm run bench -- --readme      rewrite the README section from bench/results/latest.json
 *
 * Writes bench/results/latest.json. Prints rates, latencies and ratios only (no personal data).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readmeWithSection, ReadmeSection } from '../src/cli/readme-section';
import { intakePayload } from '../test/support/case-fixtures';
import {
  apiLogin,
  freePort,
  load,
  LoadOptions,
  LoadResult,
  pageLogin,
  ROOT,
  rssMb,
  runNode,
  Server,
  startServer,
  TS_NODE,
} from './lib';

export interface Bars {
  /** app/same-work baseline, intake and read. */
  sameWork: number;
  /** large/small rate of every list route. */
  list: number;
  /** 1,000-entry / 10-entry chronology, mean latency (JSON and PDF). */
  chronology: number;
  /** Resident set after the run, MB. */
  rssMb: number;
  /** p99 of every route run at `connections`, ms. */
  p99Ms: number;
}

export const DEFAULT_BARS: Bars = { sameWork: 0.5, list: 0.9, chronology: 120, rssMb: 300, p99Ms: 250 };

export interface BenchProfile {
  name: string;
  smallCases: number;
  largeCases: number;
  /** Entries of the short and the long chronology. */
  chronology: [number, number];
  /** PDFs of the long chronology before the last memory reading. */
  extraPdfs: number;
  connections: number;
  /** Seconds of load per side (split into `rounds` alternating rounds). */
  intakeDurationS: number;
  listDurationS: number;
  chronologyDurationS: number;
  /** Alternating rounds per comparison (A B, B A, …): load drift weighs on both sides alike. */
  rounds: number;
  /** Unmeasured load before each measured run (JIT, caches). */
  warmupS: number;
  /** 'dist': `node dist/src/main.js` as `npm start` runs it; 'ts-node': src/main.ts, transpile-only. */
  runner: 'dist' | 'ts-node';
  build: boolean;
  bars: Bars;
}

export function profileFromEnv(env: NodeJS.ProcessEnv = process.env): BenchProfile {
  const quick = env.BENCH_QUICK === '1';
  return {
    name: quick ? 'quick' : 'full',
    smallCases: 1000,
    largeCases: quick ? 5000 : 100_000,
    chronology: [10, 1000],
    extraPdfs: 20,
    connections: 20,
    intakeDurationS: quick ? 4 : 20,
    listDurationS: quick ? 4 : 12,
    chronologyDurationS: quick ? 4 : 12,
    rounds: quick ? 2 : 4,
    warmupS: quick ? 1 : 3,
    runner: 'dist',
    build: env.BENCH_NO_BUILD !== '1',
    bars: DEFAULT_BARS,
  };
}

/** A route measured on both instances. */
export interface RouteResult {
  route: string;
  role: string;
  small: LoadResult;
  large: LoadResult;
  /** large rps / small rps */
  ratio: number;
  pass: boolean;
}

/** A comparison against a baseline of the same run. */
export interface Comparison {
  baseline: LoadResult;
  app: LoadResult;
  /** app rps / baseline rps */
  ratio: number;
  bar: number;
  pass: boolean;
}

export interface ChronologyResult {
  short: LoadResult;
  long: LoadResult;
  /** long mean latency / short mean latency */
  ratio: number;
  pass: boolean;
}

export interface BenchResult {
  profile: BenchProfile;
  startedAt: string;
  durationS: number;
  machine: { cpus: number; node: string; loadAvg: number[] };
  seeding: { smallMs: number; largeMs: number; largeTotal: number };
  intake: Comparison & { oneInsert: LoadResult; oneInsertRatio: number };
  read: Comparison;
  lists: RouteResult[];
  casePages: { route: string; role: string; result: LoadResult }[];
  chronology: { json: ChronologyResult; pdf: ChronologyResult; entries: [number, number]; bar: number };
  memory: { largeMb: number | null; smallMb: number | null; afterPdfsMb: number | null; bar: number; pass: boolean };
  /** The worst p99 of the routes run at `connections`. */
  latency: { route: string; p99Ms: number; bar: number; pass: boolean };
  pass: boolean;
} // prettier-ignore

const PASSWORD = `bench-${randomBytes(9).toString('base64url')}`;
type Role = 'coordinator' | 'counselor' | 'frontdesk';
/** Every case list route, as each role that lists. */
export const LIST_ROUTES: { route: string; path: string; role: Role; session: 'api' | 'page' }[] = [
  { route: 'GET /api/cases', path: '/api/cases', role: 'coordinator', session: 'api' },
  { route: 'GET /api/cases?stage=initial_counseling', path: '/api/cases?stage=initial_counseling', role: 'coordinator', session: 'api' },
  { route: 'GET /cases (HTML)', path: '/cases', role: 'coordinator', session: 'page' },
  { route: 'GET /api/cases?mine=true', path: '/api/cases?mine=true', role: 'counselor', session: 'api' },
  { route: 'GET /cases/mine (HTML)', path: '/cases/mine', role: 'counselor', session: 'page' },
  { route: 'GET /api/cases', path: '/api/cases', role: 'frontdesk', session: 'api' },
  { route: 'GET /api/cases?mine=true', path: '/api/cases?mine=true', role: 'frontdesk', session: 'api' },
  { route: 'GET /cases (HTML)', path: '/cases', role: 'frontdesk', session: 'page' },
  { route: 'GET /cases/mine (HTML)', path: '/cases/mine', role: 'frontdesk', session: 'page' },
]; // prettier-ignore
const ROLES: Role[] = ['coordinator', 'counselor', 'frontdesk'];
/** The chronology download (its purpose is required and audited). */
const PDF = 'chronology.pdf?purpose=internal_review';

const median = (xs: number[]) => {
  const sorted = [...xs].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Rounds of one side: mean rate and latency, median p50, worst p99, summed counts. */
export function combine(rs: LoadResult[]): LoadResult {
  const requests = rs.reduce((t, r) => t + r.requests, 0);
  return {
    rps: Math.round(rs.reduce((t, r) => t + r.rps, 0) / rs.length),
    meanMs: requests
      ? Math.round((rs.reduce((t, r) => t + r.meanMs * r.requests, 0) / requests) * 10) / 10
      : 0,
    p50Ms: median(rs.map((r) => r.p50Ms)),
    p99Ms: Math.max(...rs.map((r) => r.p99Ms)),
    requests,
    failures: rs.reduce((t, r) => t + r.failures, 0),
  };
}

const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 100) / 100 : 0);
const clean = (r: LoadResult) => r.failures === 0 && r.requests > 0;

export async function runBench(
  profile: BenchProfile,
  log: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): Promise<BenchResult> {
  const t0 = Date.now();
  const startedAt = new Date().toISOString();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lentera-bench-'));
  const masterKey = randomBytes(32).toString('base64');
  const appEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    ENCRYPTION_KEY: masterKey,
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    LOGIN_RATE_LIMIT: '100000',
    COOKIE_SECURE: 'false',
    TZ: 'UTC',
    BENCH_PASSWORD: PASSWORD,
    BENCH_REAL_CASES: String(profile.smallCases),
  };
  delete appEnv.DATABASE_URL;
  delete appEnv.DATABASE_PATH;
  delete appEnv.BENCH_CHRONOLOGY;
  const servers: Server[] = [];
  const rounds = Math.max(1, profile.rounds);
  const roundS = (total: number) => Math.max(1, Math.round(total / rounds));
  /**
   * Runs the sides in alternating rounds (A B C, C B A, A B C, …) after a warm-up of each, so that
   * a change of the machine's load during the run weighs on every side alike.
   */
  const alternate = async (...sides: LoadOptions[]): Promise<LoadResult[]> => {
    if (profile.warmupS > 0) for (const side of sides) await load({ ...side, durationS: profile.warmupS });
    const results: LoadResult[][] = sides.map(() => []);
    for (let i = 0; i < rounds; i++) {
      const order = sides.map((_, k) => (i % 2 === 0 ? k : sides.length - 1 - k));
      for (const k of order) results[k].push(await load(sides[k]));
    }
    return results.map(combine);
  };
  try {
    if (profile.runner === 'dist' && profile.build) {
      log('building dist/ (npm run build)…');
      execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
    }
    interface Seeded { created: number; total: number; ms: number; chronology?: { entries: number; caseId: string }[] } // prettier-ignore
    const seed = async (dir: string, target: number, extra: NodeJS.ProcessEnv = {}) => {
      const out = await runNode([...TS_NODE, 'bench/seed-cases.ts', String(target), '--users'], { ...appEnv, ...extra, DATA_DIR: dir });
      return JSON.parse(out.trim().split('\n').pop()!) as Seeded;
    }; // prettier-ignore
    const smallDir = path.join(dataDir, 'small');
    const largeDir = path.join(dataDir, 'large');
    log(`seeding two databases: ${profile.smallCases} and ${profile.largeCases} cases…`);
    const [small, large] = await Promise.all([
      seed(smallDir, profile.smallCases, { BENCH_CHRONOLOGY: profile.chronology.join(',') }),
      seed(largeDir, profile.largeCases),
    ]);
    // The baseline works on a copy of the small database, taken before the application opens it.
    const baselineDb = path.join(dataDir, 'baseline.sqlite');
    fs.copyFileSync(path.join(smallDir, 'lentera.sqlite'), baselineDb);

    const appArgs = profile.runner === 'dist' ? ['dist/src/main.js'] : [...TS_NODE, 'src/main.ts'];
    const startApp = async (dir: string) => {
      const port = await freePort();
      const app = await startServer(
        appArgs,
        { ...appEnv, DATA_DIR: dir, PORT: String(port) },
        port,
        '/health',
      );
      servers.push(app);
      const sessions = {} as Record<Role, { token: string; cookie: string }>;
      try {
        for (const role of ROLES)
          sessions[role] = {
            token: await apiLogin(app.base, role, PASSWORD),
            cookie: await pageLogin(app.base, role, PASSWORD),
          };
      } catch (err) {
        throw new Error(`${(err as Error).message}; the application said: ${app.stderr().slice(-1500)}`);
      }
      return { app, sessions };
    };
    type App = Awaited<ReturnType<typeof startApp>>;
    const [appSmall, appLarge] = [await startApp(smallDir), await startApp(largeDir)];
    log(
      `two application instances up (${profile.runner}) in ${appSmall.app.startMs} and ${appLarge.app.startMs} ms`,
    );
    const headersOf = (target: App, role: Role, session: 'api' | 'page'): Record<string, string> =>
      session === 'api'
        ? { authorization: `Bearer ${target.sessions[role].token}` }
        : { cookie: target.sessions[role].cookie };
    const getRun = async (
      target: App,
      p: string,
      role: Role,
      session: 'api' | 'page',
      durationS: number,
      connections = profile.connections,
    ): Promise<LoadOptions> => {
      const headers = headersOf(target, role, session);
      const check = await fetch(`${target.app.base}${p}`, { headers });
      if (check.status !== 200) throw new Error(`GET ${p} as ${role} answered ${check.status} before the run`);
      await check.arrayBuffer();
      return { url: `${target.app.base}${p}`, headers, connections, durationS: roundS(durationS), expectStatus: 200 };
    }; // prettier-ignore

    // 1. Lists at scale.
    const lists: RouteResult[] = [];
    for (const r of LIST_ROUTES) {
      log(`lists: ${r.route} as ${r.role} at ${small.total} and ${large.total} cases…`);
      const [s, l] = await alternate(
        await getRun(appSmall, r.path, r.role, r.session, profile.listDurationS),
        await getRun(appLarge, r.path, r.role, r.session, profile.listDurationS),
      );
      const rr = ratio(l.rps, s.rps);
      lists.push({ route: r.route, role: r.role, small: s, large: l, ratio: rr, pass: rr >= profile.bars.list && clean(s) && clean(l) }); // prettier-ignore
    }

    // 2. The case page, on the large instance.
    const firstPage = await fetch(`${appLarge.app.base}/api/cases`, { headers: headersOf(appLarge, 'coordinator', 'api') }); // prettier-ignore
    const caseId = ((await firstPage.json()) as { items: { id: string }[] }).items[0].id;
    const casePages: BenchResult['casePages'] = [];
    for (const [route, p, session] of [
      ['GET /cases/{id} (HTML)', `/cases/${caseId}`, 'page'],
      ['GET /api/cases/{id}', `/api/cases/${caseId}`, 'api'],
    ] as const) {
      log(`case page: ${route} as coordinator at ${large.total} cases…`);
      const [result] = await alternate(
        await getRun(appLarge, p, 'coordinator', session, profile.listDurationS),
      );
      casePages.push({ route, role: 'coordinator', result });
    }
    const largeMb = rssMb(appLarge.app.child.pid);
    await appLarge.app.stop();

    // 3 and 4: the baselines, on the copy of the small database.
    const basePort = await freePort();
    const baseTokens = Object.fromEntries(ROLES.map((r) => [r, randomBytes(24).toString('base64url')]));
    const baseline = await startServer(
      [...TS_NODE, 'bench/baseline-server.ts'],
      {
        ...process.env,
        PORT: String(basePort),
        BENCH_DB: baselineDb,
        ENCRYPTION_KEY: masterKey,
        BASELINE_SESSIONS: ROLES.map((r) => `${r}:${baseTokens[r]}`).join(','),
      },
      basePort,
      '/health',
    );
    servers.push(baseline);
    log('read: same-work baseline (first page of 25) and GET /api/cases as coordinator, alternating…');
    const [baseRead, appRead] = await alternate(
      {
        url: `${baseline.base}/cases`,
        headers: { authorization: `Bearer ${baseTokens.coordinator}` },
        connections: profile.connections,
        durationS: roundS(profile.listDurationS),
        expectStatus: 200,
      },
      await getRun(appSmall, '/api/cases', 'coordinator', 'api', profile.listDurationS),
    );
    const readRatio = ratio(appRead.rps, baseRead.rps);
    const read: Comparison = {
      baseline: baseRead,
      app: appRead,
      ratio: readRatio,
      bar: profile.bars.sameWork,
      pass: readRatio >= profile.bars.sameWork && clean(baseRead) && clean(appRead),
    };

    const intakeRun = (url: string, headers: Record<string, string>): LoadOptions => ({
      url,
      method: 'POST',
      headers,
      body: () => intakePayload(),
      connections: profile.connections,
      durationS: roundS(profile.intakeDurationS),
      expectStatus: 201,
    });
    log('intake: same-work baseline, one-INSERT baseline and POST /api/cases, alternating…');
    const [baseIntake, oneInsert, appIntake] = await alternate(
      intakeRun(`${baseline.base}/cases`, { authorization: `Bearer ${baseTokens.frontdesk}` }),
      intakeRun(`${baseline.base}/insert`, {}),
      intakeRun(`${appSmall.app.base}/api/cases`, headersOf(appSmall, 'frontdesk', 'api')),
    );
    await baseline.stop();
    const intakeRatio = ratio(appIntake.rps, baseIntake.rps);
    const intake: BenchResult['intake'] = {
      baseline: baseIntake,
      app: appIntake,
      ratio: intakeRatio,
      bar: profile.bars.sameWork,
      pass: intakeRatio >= profile.bars.sameWork && clean(baseIntake) && clean(appIntake) && clean(oneInsert),
      oneInsert,
      oneInsertRatio: ratio(appIntake.rps, oneInsert.rps),
    };

    // 5. Chronology: one connection, the short against the long one.
    const [shortCase, longCase] = small.chronology!;
    const chronologyOf = async (suffix: string): Promise<ChronologyResult> => {
      const [s, l] = await alternate(
        await getRun(appSmall, `/api/cases/${shortCase.caseId}/${suffix}`, 'coordinator', 'api', profile.chronologyDurationS, 1),
        await getRun(appSmall, `/api/cases/${longCase.caseId}/${suffix}`, 'coordinator', 'api', profile.chronologyDurationS, 1),
      ); // prettier-ignore
      const rr = s.meanMs > 0 ? Math.round((l.meanMs / s.meanMs) * 10) / 10 : 0;
      return { short: s, long: l, ratio: rr, pass: rr <= profile.bars.chronology && clean(s) && clean(l) };
    };
    log(`chronology: ${shortCase.entries} against ${longCase.entries} entries, JSON then PDF…`);
    const chronology = {
      json: await chronologyOf('chronology'),
      pdf: await chronologyOf(PDF),
      entries: [shortCase.entries, longCase.entries] as [number, number],
      bar: profile.bars.chronology,
    };

    // 6. Memory after the run, then after more PDFs of the long chronology.
    const smallMb = rssMb(appSmall.app.child.pid);
    log(`memory: ${profile.extraPdfs} PDFs of ${longCase.entries} entries…`);
    const pdfHeaders = headersOf(appSmall, 'coordinator', 'api');
    for (let i = 0; i < profile.extraPdfs; i++) {
      const res = await fetch(`${appSmall.app.base}/api/cases/${longCase.caseId}/${PDF}`, { headers: pdfHeaders }); // prettier-ignore
      if (res.status !== 200) throw new Error(`the chronology PDF answered ${res.status}`);
      await res.arrayBuffer();
    }
    const afterPdfsMb = rssMb(appSmall.app.child.pid);
    await appSmall.app.stop();
    const readings = [largeMb, smallMb, afterPdfsMb].filter((x): x is number => x !== null);
    const memory = {
      largeMb,
      smallMb,
      afterPdfsMb,
      bar: profile.bars.rssMb,
      pass: readings.length === 3 && readings.every((mb) => mb <= profile.bars.rssMb),
    };

    // 7. p99 of every route run at the profile's connections.
    const atLoad: [string, LoadResult][] = [
      ...lists.flatMap((l): [string, LoadResult][] => [
        [`${l.route} as ${l.role} (${small.total})`, l.small],
        [`${l.route} as ${l.role} (${large.total})`, l.large],
      ]),
      ...casePages.map((c): [string, LoadResult] => [`${c.route} as ${c.role}`, c.result]),
      ['GET /api/cases as coordinator (read)', appRead],
      ['POST /api/cases as frontdesk', appIntake],
    ];
    const [worstRoute, worst] = atLoad.reduce((w, x) => (x[1].p99Ms > w[1].p99Ms ? x : w));
    const latency = { route: worstRoute, p99Ms: worst.p99Ms, bar: profile.bars.p99Ms, pass: worst.p99Ms < profile.bars.p99Ms }; // prettier-ignore

    return {
      profile,
      startedAt,
      durationS: Math.round((Date.now() - t0) / 1000),
      machine: { cpus: os.cpus().length, node: process.version, loadAvg: os.loadavg().map((l) => +l.toFixed(2)) },
      seeding: { smallMs: small.ms, largeMs: large.ms, largeTotal: large.total },
      intake,
      read,
      lists,
      casePages,
      chronology,
      memory,
      latency,
      pass:
        intake.pass && read.pass && lists.every((l) => l.pass) && chronology.json.pass && chronology.pdf.pass &&
        memory.pass && latency.pass && casePages.every((c) => clean(c.result)),
    }; // prettier-ignore
  } finally {
    for (const s of servers) await s.stop().catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const fmt = (r: LoadResult) =>
  `${String(r.rps).padStart(7)} req/s  p50 ${String(r.p50Ms).padStart(4)} ms  p99 ${String(r.p99Ms).padStart(5)} ms` +
  (r.failures ? `  (${r.failures} failed)` : '');
const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');

export function formatTable(r: BenchResult): string {
  const p = r.profile;
  const lines = [
    `Lentera bench (${p.name}): ${r.machine.cpus} CPUs, Node ${r.machine.node}, load ${r.machine.loadAvg.join(' ')}, ` +
      `${p.connections} connections, ${p.rounds} alternating rounds: intake ${p.intakeDurationS} s, ` +
      `lists ${p.listDurationS} s per side; ${r.durationS} s in all`,
    '',
    'Intake (POST)',
    `  same-work baseline (Fastify + sqlite3)   ${fmt(r.intake.baseline)}`,
    `  one-INSERT baseline                      ${fmt(r.intake.oneInsert)}`,
    `  app POST /api/cases                      ${fmt(r.intake.app)}`,
    `  ratio app/same-work ${r.intake.ratio.toFixed(2)}  (bar >= ${r.intake.bar})  ${verdict(r.intake.pass)}; app/one-INSERT ${r.intake.oneInsertRatio.toFixed(2)} (reported)`,
    '',
    'Read: first page of 25 cases',
    `  same-work baseline                       ${fmt(r.read.baseline)}`,
    `  app GET /api/cases as coordinator        ${fmt(r.read.app)}`,
    `  ratio app/same-work ${r.read.ratio.toFixed(2)}  (bar >= ${r.read.bar})  ${verdict(r.read.pass)}`,
    '',
    `Lists: ${p.smallCases} → ${r.seeding.largeTotal} cases (bar: large/small >= ${p.bars.list})`,
  ]; // prettier-ignore
  for (const l of r.lists) {
    lines.push(`  ${l.route} as ${l.role}`);
    lines.push(`    at ${String(p.smallCases).padStart(6)}   ${fmt(l.small)}`);
    lines.push(`    at ${String(r.seeding.largeTotal).padStart(6)}   ${fmt(l.large)}`);
    lines.push(`    ratio ${l.ratio.toFixed(2)}  ${verdict(l.pass)}`);
  }
  lines.push('', `Case page at ${r.seeding.largeTotal} cases`);
  for (const c of r.casePages) lines.push(`  ${c.route.padEnd(26)} ${fmt(c.result)}`);
  const [short, long] = r.chronology.entries;
  lines.push('', `Chronology, one connection: ${long} against ${short} entries, mean latency (bar <= ×${r.chronology.bar})`); // prettier-ignore
  for (const [name, c] of [
    ['JSON', r.chronology.json],
    ['PDF', r.chronology.pdf],
  ] as const)
    lines.push(
      `  ${name.padEnd(4)} ${String(c.short.meanMs).padStart(7)} ms → ${String(c.long.meanMs).padStart(7)} ms  ×${c.ratio}  ${verdict(c.pass)}`,
    );
  const mb = (x: number | null) => (x === null ? 'n/a' : `${x} MB`);
  lines.push(
    '',
    `Memory (bar <= ${r.memory.bar} MB): large instance after its run ${mb(r.memory.largeMb)}, small after its run ${mb(r.memory.smallMb)}, ` +
      `after ${p.extraPdfs} more PDFs ${mb(r.memory.afterPdfsMb)}  ${verdict(r.memory.pass)}`,
    `Latency: worst p99 at ${p.connections} connections ${r.latency.p99Ms} ms (${r.latency.route}; bar < ${r.latency.bar} ms)  ${verdict(r.latency.pass)}`,
    '',
    `Overall: ${verdict(r.pass)}`,
  ); // prettier-ignore
  return lines.join('\n');
}

const n = (x: number) => x.toLocaleString('en-US');
const rate = (r: LoadResult) => `${n(r.rps)} req/s (p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms)`;
const yes = (ok: boolean) => (ok ? 'passes' : '**fails**');

/** The README's bench table: each bar, the figure of the run and the baseline of the same run. */
export function readmeTable(r: BenchResult): string {
  const p = r.profile;
  const rows: string[][] = [
    ['intake `POST /api/cases` (front desk)', `app/same-work ≥ ${r.intake.bar}`, `${rate(r.intake.app)}: **${r.intake.ratio.toFixed(2)}**`, `same-work ${rate(r.intake.baseline)}; one-INSERT ${rate(r.intake.oneInsert)} (app/one-INSERT ${r.intake.oneInsertRatio.toFixed(2)})`, yes(r.intake.pass)],
    ['first page `GET /api/cases` (coordinator)', `app/same-work ≥ ${r.read.bar}`, `${rate(r.read.app)}: **${r.read.ratio.toFixed(2)}**`, `same-work ${rate(r.read.baseline)}`, yes(r.read.pass)],
    ...r.lists.map((l) => [
      `\`${l.route.replace(' (HTML)', '')}\`${l.route.endsWith('(HTML)') ? ' page' : ''} (${l.role})`,
      `${n(r.seeding.largeTotal)}/${n(p.smallCases)} ≥ ${p.bars.list}`,
      `${rate(l.large)}: **${l.ratio.toFixed(2)}**`,
      `${n(p.smallCases)} cases: ${rate(l.small)}`,
      yes(l.pass),
    ]),
    ...r.casePages.map((c) => [
      `\`${c.route.replace(' (HTML)', '')}\`${c.route.endsWith('(HTML)') ? ' page' : ''} (${c.role}, ${n(r.seeding.largeTotal)} cases)`,
      `p99 < ${r.latency.bar} ms`,
      rate(c.result),
      '—',
      yes(c.result.p99Ms < r.latency.bar && clean(c.result)),
    ]),
    ...(['json', 'pdf'] as const).map((k) => [
      `chronology ${k === 'json' ? 'JSON' : 'PDF'}, ${n(r.chronology.entries[1])} entries (one connection)`,
      `≤ ×${r.chronology.bar} the ${r.chronology.entries[0]}-entry one`,
      `${r.chronology[k].long.meanMs} ms: **×${r.chronology[k].ratio}**`,
      `${r.chronology.entries[0]} entries: ${r.chronology[k].short.meanMs} ms`,
      yes(r.chronology[k].pass),
    ]),
    ['resident memory after the run and ' + p.extraPdfs + ' PDFs', `≤ ${r.memory.bar} MB`, `**${r.memory.afterPdfsMb ?? 'n/a'} MB**`, `after the run: ${r.memory.smallMb ?? 'n/a'} MB (small instance), ${r.memory.largeMb ?? 'n/a'} MB (large)`, yes(r.memory.pass)],
    [`p99 of every route at ${p.connections} connections`, `< ${r.latency.bar} ms`, `worst **${r.latency.p99Ms} ms** (${r.latency.route})`, '—', yes(r.latency.pass)],
  ]; // prettier-ignore
  const header = ['what', 'bar', 'figure', 'same-run baseline', 'verdict'];
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [
    `Figures of the ${p.name} profile run at ${r.startedAt.slice(0, 16).replace('T', ' ')} UTC (${r.durationS} s; ${r.machine.cpus} CPUs, load average ${r.machine.loadAvg.join(' ')} at the end), overall: ${r.pass ? 'every bar holds' : 'some bars fail'}.`,
    '',
    line(header),
    line(header.map(() => '---')),
    ...rows.map(line),
  ].join('\n'); // prettier-ignore
}

export const BENCH_README: Omit<ReadmeSection, 'render'> = {
  start: '<!-- bench:start (generated by `npm run bench` from its run; do not edit) -->',
  end: '<!-- bench:end -->',
  command: 'npm run bench',
};

/** README with the bench section rewritten from a result. */
export function readmeWithBench(readme: string, r: BenchResult): string {
  return readmeWithSection(readme, { ...BENCH_README, render: () => readmeTable(r) });
}

export function writeResult(r: BenchResult, file = path.join(__dirname, 'results', 'latest.json')): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(r, null, 2) + '\n');
  return file;
}

function writeReadme(r: BenchResult): void {
  const file = path.join(ROOT, 'README.md');
  fs.writeFileSync(file, readmeWithBench(fs.readFileSync(file, 'utf8'), r));
}

async function main(): Promise<number> {
  if (process.argv.includes('--readme')) {
    const r = JSON.parse(
      fs.readFileSync(path.join(__dirname, 'results', 'latest.json'), 'utf8'),
    ) as BenchResult;
    writeReadme(r);
    process.stdout.write('README.md written from bench/results/latest.json\n');
    return 0;
  }
  const profile = profileFromEnv();
  const result = await runBench(profile);
  const file = writeResult(result);
  process.stdout.write(`${formatTable(result)}\n(written to ${path.relative(ROOT, file)})\n`);
  if (process.env.BENCH_README === '1' || (process.env.BENCH_README !== '0' && profile.name === 'full')) {
    writeReadme(result);
    process.stdout.write('README.md: bench section rewritten\n');
  }
  return result.pass || process.env.BENCH_NO_FAIL === '1' ? 0 : 1;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err) => {
      console.error(`bench failed: ${(err as Error).message}`);
      process.exit(2);
    },
  );
}
