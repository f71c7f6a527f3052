import { Injectable, OnModuleInit } from '@nestjs/common';
import { In } from 'typeorm';
import { WorkflowGuardRegistry } from '../../case/workflow/workflow-guard.registry';
import { OPEN_REFERRAL_STATUSES, TAKEN_REFERRAL_STATUSES } from './referral.constants';
import { Referral } from './referral.entity';

/**
 * The referral guards of the case workflow, replacing the cases module's defaults:
 * - `referral_accepted` (transition `refer`): a partner has accepted a referral of the case (it is
 *   accepted, in progress or completed);
 * - `no_open_referral` (transition `close`): no referral is waiting for approval, pending, accepted
 *   or in progress.
 */
@Injectable()
export class ReferralWorkflowGuards implements OnModuleInit {
  constructor(private readonly registry: WorkflowGuardRegistry) {}

  onModuleInit(): void {
    this.registry.registerGuard(
      'referral_accepted',
      async ({ case: c, manager }) =>
        (await manager.count(Referral, {
          where: { caseId: c.id, status: In([...TAKEN_REFERRAL_STATUSES]) },
        })) > 0
          ? null
          : { code: 'REFERRAL_REQUIRED' },
      { replace: true },
    );
    this.registry.registerGuard(
      'no_open_referral',
      async ({ case: c, manager }) => {
        const open = await manager.count(Referral, {
          where: { caseId: c.id, status: In([...OPEN_REFERRAL_STATUSES]) },
        });
        return open ? { code: 'OPEN_REFERRALS', args: { count: open } } : null;
      },
      { replace: true },
    );
  }
}
