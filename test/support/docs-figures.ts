/**
 * `npm run docs:figures` — refreshes the README's figures for the reliability and security suites
 * from the suites themselves (issue 22, item 9), in one command:
 *
 *   1. runs the jest suites that record figures (JEST_FIGURE_SUITES, short profiles, on sqlite) with
 *      FIGURES_OUT=<temp dir>, so each writes its figures instead of checking them, then the browser
 *      suites that record figures (BROWSER_FIGURE_SUITES: the accessibility crawl, in Chromium);
 *   2. with `--pg`, also the crash suite's short profile on its own PostgreSQL server (needs root and
 *      PostgreSQL, as .ci/run has) and on sqlite, for the figures only those runs give; with
 *      `--crash-only`, only these (after a migration changed the schema's tables or indexes, which the
 *      schema drift test compares with the crash figures);
 *   3. merges them into test/figures.json (a suite's new figures replace its old ones; the suites not
 *      run keep theirs) and writes them into README.md between the `<!--fig:…-->` markers.
 *
 * Nothing is written when a suite fails or records nothing. Prints the figures that changed.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  AllFigures,
  BROWSER_FIGURE_SUITES,
  CRASH_FIGURE_SUITES,
  FIGURES_FILE,
  JEST_FIGURE_SUITES,
  readFigures,
  README_FILE,
  readmeDrift,
  renderReadme,
  ROOT,
} from './figures';

function run(command: string, args: string[], env: NodeJS.ProcessEnv): number {
  const res = spawnSync(command, args, { cwd: ROOT, env, stdio: 'inherit' });
  return res.status ?? 1;
}

/** Runs the jest and browser suites that record figures: the suites measured, or null when one failed. */
function collect(env: NodeJS.ProcessEnv): string[] | null {
  const suites = Object.values(JEST_FIGURE_SUITES);
  console.log(`docs:figures: running ${suites.length} suites on sqlite to collect their figures`);
  const jest = path.join(ROOT, 'node_modules', '.bin', 'jest');
  if (run(jest, ['--config', 'jest.config.js', '--ci', '--runTestsByPath', ...suites], env) !== 0) {
    console.error('docs:figures: a suite failed; nothing written (fix it first)');
    return null;
  }
  const browserSuites = Object.values(BROWSER_FIGURE_SUITES);
  console.log(`docs:figures: running ${browserSuites.length} browser suites in Chromium`);
  if (
    run(jest, ['--config', 'jest.browser.config.js', '--ci', '--runTestsByPath', ...browserSuites], env) !== 0
  ) {
    console.error('docs:figures: a browser suite failed; nothing written (fix it first)');
    return null;
  }
  return [...Object.keys(JEST_FIGURE_SUITES), ...Object.keys(BROWSER_FIGURE_SUITES)];
}

function main(): number {
  const crashOnly = process.argv.includes('--crash-only');
  const withPg = crashOnly || process.argv.includes('--pg');
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'lentera-figures-'));
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, FIGURES_OUT: out };
    delete env.TEST_DATABASE_URL;
    delete env.DATABASE_URL;
    const expected = crashOnly ? [] : collect(env);
    if (expected === null) return 1;
    if (withPg) {
      const crash = ['-r', 'ts-node/register/transpile-only', 'test/crash/crash-safety.ts'];
      if (run('npm', ['run', '--silent', 'build'], env) !== 0) return 1;
      for (const db of ['sqlite', 'postgres']) {
        console.log(`docs:figures: the crash suite (1 kill) on ${db}`);
        if (
          run(process.execPath, crash, { ...env, CRASH_DB: db, CRASH_KILLS: '1', CRASH_NO_BUILD: '1' }) !== 0
        ) {
          console.error(`docs:figures: the crash suite failed on ${db}; nothing written`);
          return 1;
        }
      }
      expected.push(...CRASH_FIGURE_SUITES);
    }
    const measured: AllFigures = {};
    for (const suite of expected) {
      const file = path.join(out, `${suite}.json`);
      if (!fs.existsSync(file)) {
        console.error(`docs:figures: ${suite} recorded no figures; nothing written`);
        return 1;
      }
      measured[suite] = JSON.parse(fs.readFileSync(file, 'utf8'));
    }
    const before = readFigures();
    const merged: AllFigures = { ...before, ...measured };
    const sorted: AllFigures = Object.fromEntries(
      Object.keys(merged)
        .sort()
        .map((k) => [k, merged[k]]),
    );
    fs.writeFileSync(FIGURES_FILE, JSON.stringify(sorted, null, 2) + '\n');
    const readme = renderReadme(fs.readFileSync(README_FILE, 'utf8'), sorted);
    fs.writeFileSync(README_FILE, readme);
    const changed: string[] = [];
    for (const [suite, figs] of Object.entries(measured))
      for (const [key, value] of Object.entries(figs))
        if (before[suite]?.[key] !== value)
          changed.push(`${suite}.${key}: ${before[suite]?.[key] ?? '—'} → ${value}`);
    console.log(
      changed.length
        ? `docs:figures: ${changed.length} figures changed:\n  ${changed.join('\n  ')}`
        : 'docs:figures: no figure changed',
    );
    if (!withPg) console.log('docs:figures: the crash suite figures were kept (refresh them with --pg)');
    const drift = readmeDrift(readme, sorted);
    if (drift.length) {
      console.error(
        `docs:figures: the README still disagrees (add or remove markers):\n  ${drift.join('\n  ')}`,
      );
      return 1;
    }
    return 0;
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

process.exit(main());
