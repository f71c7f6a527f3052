import { tableProblems } from '../../case/workflow/state-machine';
import { SUPPORT_SERVICE_TRACK, SUPPORT_SERVICES } from './support-service.constants';

describe('the support service track', () => {
  it('is a sound table of the generic machine', () => {
    expect(tableProblems(SUPPORT_SERVICE_TRACK)).toEqual([]);
    expect(() => SUPPORT_SERVICES.assertValid()).not.toThrow();
  });

  it('moves a planned service to delivered or cancelled, and nothing leaves those', () => {
    expect(SUPPORT_SERVICES.nextStates('planned')).toEqual(['delivered', 'cancelled']);
    expect(SUPPORT_SERVICES.transitionsFrom('delivered')).toEqual([]);
    expect(SUPPORT_SERVICES.transitionsFrom('cancelled')).toEqual([]);
  });
});
