/**
 * Smoke test of the benchmark suite (bench/, `npm run bench`), so it does not rot: every piece runs
 * — the seeder (users, real intakes, copies), the baseline server, the application as a child
 * process (ts-node here, to skip the build), API and page logins, autocannon on each route — with
 * tiny sizes and 2-second runs: the same-work baselines, every list route as each role, the case
 * page, the two chronologies, the memory readings. It checks the shape of the result and the
 * verdict's arithmetic, not the figures (those are only meaningful as same-run ratios of the full
 * profile).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  BENCH_README,
  BenchProfile,
  DEFAULT_BARS,
  formatTable,
  LIST_ROUTES,
  readmeWithBench,
  runBench,
  writeResult,
} from '../bench/run';

// ~90 s on a quiet 2-core machine (start-ups and logins); far more while other suites run beside it
jest.setTimeout(900_000);

describe('npm run bench (smoke, tiny sizes)', () => {
  it('measures every piece against its same-run baseline and reports it (table, JSON, README section)', async () => {
    const profile: BenchProfile = {
      name: 'smoke',
      smallCases: 20,
      largeCases: 60,
      chronology: [2, 6],
      extraPdfs: 2,
      connections: 2,
      // 2 s per run: on a loaded machine a 1-second run may end before its first answer
      intakeDurationS: 2,
      listDurationS: 2,
      chronologyDurationS: 2,
      rounds: 1,
      warmupS: 0,
      runner: 'ts-node',
      build: false,
      // the figures of tiny runs mean nothing: only the list bar is set so that its verdict is known
      bars: { ...DEFAULT_BARS, list: 0 },
    };
    const result = await runBench(profile, () => undefined);

    const run = expect.objectContaining({
      rps: expect.any(Number),
      meanMs: expect.any(Number),
      p50Ms: expect.any(Number),
      p99Ms: expect.any(Number),
      requests: expect.any(Number),
      failures: 0,
    });
    expect(result.intake).toEqual({
      baseline: run,
      oneInsert: run,
      app: run,
      ratio: expect.any(Number),
      oneInsertRatio: expect.any(Number),
      bar: 0.5,
      pass: expect.any(Boolean),
    });
    expect(result.read).toEqual({ baseline: run, app: run, ratio: expect.any(Number), bar: 0.5, pass: expect.any(Boolean) }); // prettier-ignore
    for (const r of [result.intake.baseline, result.intake.oneInsert, result.intake.app, result.read.baseline, result.read.app])
      expect(r.requests).toBeGreaterThan(0); // prettier-ignore
    expect(result.seeding.largeTotal).toBeGreaterThanOrEqual(60);
    expect(result.lists.map((l) => `${l.route} as ${l.role}`)).toEqual(
      LIST_ROUTES.map((r) => `${r.route} as ${r.role}`),
    );
    expect(new Set(result.lists.map((l) => l.role))).toEqual(
      new Set(['coordinator', 'counselor', 'frontdesk']),
    );
    for (const l of result.lists) {
      expect(l).toEqual({ route: l.route, role: l.role, small: run, large: run, ratio: expect.any(Number), pass: true }); // prettier-ignore
      expect(l.small.requests).toBeGreaterThan(0);
      expect(l.large.requests).toBeGreaterThan(0);
    }
    expect(result.casePages.map((c) => c.route)).toEqual(['GET /cases/{id} (HTML)', 'GET /api/cases/{id}']);
    for (const c of result.casePages) expect(c.result).toEqual(run);
    expect(result.chronology.entries).toEqual([2, 6]);
    for (const c of [result.chronology.json, result.chronology.pdf])
      expect(c).toEqual({ short: run, long: run, ratio: expect.any(Number), pass: expect.any(Boolean) });
    // Linux: the resident set of both instances is read from /proc
    expect(result.memory).toEqual({
      largeMb: expect.any(Number),
      smallMb: expect.any(Number),
      afterPdfsMb: expect.any(Number),
      bar: 300,
      pass: expect.any(Boolean),
    });
    expect(result.latency).toEqual({ route: expect.any(String), p99Ms: expect.any(Number), bar: 250, pass: expect.any(Boolean) }); // prettier-ignore
    // The verdict is every bar's: a failed bar fails the whole (and `npm run bench` exits 1).
    expect(result.pass).toBe(
      result.intake.pass && result.read.pass && result.lists.every((l) => l.pass) && result.chronology.json.pass &&
        result.chronology.pdf.pass && result.memory.pass && result.latency.pass,
    ); // prettier-ignore

    const table = formatTable(result);
    expect(table).toContain('ratio app/same-work');
    expect(table).toMatch(/Overall: (PASS|FAIL)/);
    const section = readmeWithBench(`intro\n${BENCH_README.start}\nold\n${BENCH_README.end}\nrest\n`, result);
    expect(section).toContain('| what | bar | figure | same-run baseline | verdict |');
    expect(section.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| what') && !l.startsWith('| ---')).length).toBe(
      2 + result.lists.length + result.casePages.length + 2 + 2,
    ); // prettier-ignore
    expect(section).toMatch(/^intro\n<!-- bench:start[^\n]*-->\nFigures of the smoke profile/);
    expect(section.endsWith(`${BENCH_README.end}\nrest\n`)).toBe(true);
    for (const text of [table, section])
      expect(text).not.toMatch(/Siti|Rahmawati|Jl\.|337400|Kenanga|Pelaku/); // no personal data
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lentera-bench-smoke-'));
    try {
      const file = writeResult(result, path.join(dir, 'latest.json'));
      expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(JSON.parse(JSON.stringify(result)));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the README has the bench section between its markers', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
    const start = readme.indexOf(BENCH_README.start);
    expect(start).toBeGreaterThan(0);
    expect(readme.indexOf(BENCH_README.end)).toBeGreaterThan(start);
  });
});
