import { Module } from '@nestjs/common';
import { InstitutionsModule } from '../institutions/institutions.module';
import { UsersModule } from '../users/users.module';
import { CaseAccessService } from './case-access.service';
import { CaseChainKey } from './case-chain-key';
import { CaseEventService } from './case-event.service';
import { CasesApiController } from './cases-api.controller';
import { CasesService } from './cases.service';
import { EventArgsRegistry } from './event-args.registry';
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
    CaseChainKey,
    CaseEventService,
    WorkflowGuardRegistry,
    EventArgsRegistry,
    CoreWorkflowGuards,
    CaseWorkflowService,
    IntakeService,
    CasesService,
  ],
  exports: [
    EventArgsRegistry,
    CaseAccessService,
    CaseEventService,
    WorkflowGuardRegistry,
    CaseWorkflowService,
    IntakeService,
    CasesService,
  ],
})
export class CasesModule {}
