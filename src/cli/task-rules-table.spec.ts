import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../platform/common/paths';
import { TASK_CODES } from '../tasks/task-rules';
import { readmeWithSection, renderSection } from './readme-section';
import { TASK_RULES_SECTION } from './task-rules-table';

describe('README task rule table', () => {
  it('matches the rule table (run `npm run tasks:table` after changing it)', () => {
    const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
    expect(readme).toContain(renderSection(TASK_RULES_SECTION));
    expect(readmeWithSection(readme, TASK_RULES_SECTION)).toBe(readme);
  });

  it('has a row for every rule', () => {
    const table = TASK_RULES_SECTION.render().split('\n');
    expect(table).toHaveLength(TASK_CODES.length + 2);
    for (const code of TASK_CODES) expect(table.some((l) => l.includes(`(\`${code}\`)`))).toBe(true);
  });
});
