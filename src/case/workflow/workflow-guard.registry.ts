import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuthContext } from '../../platform/common/request-context';
import { Case } from '../case.entity';
import { CASE_WORKFLOW, CaseStage, GuardName, TransitionDefinition, TransitionName } from './case-workflow';
import { Aftermath, Effect, Guard as MachineGuard, Refusal, StateMachine } from './state-machine';

export interface TransitionInput {
  reason?: string;
  closureReason?: string;
  safeHouseId?: string;
  plannedDays?: number;
}

export interface GuardContext {
  case: Case;
  input: TransitionInput;
  actor: AuthContext;
  manager: EntityManager;
  /** True when only listing what is possible (input not given yet). */
  preview: boolean;
  /** The action's time (from Clock). */
  now: Date;
}

/** A refused guard: a stable code (translated as `workflow.guards.<CODE>`) and its arguments. */
export type GuardFailure = Refusal;

export type Guard = MachineGuard<GuardContext>;

/** What an effect adds to the transition's event. */
export interface EffectOutput {
  summaryArgs?: Record<string, string | number | null>;
  details?: Record<string, unknown>;
}

/** Work a transition does besides changing the stage (e.g. opening a shelter stay). */
export type TransitionEffect = Effect<GuardContext, EffectOutput>;

/**
 * Work that follows from a transition once it is recorded (its event is in the history), in the same
 * transaction, each recording its own event after it: e.g. closing a case ends its volunteers'
 * monitoring and its recovery plan.
 */
export type TransitionAftermath = Aftermath<GuardContext>;

/**
 * The case workflow's state machine: the table of case-workflow.ts in the generic machine, where
 * modules plug their guards and effects. The cases module registers the guards it owns; counseling,
 * shelter, conferences and referrals register theirs (`replace` lets a later module supersede a
 * default, e.g. referrals over the built-in refusal).
 */
@Injectable()
export class WorkflowGuardRegistry extends StateMachine<
  CaseStage,
  TransitionName,
  GuardName,
  TransitionDefinition,
  GuardContext,
  EffectOutput
> {
  constructor() {
    super(CASE_WORKFLOW);
  }
}
