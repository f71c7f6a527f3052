import { Injectable, OnModuleInit } from '@nestjs/common';
import { CLOSURE_REASONS } from '../case.constants';
import { Case } from '../case.entity';
import { WorkflowGuardRegistry } from './workflow-guard.registry';

/**
 * The guards the cases module owns, and the defaults for referral and recovery: until the referral
 * module registers its own (`replace: true`), a case cannot be referred or enter recovery — there is
 * no referral record or recovery plan to satisfy them — and no referral can be open.
 */
@Injectable()
export class CoreWorkflowGuards implements OnModuleInit {
  constructor(private readonly registry: WorkflowGuardRegistry) {}

  onModuleInit(): void {
    const r = this.registry;
    r.registerGuard('counselor_assigned', async ({ case: c }) =>
      c.assignedCounselorId ? null : { code: 'COUNSELOR_NOT_ASSIGNED' },
    );
    r.registerGuard('closure_reason_given', async ({ input, preview }) =>
      preview || (input.closureReason && (CLOSURE_REASONS as readonly string[]).includes(input.closureReason))
        ? null
        : { code: 'CLOSURE_REASON_REQUIRED' },
    );
    r.registerGuard('reason_given', async ({ input, preview }) =>
      preview || (input.reason && input.reason.trim().length >= 3) ? null : { code: 'REASON_REQUIRED' },
    );
    r.registerGuard('referral_accepted', async () => ({ code: 'REFERRAL_REQUIRED' }));
    r.registerGuard('recovery_plan_exists', async () => ({ code: 'RECOVERY_PLAN_REQUIRED' }));
    r.registerGuard('no_open_referral', async () => null);

    r.registerEffect('close', async ({ case: c, input, manager, now }) => {
      await manager.update(Case, { id: c.id }, { closureReason: input.closureReason!, closedAt: now });
      return { summaryArgs: { closureReason: input.closureReason! } };
    });
    r.registerEffect('reopen', async ({ case: c, manager }) => {
      await manager.update(Case, { id: c.id }, { closureReason: null, closedAt: null });
    });
  }
}
