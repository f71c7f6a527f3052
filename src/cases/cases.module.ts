import { Module } from '@nestjs/common';
import { InstitutionsModule } from '../institutions/institutions.module';
import { UsersModule } from '../users/users.module';
import { CaseAccessService } from './case-access.service';
import { CaseEventService } from './case-event.service';
import { CasesApiController } from './cases-api.controller';
import { CasesService } from './cases.service';
import { EventSummaries } from './event-summaries';
import { IntakeService } from './intake.service';
import { CaseWorkflowService } from './workflow/case-workflow.service';
import { CoreWorkflowGuards } from './workflow/core-workflow-guards';
import { WorkflowGuardRegistry } from './workflow/workflow-guard.registry';

/**
 * Cases: intake (step 1), the workflow and the history. The tracks beside the stage (counseling,
 * shelter, support, conferences, referrals) are their own modules; they plug their guards into the
 * WorkflowGuardRegistry and record events through CaseEventService.
 */
@Module({
  imports: [UsersModule, InstitutionsModule],
  controllers: [CasesApiController],
  providers: [
    CaseAccessService,
    CaseEventService,
    WorkflowGuardRegistry,
    EventSummaries,
    CoreWorkflowGuards,
    CaseWorkflowService,
    IntakeService,
    CasesService,
  ],
  exports: [
    EventSummaries,
    CaseAccessService,
    CaseEventService,
    WorkflowGuardRegistry,
    CaseWorkflowService,
    IntakeService,
    CasesService,
  ],
})
export class CasesModule {}
