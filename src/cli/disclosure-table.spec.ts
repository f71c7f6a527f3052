import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../platform/common/paths';
import { DISCLOSURE_RULES, FACETS, READER_KINDS } from '../case/disclosure/disclosure.rules';
import { DISCLOSURE_SECTION } from './disclosure-table';
import { readmeWithSection, renderSection } from './readme-section';

describe('README "Who sees what" table', () => {
  it('matches the disclosure rules (run `npm run disclosure:table` after changing them)', () => {
    const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
    expect(readme).toContain(renderSection(DISCLOSURE_SECTION));
    expect(readmeWithSection(readme, DISCLOSURE_SECTION)).toBe(readme);
  });

  it('has a row for every facet and a column for every kind of reader', () => {
    const table = DISCLOSURE_SECTION.render().split('\n');
    expect(table).toHaveLength(FACETS.length + 2);
    for (const line of table) expect(line.split('|').length - 2).toBe(READER_KINDS.length + 1);
    // Every reader kind has a rule for every facet.
    for (const kind of READER_KINDS)
      expect(Object.keys(DISCLOSURE_RULES[kind]).sort()).toEqual([...FACETS].sort());
  });
});
