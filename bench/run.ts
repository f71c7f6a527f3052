/**
 * `npm run bench`: throughput and latency of Lentera against a baseline measured in the same run,
 * reported as ratios (the machine is shared and noisy; absolute figures are not claims).
 *
 *  1. Lists at scale: two instances of the application — started as production runs it (`npm run
 *     build`, `node dist/src/main.js`, NODE_ENV=production), each on its own temporary DATA_DIR with
 *     sqlite, seeded by bench/seed-cases.ts with the small and the large number of cases — answer
 *     GET /api/cases (first page), GET /api/cases?stage=initial_counseling and the HTML page /cases
 *     (a page session from the /login form). Bar: large/small >= BENCH_LIST_BAR (default 0.7).
 *  2. Intake: a bare Fastify + sqlite3 server doing one INSERT per POST (bench/baseline-server.ts)
 *     against the application taking POST /api/cases with a valid intake, a different victim per
 *     request. Bar: app/baseline >= 0.5.
 * Each comparison runs its two sides in alternating rounds (A B, B A, …) after a warm-up of each,
 * same connections and duration, so a change of the machine's load weighs on both sides alike.
 *
 *   npm run bench                  full: 1k vs 100k cases, 20 connections, 4 rounds: 20 s intake,
 *                                  12 s per list route and side
 *   BENCH_QUICK=1 npm run bench    quick: 1k vs 5k, 2 rounds: 4 s / 4 s
 *   BENCH_NO_FAIL=1                report FAIL but exit 0
 *   BENCH_NO_BUILD=1               use the existing dist/ (skip `npm run build`)
 *
 * Writes bench/results/latest.json. Prints rates, latencies and ratios only (no personal data).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { intakePayload } from '../test/support/case-fixtures';
import {
  apiLogin,
  freePort,
  load,
  LoadOptions,
  LoadResult,
  pageLogin,
  ROOT,
  runNode,
  Server,
  startServer,
  TS_NODE,
} from './lib';

export const INTAKE_BAR = 0.5;

export interface BenchProfile {
  name: string;
  smallCases: number;
  largeCases: number;
  connections: number;
  /** Seconds of load per side (split into `rounds` alternating rounds). */
  intakeDurationS: number;
  listDurationS: number;
  /** Alternating rounds per comparison (A B, B A, …): load drift weighs on both sides alike. */
  rounds: number;
  /** Unmeasured load before each measured run (JIT, caches). */
  warmupS: number;
  /** 'dist': `node dist/src/main.js` as `npm start` runs it; 'ts-node': src/main.ts, transpile-only. */
  runner: 'dist' | 'ts-node';
  build: boolean;
  listBar: number;
}

export function profileFromEnv(env: NodeJS.ProcessEnv = process.env): BenchProfile {
  const quick = env.BENCH_QUICK === '1';
  return {
    name: quick ? 'quick' : 'full',
    smallCases: 1000,
    largeCases: quick ? 5000 : 100_000,
    connections: 20,
    intakeDurationS: quick ? 4 : 20,
    listDurationS: quick ? 4 : 12,
    rounds: quick ? 2 : 4,
    warmupS: quick ? 1 : 3,
    runner: 'dist',
    build: env.BENCH_NO_BUILD !== '1',
    listBar: Number(env.BENCH_LIST_BAR ?? 0.7),
  };
}

export interface RouteResult {
  route: string;
  small: LoadResult;
  large: LoadResult;
  /** large rps / small rps */
  ratio: number;
  pass: boolean;
}

export interface BenchResult {
  profile: BenchProfile;
  startedAt: string;
  machine: { cpus: number; node: string; loadAvg: number[] };
  intake: { baseline: LoadResult; app: LoadResult; ratio: number; bar: number; pass: boolean };
  seeding: { smallMs: number; largeMs: number; largeTotal: number };
  lists: RouteResult[];
  pass: boolean;
}

const PASSWORD = `bench-${randomBytes(9).toString('base64url')}`;
const LIST_ROUTES = [
  { route: 'GET /api/cases', path: '/api/cases', session: 'api' },
  { route: 'GET /api/cases?stage=initial_counseling', path: '/api/cases?stage=initial_counseling', session: 'api' },
  { route: 'GET /cases (HTML)', path: '/cases', session: 'page' },
] as const; // prettier-ignore

