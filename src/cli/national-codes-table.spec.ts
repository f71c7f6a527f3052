import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../platform/common/paths';
import { CODE_DIMENSIONS } from '../reports/national-codes';
import { NATIONAL_CODES_SECTION } from './national-codes-table';
import { readmeWithSection, renderSection } from './readme-section';

describe('README national code table', () => {
  it('matches src/reports/national-codes.ts (run `npm run docs:national-codes` after changing it)', () => {
    const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
    expect(readme).toContain(renderSection(NATIONAL_CODES_SECTION));
    expect(readmeWithSection(readme, NATIONAL_CODES_SECTION)).toBe(readme);
  });

  it('names every Lentera code once and every national group once per dimension', () => {
    const table = NATIONAL_CODES_SECTION.render();
    for (const dim of CODE_DIMENSIONS) {
      const section = table.split(`(\`${dim.id}\`)`)[1]!.split('\n\n**')[0]!;
      const taken = section
        .split('\n')
        .filter((line) => line.startsWith('| `'))
        .flatMap((line) =>
          line
            .split('|')[3]!
            .split(',')
            .map((x) => x.trim()),
        );
      // each Lentera code in exactly one national group's row
      for (const code of dim.lentera)
        expect([dim.id, code, taken.filter((x) => x === `\`${code}\``)]).toEqual([
          dim.id,
          code,
          [`\`${code}\``],
        ]);
      for (const n of dim.national) expect(section).toContain(`| \`${n}\` |`);
    }
  });
});
