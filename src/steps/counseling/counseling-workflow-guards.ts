import { Injectable, OnModuleInit } from '@nestjs/common';
import { WorkflowGuardRegistry } from '../../case/workflow/workflow-guard.registry';
import { CounselingService } from './counseling.service';

/**
 * The workflow guards counseling owns:
 * - `counseling_session_recorded` (start_support): at least one counseling session — NO_COUNSELING_SESSION;
 * - `threat_to_life_assessed` (admit_to_shelter): the case's latest risk assessment records a threat to
 *   the victim's life — NO_THREAT_TO_LIFE. A newer assessment without the threat closes the way again.
 */
@Injectable()
export class CounselingWorkflowGuards implements OnModuleInit {
  constructor(
    private readonly registry: WorkflowGuardRegistry,
    private readonly counseling: CounselingService,
  ) {}

  onModuleInit(): void {
    this.registry.registerGuard('counseling_session_recorded', async ({ case: c, manager }) =>
      (await this.counseling.hasSession(manager, c.id)) ? null : { code: 'NO_COUNSELING_SESSION' },
    );
    this.registry.registerGuard('threat_to_life_assessed', async ({ case: c, manager }) => {
      const latest = await this.counseling.latestRiskAssessment(manager, c.id);
      return latest?.threatToLife ? null : { code: 'NO_THREAT_TO_LIFE' };
    });
  }
}
