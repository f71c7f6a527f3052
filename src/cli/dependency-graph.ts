/**
 * `npm run docs:deps`: draws the allowed dependency graph between the folders of src/ (the table in
 * boundaries.js, which `npm run lint:boundaries` enforces with dependency-cruiser) into README.md
 * between the deps markers. `--check` exits 1 when README is out of date or the table is wrong: a
 * folder of src/ it does not classify, an import of an unknown feature, or a cycle between folders
 * other than its known ones (the unit test runs the same checks).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../platform/common/paths';
import { print } from './print';
import { ReadmeSection, runReadmeSection } from './readme-section';

export interface Boundaries {
  PLATFORM: [string, string][];
  FEATURES: Record<string, { what: string; imports: string[] }>;
  APP: [string, string][];
  KNOWN_CYCLES: { from: string; to: string; files: [string, string][]; why: string }[];
  ENTITY_IMPORTS: { from: string; to: string; why: string }[];
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const BOUNDARIES: Boundaries = require(path.join(PROJECT_ROOT, 'boundaries.js'));

/** The folder graph the table allows: platform layers, feature imports, known cycle edges. */
export function allowedEdges(b: Boundaries): Map<string, string[]> {
  const edges = new Map<string, string[]>();
  const platform = b.PLATFORM.map(([name]) => name);
  platform.forEach((name, i) => edges.set(name, platform.slice(0, i)));
  for (const [name, { imports }] of Object.entries(b.FEATURES)) {
    const cycles = b.KNOWN_CYCLES.filter((c) => c.from === name).map((c) => c.to);
    edges.set(name, [...platform, ...imports, ...cycles]);
  }
  return edges;
}

/** The strongly connected components with more than one folder (Tarjan), each sorted. */
export function folderCycles(edges: Map<string, string[]>): string[][] {
  let index = 0;
  const stack: string[] = [];
  const onStack = new Set<string>();
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) out.push(component.sort());
    }
  };
  for (const v of edges.keys()) if (!idx.has(v)) visit(v);
  return out;
}

/** The files (repository paths, without `.ts`) a source file imports by a relative path. */
export function relativeImports(file: string, text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?:from|import|require\()\s*'(\.{1,2}\/[^']+)'/g))
    out.push(path.posix.normalize(path.posix.join(path.posix.dirname(file), m[1])).replace(/\.ts$/, ''));
  return out;
}

const readSource = (file: string): string | null => {
  const full = path.join(PROJECT_ROOT, file);
  return fs.existsSync(full) ? fs.readFileSync(full, 'utf8') : null;
};

/**
 * What is wrong with the table (empty when nothing). Besides the graph: every exception it lists
 * (a known cycle's files, an allowed entity import) must still be used, so the lists only shrink.
 */
export function boundaryProblems(
  b: Boundaries,
  srcFolders: string[],
  read: (file: string) => string | null = readSource,
): string[] {
  const problems: string[] = [];
  const platform = b.PLATFORM.map(([name]) => name);
  const features = Object.keys(b.FEATURES);
  const app = b.APP.map(([name]) => name);
  const classified = [...platform, ...features, ...app];
  for (const folder of srcFolders)
    if (!classified.includes(folder))
      problems.push(`src/${folder}/ is not in boundaries.js (platform, feature or app?)`);
  for (const name of classified)
    if (name !== '(root)' && !srcFolders.includes(name))
      problems.push(`boundaries.js names ${name}, which src/ does not have`);
  const twice = classified.filter((name, i) => classified.indexOf(name) !== i);
  for (const name of twice) problems.push(`boundaries.js classifies ${name} twice`);
  for (const [name, { imports }] of Object.entries(b.FEATURES))
    for (const other of imports)
      if (!features.includes(other) || other === name)
        problems.push(`${name} imports ${other}, which is not another feature`);
  for (const c of b.KNOWN_CYCLES)
    if (!features.includes(c.from) || !features.includes(c.to))
      problems.push(`known cycle ${c.from} → ${c.to}: not features`);
  const withoutKnown = allowedEdges({ ...b, KNOWN_CYCLES: [] });
  for (const cycle of folderCycles(withoutKnown))
    problems.push(`the allowed imports make a cycle between ${cycle.join(', ')}`);
  // A known cycle edge that closes no cycle is an ordinary import: it belongs in FEATURES.
  const all = allowedEdges(b);
  const inCycles = folderCycles(all);
  for (const c of b.KNOWN_CYCLES)
    if (!inCycles.some((cycle) => cycle.includes(c.from) && cycle.includes(c.to)))
      problems.push(
        `known cycle ${c.from} → ${c.to} closes no cycle: list ${c.to} in FEATURES.${c.from}.imports`,
      );
  const importsOf = (file: string): string[] | null => {
    const text = read(file);
    return text === null ? null : relativeImports(file, text);
  };
  for (const c of b.KNOWN_CYCLES)
    for (const [from, to] of c.files)
      if (!importsOf(from)?.some((i) => new RegExp(`^${to}$`).test(`${i}.ts`)))
        problems.push(
          `known cycle ${c.from} → ${c.to}: ${from} no longer imports ${to}; remove it from the list`,
        );
  for (const e of b.ENTITY_IMPORTS)
    if (!importsOf(e.from)?.includes(e.to.replace(/\.ts$/, '')))
      problems.push(`ENTITY_IMPORTS: ${e.from} no longer imports ${e.to}; remove it from the list`);
  return problems;
}

