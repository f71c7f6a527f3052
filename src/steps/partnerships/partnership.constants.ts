import { StateMachine, StateTable } from '../../case/workflow/state-machine';
import { RECOVERY_SERVICE_STATUSES, type RecoveryServiceStatus } from '../../case/history-codes';
export {
  PARTNERSHIP_SERVICES,
  type PartnershipService,
  RECOVERY_SERVICE_STATUSES,
  type RecoveryServiceStatus,
} from '../../case/history-codes';

export const AGREEMENT_STATUSES = ['draft', 'active', 'ended'] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];

/** `completed`: its goals met (by hand); `ended`: stopped because the case was closed (active again on reopening). */
export const RECOVERY_PLAN_STATUSES = ['active', 'completed', 'ended'] as const;
export type RecoveryPlanStatus = (typeof RECOVERY_PLAN_STATUSES)[number];

/**
 * THE RECOVERY PLAN TRACK, a table of the generic state machine: a plan is completed by hand when its
 * goals are met, ends with the case's closure, and resumes when the case is reopened.
 */
export const RECOVERY_PLAN_TRACK: StateTable<RecoveryPlanStatus, 'complete' | 'end' | 'resume'> = {
  name: 'recovery plan track',
  stateWord: 'status',
  states: RECOVERY_PLAN_STATUSES,
  initial: ['active'],
  terminal: ['completed'],
  guards: [],
  transitions: {
    complete: { from: ['active'], to: 'completed' },
    end: { from: ['active'], to: 'ended' },
    resume: { from: ['ended'], to: 'active' },
  },
};

/** The recovery plan track's machine (checked when the recovery service starts). */
export const RECOVERY_PLANS = new StateMachine(RECOVERY_PLAN_TRACK);

export type RecoveryServiceMove = 'start' | 'finish' | 'cancel';

/**
 * THE RECOVERY SERVICE TRACK, a table of the generic state machine (cases/workflow/state-machine.ts).
 * The API names the status to move to; the move is the transition between the two. Closing a case
 * cancels every service that `cancel` leaves.
 */
export const RECOVERY_SERVICE_TRACK: StateTable<RecoveryServiceStatus, RecoveryServiceMove> = {
  name: 'recovery service track',
  stateWord: 'status',
  states: RECOVERY_SERVICE_STATUSES,
  initial: ['planned', 'ongoing'],
  terminal: ['done', 'cancelled'],
  guards: [],
  transitions: {
    start: { from: ['planned'], to: 'ongoing' },
    finish: { from: ['planned', 'ongoing'], to: 'done' },
    cancel: { from: ['planned', 'ongoing'], to: 'cancelled' },
  },
};

/** The recovery service track's machine (checked when the partnerships module starts). */
export const RECOVERY_SERVICES = new StateMachine(RECOVERY_SERVICE_TRACK);

export const GOALS_MAX = 20;
