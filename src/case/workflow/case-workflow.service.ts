import { HttpStatus, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Permission } from '../../platform/auth/permissions';
import { AppException, ErrorCode } from '../../platform/common/app.exception';
import { Clock } from '../../platform/common/clock';
import { AuthContext } from '../../platform/common/request-context';
import { TransactionService } from '../../platform/database/transaction.service';
import { CaseAccessService } from '../case-access.service';
import { CaseEventService } from '../case-event.service';
import { Case } from '../case.entity';
import { TRANSITION_NAMES, TransitionName, TRANSITIONS } from './case-workflow';
import {
  GuardContext,
  GuardFailure,
  TransitionInput,
  WorkflowGuardRegistry,
} from './workflow-guard.registry';

export interface TransitionOption {
  transition: TransitionName;
  to: string;
  allowed: boolean;
  /** Why not, as stable codes (translated by the caller's language at the edge). */
  reasons: GuardFailure[];
}

/**
 * The one service that changes a case's stage, along the table in case-workflow.ts, through the
 * generic state machine (state-machine.ts). At start-up it validates the table (every stage
 * reachable, no dead ends, no unknown stage or guard) and that every guard is implemented.
 */
@Injectable()
export class CaseWorkflowService implements OnApplicationBootstrap {
  constructor(
    private readonly tx: TransactionService,
    private readonly access: CaseAccessService,
    private readonly events: CaseEventService,
    private readonly registry: WorkflowGuardRegistry,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.registry.assertValid();
  }

  private evaluate(name: TransitionName, ctx: GuardContext): Promise<GuardFailure[]> {
    const pre: GuardFailure[] = [];
    if (!ctx.actor.permissions.has(TRANSITIONS[name].permission)) pre.push({ code: 'ROLE_NOT_ALLOWED' });
    return this.registry.whyNot(name, ctx.case.stage, ctx, pre);
  }

  /** What the caller may do with the case now, and for the rest, why not. */
  async options(actor: AuthContext, caseId: string): Promise<{ case: Case; options: TransitionOption[] }> {
    const c = await this.access.findReadable(actor, caseId);
    // Someone who only reads the case (the front desk) may do nothing on it: no step is offered, and
    // none of the steps' reasons can tell its stage.
    if (!this.access.canWork(actor, c)) return { case: c, options: [] };
    const options: TransitionOption[] = [];
    for (const name of TRANSITION_NAMES) {
      const reasons = await this.evaluate(name, {
        case: c,
        input: {},
        actor,
        manager: this.tx.manager,
        preview: true,
        now: this.clock.now(),
      });
      options.push({ transition: name, to: TRANSITIONS[name].to, allowed: reasons.length === 0, reasons });
    }
    return { case: c, options };
  }

  /**
   * Fires a transition: 404 outside the caller's scope, 403 without the transition's permission,
   * 409 from a stage it does not leave or with a stale version, 422 when a guard refuses.
   */
  async fire(
    actor: AuthContext,
    caseId: string,
    name: TransitionName,
    version: number,
    input: TransitionInput,
  ): Promise<Case> {
    return this.tx.run(async (manager) => {
      const def = TRANSITIONS[name];
      const c = await this.access.findReadable(actor, caseId, manager);
      if (!this.access.canWork(actor, c) || !actor.permissions.has(def.permission as Permission))
        throw AppException.forbidden();
      if (c.version !== version) throw AppException.versionConflict();
      const now = this.clock.now();
      const ctx: GuardContext = { case: c, input, actor, manager, preview: false, now };
      await this.registry.transition(name, c.stage, ctx, {
        refused: (kind, refusal) =>
          kind === 'not_from'
            ? new AppException(ErrorCode.CaseTransitionNotAllowed, HttpStatus.CONFLICT, {
                transition: name,
                stage: c.stage,
              })
            : AppException.rule(refusal.code, refusal.args ?? {}),
        apply: async (_from, to) => {
          const result = await manager
            .createQueryBuilder()
            .update(Case)
            .set({ stage: to, version: version + 1, updatedAt: now })
            .where('id = :id AND version = :version', { id: c.id, version })
            .execute();
          if (!result.affected) throw AppException.versionConflict();
          c.stage = to;
          c.version = version + 1;
          c.updatedAt = now;
        },
        record: async (from, to, outputs) => {
          let summaryArgs: Record<string, string | number | null> = {};
          let details: Record<string, unknown> = {};
          for (const out of outputs) {
            if (out.summaryArgs) summaryArgs = { ...summaryArgs, ...out.summaryArgs };
            if (out.details) details = { ...details, ...out.details };
          }
          await this.events.append(c.id, actor, {
            type: `workflow.${name}`,
            summaryKey: `events.workflow.${name}`,
            summaryArgs: { from, to, ...summaryArgs },
            details: { ...details, ...(input.reason ? { reason: input.reason } : {}) },
          });
        },
      });
      return manager.findOneOrFail(Case, { where: { id: c.id } });
    });
  }
}
