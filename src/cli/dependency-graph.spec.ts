import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../platform/common/paths';
import { readmeWithSection, renderSection } from './readme-section';
import {
  allowedEdges,
  boundaryProblems,
  Boundaries,
  BOUNDARIES,
  DEPS_SECTION,
  folderCycles,
  relativeImports,
  srcFolders,
} from './dependency-graph';

const copy = (): Boundaries => JSON.parse(JSON.stringify(BOUNDARIES));

describe('module boundaries (boundaries.js)', () => {
  it('README shows the allowed dependency graph (run `npm run docs:deps` after changing boundaries.js)', () => {
    const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
    expect(readme).toContain(renderSection(DEPS_SECTION));
    expect(readmeWithSection(readme, DEPS_SECTION)).toBe(readme);
  });

  it('classifies every folder of src/, and allows no cycle but the known ones', () => {
    expect(srcFolders().length).toBeGreaterThan(20);
    expect(boundaryProblems(BOUNDARIES, srcFolders())).toEqual([]);
  });

  it('has at most 3 folders in import cycles (23 before issue 15, then 10; the number only goes down)', () => {
    const cycles = folderCycles(allowedEdges(BOUNDARIES));
    expect(cycles.reduce((n, c) => n + c.length, 0)).toBeLessThanOrEqual(3);
  });

  it('refuses a new cycle, an unclassified folder and a known cycle that closes none', () => {
    const cyclic = copy();
    // Two folders neither of which reaches the other yet (the home page reaches institutions through
    // the tasks since issue 19; nothing it imports reaches the reports).
    cyclic.FEATURES.home.imports.push('reports');
    cyclic.FEATURES.reports.imports.push('home');
    expect(boundaryProblems(cyclic, srcFolders())).toEqual([
      'the allowed imports make a cycle between home, reports',
    ]);
    expect(boundaryProblems(BOUNDARIES, [...srcFolders(), 'newthing'])).toEqual([
      'src/newthing/ is not in boundaries.js (platform, feature or app?)',
    ]);
    const stale = copy();
    stale.KNOWN_CYCLES.push({ from: 'home', to: 'institutions', files: [], why: '' });
    expect(boundaryProblems(stale, srcFolders())).toEqual([
      'known cycle home → institutions closes no cycle: list institutions in FEATURES.home.imports',
    ]);
  });

  it('refuses an exception nobody uses any more (the lists only shrink)', () => {
    const entity = BOUNDARIES.ENTITY_IMPORTS[0];
    const cycle = BOUNDARIES.KNOWN_CYCLES[0];
    const without = (file: string) => (f: string) =>
      f === file ? '' : fs.readFileSync(path.join(PROJECT_ROOT, f), 'utf8');
    expect(boundaryProblems(BOUNDARIES, srcFolders(), without(entity.from))).toContain(
      `ENTITY_IMPORTS: ${entity.from} no longer imports ${entity.to}; remove it from the list`,
    );
    const [from, to] = cycle.files[0];
    expect(boundaryProblems(BOUNDARIES, srcFolders(), without(from))).toContain(
      `known cycle ${cycle.from} → ${cycle.to}: ${from} no longer imports ${to}; remove it from the list`,
    );
  });

  it('reads relative imports as repository paths', () => {
    expect(
      relativeImports(
        'src/a/b/c.ts',
        "import { X } from '../../things/thing.entity';\nimport type { Y } from './y';",
      ),
    ).toEqual(['src/things/thing.entity', 'src/a/b/y']);
  });
});
