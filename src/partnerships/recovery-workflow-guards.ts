import { Injectable, OnModuleInit } from '@nestjs/common';
import { WorkflowGuardRegistry } from '../cases/workflow/workflow-guard.registry';
import { RecoveryPlan } from './recovery.entities';

/** `recovery_plan_exists` (transition `start_recovery`): the case has a recovery plan. Replaces the default refusal. */
@Injectable()
export class RecoveryWorkflowGuards implements OnModuleInit {
  constructor(private readonly registry: WorkflowGuardRegistry) {}

  onModuleInit(): void {
    this.registry.registerGuard(
      'recovery_plan_exists',
      async ({ case: c, manager }) =>
        (await manager.count(RecoveryPlan, { where: { caseId: c.id } })) > 0
          ? null
          : { code: 'RECOVERY_PLAN_REQUIRED' },
      { replace: true },
    );
  }
}