/** Folders that only group others (no code of their own): their subfolders are the units. */
export const GROUP_FOLDERS = ['platform', 'steps'];

/** The folders of src/ the table classifies: `name`, or `group/name` inside a group folder. */
export function srcFolders(): string[] {
  const dirs = (rel: string): string[] =>
    fs
      .readdirSync(path.join(PROJECT_ROOT, 'src', rel), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
  return dirs('')
    .flatMap((name) => (GROUP_FOLDERS.includes(name) ? dirs(name).map((sub) => `${name}/${sub}`) : [name]))
    .sort();
}

const id = (folder: string): string => (folder === '(root)' ? 'root' : folder.replace(/[-/]/g, '_'));
const label = (folder: string): string => (folder === '(root)' ? 'src/*.ts' : `${folder}/`);

/** The Mermaid graph and the table of folders. */
export function dependencyGraphMarkdown(b: Boundaries): string {
  const platform = b.PLATFORM.map(([name]) => name);
  const lines = ['```mermaid', 'flowchart TB'];
  lines.push('  subgraph app["application: wires everything, imported by nothing"]');
  for (const [name] of b.APP) lines.push(`    ${id(name)}["${label(name)}"]`);
  lines.push('  end');
  lines.push('  subgraph features["features: each imports the platform and the features it points to"]');
  for (const name of Object.keys(b.FEATURES)) lines.push(`    ${id(name)}["${label(name)}"]`);
  for (const [name, { imports }] of Object.entries(b.FEATURES))
    for (const other of imports) lines.push(`    ${id(name)} --> ${id(other)}`);
  for (const c of b.KNOWN_CYCLES) lines.push(`    ${id(c.from)} -. known cycle .-> ${id(c.to)}`);
  lines.push('  end');
  lines.push('  subgraph platform["platform: imports no feature; each layer only those below it"]');
  for (const name of [...platform].reverse()) lines.push(`    ${id(name)}["${label(name)}"]`);
  for (let i = platform.length - 1; i > 0; i--)
    lines.push(`    ${id(platform[i])} --> ${id(platform[i - 1])}`);
  lines.push('  end');
  lines.push('  app --> features');
  lines.push('  features --> platform');
  lines.push('```');
  lines.push('');
  lines.push('| layer | folder | holds | may import (besides the layers below) |');
  lines.push('| --- | --- | --- | --- |');
  for (const [name, what] of b.APP) lines.push(`| application | \`${label(name)}\` | ${what} | everything |`);
  for (const [name, { what, imports }] of Object.entries(b.FEATURES)) {
    const cycles = b.KNOWN_CYCLES.filter((c) => c.from === name).map((c) => `${c.to} (known cycle)`);
    const may = [...imports, ...cycles].join(', ') || '—';
    lines.push(`| feature | \`${label(name)}\` | ${what} | ${may} |`);
  }
  [...b.PLATFORM].reverse().forEach(([name, what]) => {
    const below = platform.slice(0, platform.indexOf(name));
    lines.push(`| platform | \`${label(name)}\` | ${what} | ${below.join(', ') || '—'} |`);
  });
  const cycles = folderCycles(allowedEdges(b));
  const count = cycles.reduce((n, c) => n + c.length, 0);
  lines.push('');
  lines.push(
    `Folders in an import cycle: ${count} (${cycles.map((c) => c.join(', ')).join('; ') || 'none'}), through the known ` +
      `cycles only (dotted). ${b.ENTITY_IMPORTS.length} imports of another folder's entities are allowed, each with its ` +
      'reason (relation types and row types); no feature reads or writes another’s table itself.',
  );
  return lines.join('\n');
}

export const DEPS_SECTION: ReadmeSection = {
  start: '<!-- deps:start (generated by `npm run docs:deps` from boundaries.js; do not edit) -->',
  end: '<!-- deps:end -->',
  render: () => dependencyGraphMarkdown(BOUNDARIES),
  command: 'npm run docs:deps',
};

if (require.main === module) {
  const problems = boundaryProblems(BOUNDARIES, srcFolders());
  if (problems.length) {
    for (const p of problems) console.error(`boundaries.js: ${p}`);
    process.exit(1);
  }
  print('boundaries.js: every folder classified, no cycle but the known ones');
  runReadmeSection(DEPS_SECTION);
}
