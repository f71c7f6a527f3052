import * as fs from 'node:fs';
import * as path from 'node:path';

/*
 * The README's figures for the reliability and security suites (issue 22, item 9) come from the
 * suites themselves. Each suite ends with `checkFigures(suite, { … })`:
 *  - normally it compares its figures with test/figures.json and fails, naming the figures that moved,
 *    when they differ — the README shows test/figures.json, so a suite whose routes, probes,
 *    operations, forms, tables or cells changed fails until the README is refreshed;
 *  - with FIGURES_OUT=<dir> (what `npm run docs:figures` sets) it writes them to <dir>/<suite>.json.
 * `npm run docs:figures` runs the suites, merges their figures into test/figures.json and writes them
 * into the README between inline markers `<!--fig:suite.key-->1,234<!--/fig-->`;
 * test/readme-figures.e2e-spec.ts fails when the README and test/figures.json disagree.
 * Only figures that do not depend on timing are recorded (counts, not seconds).
 */

export const ROOT = path.join(__dirname, '..', '..');
export const FIGURES_FILE = path.join(ROOT, 'test', 'figures.json');
export const README_FILE = path.join(ROOT, 'README.md');
export const REFRESH_COMMAND = 'npm run docs:figures';
/** The same, including the figures only a PostgreSQL run gives (the crash suite's amcheck). */
export const REFRESH_COMMAND_PG = 'npm run docs:figures -- --pg';

export type Figures = Record<string, number>;
export type AllFigures = Record<string, Figures>;

/** The suites whose figures `npm run docs:figures` collects by running them with jest (on sqlite). */
export const JEST_FIGURE_SUITES: Record<string, string> = {
  routes: 'test/routes.e2e-spec.ts',
  'access-matrix': 'test/access-matrix.e2e-spec.ts',
  'access-idor': 'test/access-idor.e2e-spec.ts',
  fuzz: 'test/fuzz.e2e-spec.ts',
  'data-at-rest': 'test/data-at-rest.e2e-spec.ts',
  'backup-restore': 'test/backup-restore.e2e-spec.ts',
  retention: 'test/retention.e2e-spec.ts',
  concurrency: 'test/concurrency.e2e-spec.ts',
  'sessions-headers': 'test/sessions-headers.e2e-spec.ts',
};
/** The browser suites that record figures, run with jest.browser.config.js (Chromium). */
export const BROWSER_FIGURE_SUITES: Record<string, string> = {
  a11y: 'test/a11y.browser-spec.ts',
};
/** Figures of the crash suite (test/crash/crash-safety.ts, not a jest suite), per database. */
export const CRASH_FIGURE_SUITES = ['crash.sqlite', 'crash.postgres'];

export function readFigures(file = FIGURES_FILE): AllFigures {
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as AllFigures) : {};
}

/** The differences between what a suite measured and what is recorded, as readable lines. */
export function figureDifferences(suite: string, measured: Figures, recorded: Figures | undefined): string[] {
  const out: string[] = [];
  if (!recorded) return [`${suite}: no figures recorded in test/figures.json`];
  for (const [key, value] of Object.entries(measured))
    if (recorded[key] !== value)
      out.push(
        `${suite}.${key}: the README says ${recorded[key] ?? '(nothing)'}, the suite measured ${value}`,
      );
  for (const key of Object.keys(recorded))
    if (!(key in measured)) out.push(`${suite}.${key}: recorded, but the suite no longer measures it`);
  return out;
}

/**
 * The end of a suite: writes its figures (FIGURES_OUT) or checks them against test/figures.json.
 * Throws, with the command that refreshes the README, when they drifted.
 */
export function checkFigures(suite: string, measured: Figures, refresh = REFRESH_COMMAND): void {
  for (const [key, value] of Object.entries(measured))
    if (!Number.isFinite(value)) throw new Error(`figure ${suite}.${key} is not a number: ${value}`);
  const out = process.env.FIGURES_OUT;
  if (out) {
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, `${suite}.json`), JSON.stringify(measured, null, 2) + '\n');
    return;
  }
  const problems = figureDifferences(suite, measured, readFigures()[suite]);
  if (problems.length)
    throw new Error(
      `The README's figures of the ${suite} suite are out of date:\n  ${problems.join('\n  ')}\n` +
        `Run \`${refresh}\` to refresh README.md and test/figures.json (and review the change).`,
    );
}

const MARKER = /<!--fig:([a-z0-9.-]+)\.([A-Za-z0-9]+)-->(.*?)<!--\/fig-->/g;

export const formatFigure = (n: number) => n.toLocaleString('en-US');

/** The README with every marker's content replaced by its figure (unknown markers are left as they are). */
export function renderReadme(readme: string, figures: AllFigures): string {
  return readme.replace(MARKER, (whole, suite: string, key: string) => {
    const value = figures[suite]?.[key];
    return value === undefined ? whole : `<!--fig:${suite}.${key}-->${formatFigure(value)}<!--/fig-->`;
  });
}

/** What is wrong between the README's markers and the recorded figures; empty when in step. */
export function readmeDrift(readme: string, figures: AllFigures): string[] {
  const out: string[] = [];
  const shown = new Set<string>();
  for (const m of readme.matchAll(MARKER)) {
    const [, suite, key, text] = m;
    shown.add(`${suite}.${key}`);
    const value = figures[suite]?.[key];
    if (value === undefined) out.push(`README shows ${suite}.${key}, which no suite records`);
    else if (text !== formatFigure(value))
      out.push(`README shows ${suite}.${key} = ${text}, the suite recorded ${formatFigure(value)}`);
  }
  for (const [suite, figs] of Object.entries(figures))
    for (const key of Object.keys(figs))
      if (!shown.has(`${suite}.${key}`))
        out.push(`${suite}.${key} is recorded but the README does not show it`);
  return out;
}
