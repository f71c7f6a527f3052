import { Injectable, OnModuleInit } from '@nestjs/common';
import { WorkflowGuardRegistry } from '../../case/workflow/workflow-guard.registry';
import { ConferencesService } from './conferences.service';

/** `conference_recorded` (convene_conference): a case conference has been recorded — NO_CASE_CONFERENCE. */
@Injectable()
export class ConferencesWorkflowGuards implements OnModuleInit {
  constructor(
    private readonly registry: WorkflowGuardRegistry,
    private readonly conferences: ConferencesService,
  ) {}

  onModuleInit(): void {
    this.registry.registerGuard('conference_recorded', async ({ case: c, manager }) =>
      (await this.conferences.hasConference(manager, c.id)) ? null : { code: 'NO_CASE_CONFERENCE' },
    );
  }
}
