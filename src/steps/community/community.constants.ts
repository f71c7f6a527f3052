import { StateMachine, StateTable } from '../../case/workflow/state-machine';
export {
  VISIT_SITUATIONS,
  type VisitSituation,
  MONITORING_END_REASONS,
  type MonitoringEndReason,
} from '../../case/history-codes';

export const ASSIGNMENT_STATUSES = ['active', 'ended'] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

/**
 * THE MONITORING ASSIGNMENT TRACK, a table of the generic state machine (cases/workflow/
 * state-machine.ts): an assignment is active until a coordinator ends it (or the case's closure or a
 * consent withdrawal does).
 */
export const MONITORING_ASSIGNMENT_TRACK: StateTable<AssignmentStatus, 'end'> = {
  name: 'monitoring assignment track',
  stateWord: 'status',
  states: ASSIGNMENT_STATUSES,
  initial: ['active'],
  terminal: ['ended'],
  guards: [],
  transitions: { end: { from: ['active'], to: 'ended' } },
};

/** The monitoring assignment track's machine (checked when the community module starts). */
export const MONITORING_ASSIGNMENTS = new StateMachine(MONITORING_ASSIGNMENT_TRACK);

/** The consent's service role that monitoring by a volunteer needs. */
export const MONITORING_ROLE = 'community_monitoring';
