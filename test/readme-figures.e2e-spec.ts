/**
 * The README's figures for the reliability and security suites are generated (issue 22, item 9):
 * each suite checks its own figures against test/figures.json when it runs (support/figures.ts), and
 * this test checks that README.md shows exactly test/figures.json — every marker a recorded figure,
 * every recorded figure shown, every value as recorded. `npm run docs:figures` refreshes both.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CRASH_FIGURE_SUITES,
  figureDifferences,
  FIGURES_FILE,
  BROWSER_FIGURE_SUITES,
  JEST_FIGURE_SUITES,
  readFigures,
  README_FILE,
  readmeDrift,
  REFRESH_COMMAND,
  renderReadme,
  ROOT,
} from './support/figures';

describe('README figures (generated from the suites)', () => {
  it('the README shows exactly the figures the suites recorded', () => {
    const drift = readmeDrift(fs.readFileSync(README_FILE, 'utf8'), readFigures());
    if (drift.length)
      throw new Error(
        `README.md and test/figures.json disagree:\n  ${drift.join('\n  ')}\nRun \`${REFRESH_COMMAND}\` to refresh them.`,
      );
  });

  it('test/figures.json holds the figures of every recording suite, and each suite records its own', () => {
    const figures = readFigures(FIGURES_FILE);
    expect(Object.keys(figures).sort()).toEqual(
      [
        ...Object.keys(JEST_FIGURE_SUITES),
        ...Object.keys(BROWSER_FIGURE_SUITES),
        ...CRASH_FIGURE_SUITES,
      ].sort(),
    );
    for (const [suite, file] of Object.entries({ ...JEST_FIGURE_SUITES, ...BROWSER_FIGURE_SUITES })) {
      const source = fs.readFileSync(path.join(ROOT, file), 'utf8');
      expect([suite, new RegExp(`checkFigures\\(\\s*'${suite}'`).test(source)]).toEqual([suite, true]);
      expect(Object.keys(figures[suite]).length).toBeGreaterThan(0);
    }
    const crash = fs.readFileSync(path.join(ROOT, 'test/crash/crash-safety.ts'), 'utf8');
    expect(crash).toMatch(/checkFigures\(\s*`crash\.\$\{dialect\}`/);
  });

  it('the drift check can fail: a changed figure, an unknown marker and an unshown figure are reported', () => {
    const figures = { s: { a: 1234, b: 2 } };
    const readme = 'x <!--fig:s.a-->1,234<!--/fig--> y <!--fig:s.b-->2<!--/fig-->';
    expect(readmeDrift(readme, figures)).toEqual([]);
    expect(readmeDrift(readme, { s: { a: 1235, b: 2 } })).toEqual([
      'README shows s.a = 1,234, the suite recorded 1,235',
    ]);
    expect(readmeDrift(`${readme} <!--fig:s.c-->3<!--/fig-->`, figures)).toEqual([
      'README shows s.c, which no suite records',
    ]);
    expect(readmeDrift('x <!--fig:s.a-->1,234<!--/fig-->', figures)).toEqual([
      's.b is recorded but the README does not show it',
    ]);
    expect(renderReadme(readme, { s: { a: 99, b: 10000 } })).toBe(
      'x <!--fig:s.a-->99<!--/fig--> y <!--fig:s.b-->10,000<!--/fig-->',
    );
    expect(figureDifferences('s', { a: 1, c: 3 }, { a: 2, b: 2 })).toEqual([
      's.a: the README says 2, the suite measured 1',
      's.c: the README says (nothing), the suite measured 3',
      's.b: recorded, but the suite no longer measures it',
    ]);
  });
});
