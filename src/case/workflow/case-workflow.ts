import { Permission } from '../../platform/auth/permissions';
import {
  StateTable,
  tableMermaid,
  tableProblems,
  TransitionRule,
  transitionsFrom as leaving,
} from './state-machine';

/**
 * THE CASE WORKFLOW — every stage, every transition, who may fire it and what it needs, in one table.
 * CaseWorkflowService is the only code that changes a case's stage, and only along these rows.
 * README's diagram is generated from this file (`npm run workflow:diagram`); a test fails on drift.
 *
 * Refinements of the proposal in DOMAIN.md, and why:
 * - Initial counseling always follows intake: the centre's first duty is to hear the victim, and the
 *   risk assessment that shelter admission needs is made there.
 * - Shelter is reachable from every working stage (a new threat sends a case back to the safe
 *   house); discharge is an action on the shelter stay, not a stage change, because support goes on.
 * - Closure is open from every working stage (victims withdraw, move away or are lost to contact),
 *   but only a coordinator closes, and only with a reason, no one in the safe house and no open
 *   referral. Reopening (coordinator only, with a reason) returns to initial counseling: a returning
 *   victim is heard and assessed again.
 */
export const CASE_STAGES = [
  'intake',
  'initial_counseling',
  'sheltered',
  'in_support',
  'case_conference',
  'referred',
  'recovery',
  'closed',
] as const;
export type CaseStage = (typeof CASE_STAGES)[number];

export const INITIAL_STAGE: CaseStage = 'intake';
/** Stages allowed to have no way out. */
export const TERMINAL_STAGES: CaseStage[] = ['closed'];

/**
 * Guards are named here and implemented by the module that owns the data (registered with
 * WorkflowGuardRegistry); start-up fails if a named guard has no implementation.
 */
export const GUARDS = [
  'counselor_assigned',
  'counseling_session_recorded',
  'threat_to_life_assessed',
  'shelter_place_free',
  'conference_recorded',
  'referral_accepted',
  'recovery_plan_exists',
  'no_active_shelter_stay',
  'no_open_referral',
  'closure_reason_given',
  'reason_given',
] as const;
export type GuardName = (typeof GUARDS)[number];

export const TRANSITION_NAMES = [
  'start_counseling',
  'admit_to_shelter',
  'start_support',
  'convene_conference',
  'refer',
  'start_recovery',
  'close',
  'reopen',
] as const;
export type TransitionName = (typeof TRANSITION_NAMES)[number];

export interface TransitionDefinition extends TransitionRule<CaseStage, GuardName> {
  from: readonly CaseStage[];
  to: CaseStage;
  /** The permission that fires it (besides seeing the case). */
  permission: Permission;
  guards: readonly GuardName[];
}

const WORKING: CaseStage[] = [
  'initial_counseling',
  'sheltered',
  'in_support',
  'case_conference',
  'referred',
  'recovery',
];

export const TRANSITIONS: Readonly<Record<TransitionName, TransitionDefinition>> = {
  start_counseling: {
    from: ['intake'],
    to: 'initial_counseling',
    permission: Permission.WorkflowCounsel,
    guards: ['counselor_assigned'],
  },
  admit_to_shelter: {
    from: ['initial_counseling', 'in_support', 'case_conference', 'referred', 'recovery'],
    to: 'sheltered',
    permission: Permission.WorkflowShelter,
    guards: ['threat_to_life_assessed', 'shelter_place_free'],
  },
  start_support: {
    from: ['initial_counseling', 'sheltered', 'case_conference', 'referred', 'recovery'],
    to: 'in_support',
    permission: Permission.WorkflowSupport,
    guards: ['counseling_session_recorded'],
  },
  convene_conference: {
    from: ['initial_counseling', 'sheltered', 'in_support', 'referred', 'recovery'],
    to: 'case_conference',
    permission: Permission.WorkflowConference,
    guards: ['conference_recorded'],
  },
  refer: {
    from: ['initial_counseling', 'sheltered', 'in_support', 'case_conference'],
    to: 'referred',
    permission: Permission.WorkflowRefer,
    guards: ['referral_accepted'],
  },
  start_recovery: {
    from: ['in_support', 'case_conference', 'referred'],
    to: 'recovery',
    permission: Permission.WorkflowRecover,
    guards: ['recovery_plan_exists'],
  },
  close: {
    from: ['intake', ...WORKING],
    to: 'closed',
    permission: Permission.WorkflowClose,
    guards: ['closure_reason_given', 'no_active_shelter_stay', 'no_open_referral'],
  },
  reopen: {
    from: ['closed'],
    to: 'initial_counseling',
    permission: Permission.WorkflowReopen,
    guards: ['reason_given'],
  },
};

/** The case workflow as a table of the generic state machine (state-machine.ts). */
export const CASE_WORKFLOW: StateTable<CaseStage, TransitionName, GuardName, TransitionDefinition> = {
  name: 'case workflow',
  stateWord: 'stage',
  states: CASE_STAGES,
  initial: [INITIAL_STAGE],
  terminal: TERMINAL_STAGES,
  guards: GUARDS,
  transitions: TRANSITIONS,
};

export function transitionsFrom(stage: CaseStage): TransitionName[] {
  return leaving(CASE_WORKFLOW, stage);
}

/** Problems with a table: unreachable stages, dead ends, unknown stages and guards. Empty when sound. */
export function validateWorkflow(
  transitions: Readonly<Record<string, TransitionDefinition>> = TRANSITIONS,
): string[] {
  return tableProblems({ ...CASE_WORKFLOW, transitions });
}

/** The Mermaid state diagram of the table (README and the workflow page). */
export function workflowMermaid(): string {
  return tableMermaid(CASE_WORKFLOW);
}
