import { tableProblems } from '../../case/workflow/state-machine';
import { MONITORING_ASSIGNMENT_TRACK, MONITORING_ASSIGNMENTS } from './community.constants';

describe('the monitoring assignment track', () => {
  it('is a sound table of the generic machine', () => {
    expect(tableProblems(MONITORING_ASSIGNMENT_TRACK)).toEqual([]);
    expect(() => MONITORING_ASSIGNMENTS.assertValid()).not.toThrow();
  });

  it('ends an active assignment once', async () => {
    expect(MONITORING_ASSIGNMENTS.nextStates('active')).toEqual(['ended']);
    expect(await MONITORING_ASSIGNMENTS.whyNot('end', 'ended', undefined)).toEqual([
      { code: 'NOT_FROM_STATUS', args: { status: 'ended' } },
    ]);
  });
});
