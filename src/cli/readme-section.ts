/**
 * Sections of README.md generated from the code (the workflow diagram, the "Who sees what" table):
 * each lives between a start and an end marker; `npm run <script>` rewrites it, `--check` exits 1
 * when it is out of date, and a unit test runs the same check.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../platform/common/paths';
import { print } from './print';

export interface ReadmeSection {
  start: string;
  end: string;
  /** What goes between the markers (without them). */
  render(): string;
  /** The command that rewrites it, named in the out-of-date message. */
  command: string;
}

export function renderSection(section: ReadmeSection): string {
  return `${section.start}\n${section.render()}\n${section.end}`;
}

/** README with the section rewritten (throws when the markers are missing). */
export function readmeWithSection(readme: string, section: ReadmeSection): string {
  const start = readme.indexOf(section.start);
  const end = readme.indexOf(section.end);
  if (start < 0 || end < start) throw new Error(`README.md has no markers for: ${section.command}`);
  return readme.slice(0, start) + renderSection(section) + readme.slice(end + section.end.length);
}

/** The CLI: rewrite the section, or with `--check` only say whether it is up to date. */
export function runReadmeSection(section: ReadmeSection, argv: string[] = process.argv): void {
  const file = path.join(PROJECT_ROOT, 'README.md');
  const current = fs.readFileSync(file, 'utf8');
  const next = readmeWithSection(current, section);
  if (argv.includes('--check')) {
    if (next !== current) {
      console.error(`README.md is out of date: run \`${section.command}\``);
      process.exit(1);
    }
    print(`README.md is up to date (${section.command})`);
    return;
  }
  fs.writeFileSync(file, next);
  print(`README.md written (${section.command})`);
}
