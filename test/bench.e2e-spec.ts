/**
 * Smoke test of the benchmark suite (bench/, `npm run bench`), so it does not rot: every piece runs
 * — the seeder (users, real intakes, copies), the baseline server, the application as a child
 * process (ts-node here, to skip the build), API and page logins, autocannon on each route — with
 * tiny sizes and 1-second runs. It checks the shape of the result, not the figures (those are only
 * meaningful as same-run ratios from the full profile).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BenchProfile, formatTable, runBench, writeResult } from '../bench/run';

jest.setTimeout(150_000);

describe('npm run bench (smoke, tiny sizes)', () => {
  it('measures intake against the baseline and the lists at two sizes, and reports them', async () => {
    const profile: BenchProfile = {
      name: 'smoke',
      smallCases: 20,
      largeCases: 60,
      connections: 2,
      intakeDurationS: 1,
      listDurationS: 1,
      rounds: 1,
      warmupS: 0,
      runner: 'ts-node',
      build: false,
      listBar: 0,
    };
    const result = await runBench(profile, () => undefined);

    const run = expect.objectContaining({
      rps: expect.any(Number),
      p50Ms: expect.any(Number),
      p99Ms: expect.any(Number),
      requests: expect.any(Number),
      failures: 0,
    });
    expect(result.intake).toEqual({
      baseline: run,
      app: run,
      ratio: expect.any(Number),
      bar: 0.5,
      pass: expect.any(Boolean),
    });
    expect(result.intake.baseline.requests).toBeGreaterThan(0);
    expect(result.intake.app.requests).toBeGreaterThan(0);
    expect(result.seeding.largeTotal).toBeGreaterThanOrEqual(60);
    expect(result.lists.map((l) => l.route)).toEqual([
      'GET /api/cases',
      'GET /api/cases?stage=initial_counseling',
      'GET /cases (HTML)',
    ]);
    for (const l of result.lists) {
      expect(l).toEqual({ route: l.route, small: run, large: run, ratio: expect.any(Number), pass: true });
      expect(l.small.requests).toBeGreaterThan(0);
      expect(l.large.requests).toBeGreaterThan(0);
    }

    const table = formatTable(result);
    expect(table).toContain('ratio app/baseline');
    expect(table).toMatch(/Overall: (PASS|FAIL)/);
    expect(table).not.toMatch(/Siti|Rahmawati|Jl\.|337400/); // no personal data (invented or not)
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lentera-bench-smoke-'));
    try {
      const file = writeResult(result, path.join(dir, 'latest.json'));
      expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(JSON.parse(JSON.stringify(result)));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
