import { Injectable, OnModuleInit } from '@nestjs/common';
import { In } from 'typeorm';
import { CaseEventService } from '../../case/case-event.service';
import { GuardContext, WorkflowGuardRegistry } from '../../case/workflow/workflow-guard.registry';
import { RECOVERY_PLANS, RECOVERY_SERVICE_TRACK, RECOVERY_SERVICES } from './partnership.constants';
import { RecoveryPlan, RecoveryServiceRecord } from './recovery.entities';

/**
 * What recovery plugs into the workflow:
 * - guard `recovery_plan_exists` (transition `start_recovery`): the case has a recovery plan.
 *   Replaces the default refusal;
 * - aftermath of `close`: the active recovery plan ends with the case (status `ended`, not
 *   `completed`: its goals were not declared met) and its planned or ongoing services are cancelled,
 *   one `recovery.plan_ended` event. Like monitoring, the plan is the centre's own arrangement: it
 *   does not hold up the closure, and nothing of it runs on under a closed case;
 * - aftermath of `reopen`: a plan that ended with the closure is active again (its cancelled services
 *   stay cancelled), so that a reopened case can go back to recovery with its plan.
 */
@Injectable()
export class RecoveryWorkflowGuards implements OnModuleInit {
  constructor(
    private readonly registry: WorkflowGuardRegistry,
    private readonly events: CaseEventService,
  ) {}

  onModuleInit(): void {
    this.registry.registerGuard(
      'recovery_plan_exists',
      async ({ case: c, manager }) =>
        (await manager.count(RecoveryPlan, { where: { caseId: c.id } })) > 0
          ? null
          : { code: 'RECOVERY_PLAN_REQUIRED' },
      { replace: true },
    );
    this.registry.registerAftermath('close', (ctx) => this.endPlan(ctx));
    this.registry.registerAftermath('reopen', (ctx) => this.resumePlan(ctx));
  }

  private async endPlan({ case: c, actor, manager: m, now }: GuardContext): Promise<void> {
    const plan = await m.findOne(RecoveryPlan, { where: { caseId: c.id, status: 'active' } });
    if (!plan) return;
    const open = await m.find(RecoveryServiceRecord, {
      where: { planId: plan.id, status: In([...RECOVERY_SERVICE_TRACK.transitions.cancel.from]) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    for (const s of open) {
      await RECOVERY_SERVICES.transition('cancel', s.status, undefined, {
        refused: (_kind, refusal) =>
          new Error(`recovery service ${s.id} cannot be cancelled: ${refusal.code}`),
        apply: async (_from, to) => {
          await m
            .createQueryBuilder()
            .update(RecoveryServiceRecord)
            .set({ status: to, updatedAt: now, version: s.version + 1, dataKeyId: s.dataKeyId })
            .where('id = :id', { id: s.id })
            .execute();
        },
      });
    }
    await RECOVERY_PLANS.transition('end', plan.status, undefined, {
      refused: (_kind, refusal) => new Error(`recovery plan ${plan.id} cannot end: ${refusal.code}`),
      apply: async (_from, to) => {
        await m
          .createQueryBuilder()
          .update(RecoveryPlan)
          .set({
            status: to,
            completedAt: now,
            updatedAt: now,
            version: plan.version + 1,
            dataKeyId: plan.dataKeyId,
          })
          .where('id = :id', { id: plan.id })
          .execute();
      },
    });
    await this.events.append(c.id, actor, {
      type: 'recovery.plan_ended',
      summaryArgs: { servicesCancelled: open.length, reason: 'case_closed' },
      details: { planId: plan.id, cancelledServiceIds: open.map((s) => s.id) },
    });
  }

  private async resumePlan({ case: c, actor, manager: m, now }: GuardContext): Promise<void> {
    const plan = await m.findOne(RecoveryPlan, { where: { caseId: c.id, status: 'ended' } });
    if (!plan) return;
    await RECOVERY_PLANS.transition('resume', plan.status, undefined, {
      refused: (_kind, refusal) => new Error(`recovery plan ${plan.id} cannot resume: ${refusal.code}`),
      apply: async (_from, to) => {
        await m
          .createQueryBuilder()
          .update(RecoveryPlan)
          .set({
            status: to,
            completedAt: null,
            updatedAt: now,
            version: plan.version + 1,
            dataKeyId: plan.dataKeyId,
          })
          .where('id = :id', { id: plan.id })
          .execute();
      },
    });
    await this.events.append(c.id, actor, {
      type: 'recovery.plan_resumed',
      summaryArgs: {},
      details: { planId: plan.id },
    });
  }
}
