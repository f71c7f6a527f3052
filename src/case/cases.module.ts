import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { InstitutionsModule } from '../institutions/institutions.module';
import { UsersModule } from '../users/users.module';
import { CaseAccessService } from './case-access.service';
import { CaseChainKey } from './case-chain-key';
import { CaseEvent } from './case-event.entity';
import { CaseEventService } from './case-event.service';
import { CaseLedger } from './case-ledger.service';
import { CaseNumberCounter } from './case-number-counter.entity';
import { Case } from './case.entity';
import { CasesApiController } from './cases-api.controller';
import { CounselorsApiController } from './counselors-api.controller';
import { CasesService } from './cases.service';
import { CaseDisclosureService } from './disclosure/case-disclosure.service';
import { DisclosureSources } from './disclosure/disclosure-sources';
import { EventSummariesModule } from './event-summaries.module';
import { IntakeService } from './intake.service';
import { Perpetrator } from './perpetrator.entity';
import { VictimMatchToken } from './victim-match-token.entity';
import { VictimMatchService } from './victim-match.service';
import { Victim } from './victim.entity';
import { CaseWorkflowService } from './workflow/case-workflow.service';
import { CaseFlag } from './flags/case-flag.entity';
import { CaseFlagsApiController } from './flags/case-flags-api.controller';
import { CaseFlagsPagesController } from './flags/case-flags-pages.controller';
import { CaseFlagsService } from './flags/case-flags.service';
import { CoreWorkflowGuards } from './workflow/core-workflow-guards';
import { WorkflowGuardRegistry } from './workflow/workflow-guard.registry';

/**
 * Cases: intake (step 1), the workflow and the history. The tracks beside the stage (counseling,
 * shelter, support, conferences, referrals) are their own modules; they plug their guards into the
 * WorkflowGuardRegistry and record events through CaseEventService. What a reader sees of a case
 * is decided by the disclosure gate (disclosure/), which the tracks feed through DisclosureSources.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      Victim,
      VictimMatchToken,
      Case,
      Perpetrator,
      CaseNumberCounter,
      CaseEvent,
      CaseFlag,
    ]),
    UsersModule,
    InstitutionsModule,
    EventSummariesModule,
  ],
  controllers: [
    CasesApiController,
    CounselorsApiController,
    CaseFlagsApiController,
    CaseFlagsPagesController,
  ],
  providers: [
    CaseAccessService,
    CaseChainKey,
    CaseEventService,
    CaseLedger,
    WorkflowGuardRegistry,
    CoreWorkflowGuards,
    CaseWorkflowService,
    IntakeService,
    CasesService,
    DisclosureSources,
    CaseDisclosureService,
    VictimMatchService,
    CaseFlagsService,
  ],
  exports: [
    CaseFlagsService,
    EventSummariesModule,
    CaseAccessService,
    CaseEventService,
    CaseLedger,
    WorkflowGuardRegistry,
    CaseWorkflowService,
    IntakeService,
    CasesService,
    DisclosureSources,
    CaseDisclosureService,
  ],
})
export class CasesModule {}
