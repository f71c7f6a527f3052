import { tableProblems } from '../../case/workflow/state-machine';
import { SHELTER_STAY_TRACK, SHELTER_STAYS } from './shelter.constants';

describe('the shelter stay track', () => {
  it('is a sound table of the generic machine', () => {
    expect(tableProblems(SHELTER_STAY_TRACK)).toEqual([]);
    expect(() => SHELTER_STAYS.assertValid()).not.toThrow();
  });

  it('discharges an admitted stay once', async () => {
    expect(SHELTER_STAYS.nextStates('admitted')).toEqual(['discharged']);
    expect(await SHELTER_STAYS.can('discharge', 'discharged', undefined)).toBe(false);
  });
});
