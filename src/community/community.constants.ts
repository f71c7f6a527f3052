import { StateMachine, StateTable } from '../cases/workflow/state-machine';

/** What a volunteer found on a visit. `concern` and `danger` alert the case's counselor and coordinators. */
export const VISIT_SITUATIONS = ['safe', 'concern', 'danger'] as const;
export type VisitSituation = (typeof VISIT_SITUATIONS)[number];

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

/** Why a monitoring assignment (or a recovery plan) ended on its own rather than by a coordinator. */
export const MONITORING_END_REASONS = ['case_closed', 'consent_withdrawn'] as const;
export type MonitoringEndReason = (typeof MONITORING_END_REASONS)[number];
