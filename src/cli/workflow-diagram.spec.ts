import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../common/paths';
import { readmeWithDiagram, renderWorkflowSection } from './workflow-diagram';

describe('README workflow diagram', () => {
  it('matches the transition table (run `npm run workflow:diagram` after changing the table)', () => {
    const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
    expect(readme).toContain(renderWorkflowSection());
    expect(readmeWithDiagram(readme)).toBe(readme);
  });
});
