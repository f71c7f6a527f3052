import { tableProblems } from '../../case/workflow/state-machine';
import {
  RECOVERY_PLAN_TRACK,
  RECOVERY_PLANS,
  RECOVERY_SERVICE_TRACK,
  RECOVERY_SERVICES,
} from './partnership.constants';

describe('the recovery service track', () => {
  it('is a sound table of the generic machine', () => {
    expect(tableProblems(RECOVERY_SERVICE_TRACK)).toEqual([]);
    expect(() => RECOVERY_SERVICES.assertValid()).not.toThrow();
  });

  it('moves planned → ongoing → done, and cancels from planned or ongoing only', () => {
    expect(RECOVERY_SERVICES.nextStates('planned')).toEqual(['ongoing', 'done', 'cancelled']);
    expect(RECOVERY_SERVICES.nextStates('ongoing')).toEqual(['done', 'cancelled']);
    expect(RECOVERY_SERVICES.nextStates('done')).toEqual([]);
    expect(RECOVERY_SERVICES.nextStates('cancelled')).toEqual([]);
  });

  it('names the move between two statuses, and none backwards or in place', () => {
    expect(RECOVERY_SERVICES.transitionBetween('planned', 'ongoing')).toBe('start');
    expect(RECOVERY_SERVICES.transitionBetween('ongoing', 'done')).toBe('finish');
    expect(RECOVERY_SERVICES.transitionBetween('ongoing', 'cancelled')).toBe('cancel');
    expect(RECOVERY_SERVICES.transitionBetween('ongoing', 'planned')).toBeUndefined();
    expect(RECOVERY_SERVICES.transitionBetween('done', 'done')).toBeUndefined();
  });
});

describe('the recovery plan track', () => {
  it('is a sound table of the generic machine', () => {
    expect(tableProblems(RECOVERY_PLAN_TRACK)).toEqual([]);
    expect(() => RECOVERY_PLANS.assertValid()).not.toThrow();
  });

  it('completes or ends an active plan, resumes an ended one, and leaves a completed one alone', () => {
    expect(RECOVERY_PLANS.transitionsFrom('active')).toEqual(['complete', 'end']);
    expect(RECOVERY_PLANS.transitionsFrom('ended')).toEqual(['resume']);
    expect(RECOVERY_PLANS.transitionsFrom('completed')).toEqual([]);
  });
});
