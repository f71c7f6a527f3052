import { Module } from '@nestjs/common';
import { InstitutionsModule } from '../institutions/institutions.module';
import { UsersModule } from '../users/users.module';
import { CaseAccessService } from './case-access.service';
import { CaseChainKey } from './case-chain-key';
import { CaseEventService } from './case-event.service';
import { CasesApiController } from './cases-api.controller';
import { CounselorsApiController } from './counselors-api.controller';
import { CasesService } from './cases.service';
import { CaseDisclosureService } from './disclosure/case-disclosure.service';
import { DisclosureSources } from './disclosure/disclosure-sources';
import { EventSummariesModule } from './event-summaries.module';
import { IntakeService } from './intake.service';
import { VictimMatchService } from './victim-match.service';
import { CaseWorkflowService } from './workflow/case-workflow.service';
import { CoreWorkflowGuards } from './workflow/core-workflow-guards';
import { WorkflowGuardRegistry } from './workflow/workflow-guard.registry';

/**
 * Cases: intake (step 1), the workflow and the history. The tracks beside the stage (counseling,
 * shelter, support, conferences, referrals) are their own modules; they plug their guards into the
 * WorkflowGuardRegistry and record events through CaseEventService. What a reader sees of a case
 * is decided by the disclosure gate (disclosure/), which the tracks feed through DisclosureSources.
 */
@Module({
  imports: [UsersModule, InstitutionsModule, EventSummariesModule],
  controllers: [CasesApiController, CounselorsApiController],
  providers: [
    CaseAccessService,
    CaseChainKey,
    CaseEventService,
    WorkflowGuardRegistry,
    CoreWorkflowGuards,
    CaseWorkflowService,
    IntakeService,
    CasesService,
    DisclosureSources,
    CaseDisclosureService,
    VictimMatchService,
  ],
  exports: [
    EventSummariesModule,
    CaseAccessService,
    CaseEventService,
    WorkflowGuardRegistry,
    CaseWorkflowService,
    IntakeService,
    CasesService,
    DisclosureSources,
    CaseDisclosureService,
  ],
})
export class CasesModule {}
