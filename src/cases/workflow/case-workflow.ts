import { Permission } from '../../auth/permissions';

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

export interface TransitionDefinition {
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

export function transitionsFrom(stage: CaseStage): TransitionName[] {
  return TRANSITION_NAMES.filter((name) => TRANSITIONS[name].from.includes(stage));
}

/** Problems with a table: unreachable stages and dead ends. Empty when the table is sound. */
export function validateWorkflow(
  transitions: Readonly<Record<string, TransitionDefinition>> = TRANSITIONS,
  stages: readonly CaseStage[] = CASE_STAGES,
  initial: CaseStage = INITIAL_STAGE,
  terminal: readonly CaseStage[] = TERMINAL_STAGES,
): string[] {
  const problems: string[] = [];
  const reached = new Set<CaseStage>([initial]);
  const queue: CaseStage[] = [initial];
  while (queue.length) {
    const stage = queue.shift()!;
    for (const def of Object.values(transitions)) {
      if (def.from.includes(stage) && !reached.has(def.to)) {
        reached.add(def.to);
        queue.push(def.to);
      }
    }
  }
  for (const stage of stages) {
    if (!reached.has(stage)) problems.push(`stage ${stage} cannot be reached from ${initial}`);
    const out = Object.values(transitions).some((def) => def.from.includes(stage));
    if (!out && !terminal.includes(stage)) problems.push(`stage ${stage} is a dead end`);
  }
  for (const [name, def] of Object.entries(transitions)) {
    for (const s of [...def.from, def.to])
      if (!stages.includes(s)) problems.push(`transition ${name} names unknown stage ${s}`);
  }
  return problems;
}

/** The Mermaid state diagram of the table (README and the workflow page). */
export function workflowMermaid(): string {
  const lines = ['stateDiagram-v2', `  [*] --> ${INITIAL_STAGE}`];
  for (const name of TRANSITION_NAMES) {
    const def = TRANSITIONS[name];
    for (const from of def.from) lines.push(`  ${from} --> ${def.to}: ${name}`);
  }
  for (const stage of TERMINAL_STAGES) lines.push(`  ${stage} --> [*]`);
  return lines.join('\n');
}
