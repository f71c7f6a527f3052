import { Module } from '@nestjs/common';
import { CasesModule } from '../case/cases.module';
import { CaseloadModule } from '../caseload/caseload.module';
import { TasksModule } from '../tasks/tasks.module';
import { ConferencesModule } from '../steps/conference/conferences.module';
import { CounselingModule } from '../steps/counseling/counseling.module';
import { ShelterModule } from '../steps/shelter/shelter.module';
import { SupportServicesModule } from '../steps/support/support-services.module';
import { InstitutionsModule } from '../institutions/institutions.module';
import { UsersModule } from '../users/users.module';
import { CasePagesController } from './case-pages.controller';
import { ChronologyModule } from '../chronology/chronology.module';
import { ReferralsModule } from '../steps/referral/referrals.module';
import { CaseTracksView } from './case-tracks.view';
import { CorrectionPagesController } from './correction-pages.controller';
import { IntakePagesController } from './intake-pages.controller';
import { QuickIntakePagesController } from './quick-intake-pages.controller';
import { WorkflowPageController } from './workflow-page.controller';

/**
 * The case pages: intake, the case list, the case page with its actions and the tracks' sections,
 * the correction of a case's details, and the workflow page.
 */
@Module({
  imports: [
    CasesModule,
    UsersModule,
    InstitutionsModule,
    CounselingModule,
    ShelterModule,
    SupportServicesModule,
    ConferencesModule,
    ChronologyModule,
    ReferralsModule,
    CaseloadModule,
    TasksModule,
  ],
  controllers: [
    IntakePagesController,
    QuickIntakePagesController,
    CasePagesController,
    CorrectionPagesController,
    WorkflowPageController,
  ],
  providers: [CaseTracksView],
})
export class CasePagesModule {}