const median = (xs: number[]) => {
  const sorted = [...xs].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Rounds of one side: mean rate, median p50, worst p99, summed counts. */
export function combine(rs: LoadResult[]): LoadResult {
  return {
    rps: Math.round(rs.reduce((t, r) => t + r.rps, 0) / rs.length),
    p50Ms: median(rs.map((r) => r.p50Ms)),
    p99Ms: Math.max(...rs.map((r) => r.p99Ms)),
    requests: rs.reduce((t, r) => t + r.requests, 0),
    failures: rs.reduce((t, r) => t + r.failures, 0),
  };
}

const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 100) / 100 : 0);

export async function runBench(
  profile: BenchProfile,
  log: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): Promise<BenchResult> {
  const startedAt = new Date().toISOString();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lentera-bench-'));
  const appEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    ENCRYPTION_KEY: randomBytes(32).toString('base64'),
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
  const servers: Server[] = [];
  const rounds = Math.max(1, profile.rounds);
  const roundS = (total: number) => Math.max(1, Math.round(total / rounds));
  /**
   * Runs `a` and `b` in alternating rounds (A B, B A, A B, …) after a warm-up of each, so that a
   * change of the machine's load during the run weighs on both sides alike.
   */
  const alternate = async (a: LoadOptions, b: LoadOptions): Promise<[LoadResult, LoadResult]> => {
    if (profile.warmupS > 0) {
      await load({ ...a, durationS: profile.warmupS });
      await load({ ...b, durationS: profile.warmupS });
    }
    const ra: LoadResult[] = [];
    const rb: LoadResult[] = [];
    for (let i = 0; i < rounds; i++) {
      if (i % 2 === 0) {
        ra.push(await load(a));
        rb.push(await load(b));
      } else {
        rb.push(await load(b));
        ra.push(await load(a));
      }
    }
    return [combine(ra), combine(rb)];
  };
  try {
    if (profile.runner === 'dist' && profile.build) {
      log('building dist/ (npm run build)…');
      execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
    }
    const seed = async (dir: string, target: number) => {
      const out = await runNode([...TS_NODE, 'bench/seed-cases.ts', String(target), '--users'], { ...appEnv, DATA_DIR: dir });
      return JSON.parse(out.trim().split('\n').pop()!) as { created: number; total: number; ms: number };
    }; // prettier-ignore
    const smallDir = path.join(dataDir, 'small');
    const largeDir = path.join(dataDir, 'large');
    log(`seeding two databases: ${profile.smallCases} and ${profile.largeCases} cases…`);
    const [small, large] = await Promise.all([
      seed(smallDir, profile.smallCases),
      seed(largeDir, profile.largeCases),
    ]);

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
      const token = await apiLogin(app.base, 'coordinator', PASSWORD);
      const cookie = await pageLogin(app.base, 'coordinator', PASSWORD);
      return { app, token, cookie };
    };
    const [appSmall, appLarge] = [await startApp(smallDir), await startApp(largeDir)];
    log(
      `two application instances up (${profile.runner}) in ${appSmall.app.startMs} and ${appLarge.app.startMs} ms`,
    );

    const listRun = async (
      target: Awaited<ReturnType<typeof startApp>>,
      r: (typeof LIST_ROUTES)[number],
    ): Promise<LoadOptions> => {
      const headers: Record<string, string> =
        r.session === 'api' ? { authorization: `Bearer ${target.token}` } : { cookie: target.cookie };
      const check = await fetch(`${target.app.base}${r.path}`, { headers });
      if (check.status !== 200) throw new Error(`${r.route} answered ${check.status} before the run`);
      return {
        url: `${target.app.base}${r.path}`,
        headers,
        connections: profile.connections,
        durationS: roundS(profile.listDurationS),
        expectStatus: 200,
      };
    };
    const listsSmall: Record<string, LoadResult> = {};
    const listsLarge: Record<string, LoadResult> = {};
    for (const r of LIST_ROUTES) {
      log(`lists: ${r.route} at ${small.total} and ${large.total} cases…`);
      [listsSmall[r.route], listsLarge[r.route]] = await alternate(
        await listRun(appSmall, r),
        await listRun(appLarge, r),
      );
    }
    await appLarge.app.stop();

    const basePort = await freePort();
    const baseline = await startServer(
      [...TS_NODE, 'bench/baseline-server.ts'],
      { ...process.env, PORT: String(basePort), BENCH_DB: path.join(dataDir, 'baseline.sqlite') },
      basePort,
      '/health',
    );
    servers.push(baseline);
    const frontdeskToken = await apiLogin(appSmall.app.base, 'frontdesk', PASSWORD);
    const intakeRun = (url: string, headers: Record<string, string>): LoadOptions => ({
      url,
      method: 'POST',
      headers,
      body: () => intakePayload(),
      connections: profile.connections,
      durationS: roundS(profile.intakeDurationS),
      expectStatus: 201,
    });
    log('intake: baseline (bare Fastify + sqlite3) and the application (POST /api/cases), alternating…');
    const [baselineIntake, appIntake] = await alternate(
      intakeRun(`${baseline.base}/cases`, {}),
      intakeRun(`${appSmall.app.base}/api/cases`, { authorization: `Bearer ${frontdeskToken}` }),
    );
    await baseline.stop();
    await appSmall.app.stop();

    const intakeRatio = ratio(appIntake.rps, baselineIntake.rps);
    const clean = (r: LoadResult) => r.failures === 0 && r.requests > 0;
    const lists: RouteResult[] = LIST_ROUTES.map(({ route }) => {
      const rr = ratio(listsLarge[route].rps, listsSmall[route].rps);
      return {
        route,
        small: listsSmall[route],
        large: listsLarge[route],
        ratio: rr,
        pass: rr >= profile.listBar && clean(listsSmall[route]) && clean(listsLarge[route]),
      };
    });
    const intakePass = intakeRatio >= INTAKE_BAR && clean(baselineIntake) && clean(appIntake);
    return {
      profile,
      startedAt,
      machine: { cpus: os.cpus().length, node: process.version, loadAvg: os.loadavg().map((l) => +l.toFixed(2)) },
      intake: { baseline: baselineIntake, app: appIntake, ratio: intakeRatio, bar: INTAKE_BAR, pass: intakePass },
      seeding: { smallMs: small.ms, largeMs: large.ms, largeTotal: large.total },
      lists,
      pass: intakePass && lists.every((l) => l.pass),
    }; // prettier-ignore
  } finally {
    for (const s of servers) await s.stop().catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const fmt = (r: LoadResult) =>
  `${String(r.rps).padStart(7)} req/s  p50 ${String(r.p50Ms).padStart(4)} ms  p99 ${String(r.p99Ms).padStart(5)} ms` +
  (r.failures ? `  (${r.failures} failed)` : '');

export function formatTable(r: BenchResult): string {
  const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
  const lines = [
    `Lentera bench (${r.profile.name}): ${r.machine.cpus} CPUs, Node ${r.machine.node}, ` +
      `${r.profile.connections} connections, ${r.profile.rounds} alternating rounds: intake ${r.profile.intakeDurationS} s, ` +
      `lists ${r.profile.listDurationS} s per side`,
    '',
    'Intake (POST)',
    `  baseline Fastify + sqlite3   ${fmt(r.intake.baseline)}`,
    `  app POST /api/cases          ${fmt(r.intake.app)}`,
    `  ratio app/baseline ${r.intake.ratio.toFixed(2)}  (bar >= ${r.intake.bar})  ${verdict(r.intake.pass)}`,
    '',
    `Lists: ${r.profile.smallCases} → ${r.seeding.largeTotal} cases (bar: large/small >= ${r.profile.listBar})`,
  ];
  for (const l of r.lists) {
    lines.push(`  ${l.route}`);
    lines.push(`    at ${String(r.profile.smallCases).padStart(6)}   ${fmt(l.small)}`);
    lines.push(`    at ${String(r.seeding.largeTotal).padStart(6)}   ${fmt(l.large)}`);
    lines.push(`    ratio ${l.ratio.toFixed(2)}  ${verdict(l.pass)}`);
  }
  lines.push('', `Overall: ${verdict(r.pass)}`);
  return lines.join('\n');
}

export function writeResult(r: BenchResult, file = path.join(__dirname, 'results', 'latest.json')): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(r, null, 2) + '\n');
  return file;
}

async function main(): Promise<number> {
  const result = await runBench(profileFromEnv());
  const file = writeResult(result);
  process.stdout.write(`${formatTable(result)}\n(written to ${path.relative(ROOT, file)})\n`);
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
