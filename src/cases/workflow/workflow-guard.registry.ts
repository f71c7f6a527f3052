import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuthContext } from '../../common/request-context';
import { Case } from '../case.entity';
import { GuardName, GUARDS, TransitionName } from './case-workflow';

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
export interface GuardFailure {
  code: string;
  args?: Record<string, string | number>;
}

export type Guard = (ctx: GuardContext) => Promise<GuardFailure | null>;

/** Work a transition does besides changing the stage (e.g. opening a shelter stay). */
export type TransitionEffect = (ctx: GuardContext) => Promise<{
  summaryArgs?: Record<string, string | number | null>;
  details?: Record<string, unknown>;
} | void>;

/**
 * Work that follows from a transition once it is recorded (its event is in the history), in the same
 * transaction, each recording its own event after it: e.g. closing a case ends its volunteers'
 * monitoring and its recovery plan.
 */
export type TransitionAftermath = (ctx: GuardContext) => Promise<void>;

/**
 * Where modules plug their guards and effects into the one transition table. The cases module
 * registers the guards it owns; counseling, shelter, conferences and referrals register theirs.
 */
@Injectable()
export class WorkflowGuardRegistry {
  private readonly guards = new Map<GuardName, Guard>();
  private readonly effects = new Map<TransitionName, TransitionEffect[]>();
  private readonly aftermaths = new Map<TransitionName, TransitionAftermath[]>();

  /** `replace` lets a later module supersede a default (e.g. referrals over the built-in refusal). */
  registerGuard(name: GuardName, guard: Guard, options: { replace?: boolean } = {}): void {
    if (this.guards.has(name) && !options.replace) throw new Error(`workflow guard ${name} registered twice`);
    this.guards.set(name, guard);
  }

  registerEffect(transition: TransitionName, effect: TransitionEffect): void {
    this.effects.set(transition, [...(this.effects.get(transition) ?? []), effect]);
  }

  registerAftermath(transition: TransitionName, aftermath: TransitionAftermath): void {
    this.aftermaths.set(transition, [...(this.aftermaths.get(transition) ?? []), aftermath]);
  }

  aftermathsOf(transition: TransitionName): TransitionAftermath[] {
    return this.aftermaths.get(transition) ?? [];
  }

  guard(name: GuardName): Guard {
    const guard = this.guards.get(name);
    if (!guard) throw new Error(`workflow guard ${name} has no implementation`);
    return guard;
  }

  effectsOf(transition: TransitionName): TransitionEffect[] {
    return this.effects.get(transition) ?? [];
  }

  missingGuards(): GuardName[] {
    return GUARDS.filter((g) => !this.guards.has(g));
  }
}
