import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../platform/common/paths';
import { TRANSITION_NAMES, TRANSITIONS } from '../case/workflow/case-workflow';
import { REFERRAL_TRANSITION_NAMES, REFERRAL_TRANSITIONS } from '../steps/referral/referral.constants';
import { renderSection } from './readme-section';
import {
  DIAGRAM_SECTIONS,
  readmeWithDiagram,
  REFERRAL_TRACK_SECTION,
  WORKFLOW_SECTION,
} from './workflow-diagram';

describe('README diagrams of the status tracks', () => {
  const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');

  for (const section of DIAGRAM_SECTIONS) {
    const track = section.end.replace(/^<!-- |:end -->$/g, '');
    it(`${track}: matches its table (run \`npm run workflow:diagram\` after changing it)`, () => {
      expect(readme).toContain(renderSection(section));
    });
  }

  it('has nothing out of date', () => {
    expect(readmeWithDiagram(readme)).toBe(readme);
  });

  it('draws the case workflow and the referral track, each edge of their tables', () => {
    const workflow = WORKFLOW_SECTION.render();
    for (const name of TRANSITION_NAMES)
      for (const from of TRANSITIONS[name].from)
        expect(workflow).toContain(`${from} --> ${TRANSITIONS[name].to}: ${name}`);
    const referrals = REFERRAL_TRACK_SECTION.render();
    expect(referrals).toContain('[*] --> awaiting_approval');
    expect(referrals).toContain('[*] --> pending');
    for (const name of REFERRAL_TRANSITION_NAMES)
      for (const from of REFERRAL_TRANSITIONS[name].from)
        expect(referrals).toContain(`${from} --> ${REFERRAL_TRANSITIONS[name].to}: ${name}`);
    for (const end of ['declined', 'completed', 'cancelled', 'revoked'])
      expect(referrals).toContain(`${end} --> [*]`);
  });
});
