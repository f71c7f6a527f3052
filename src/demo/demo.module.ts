import { Module } from '@nestjs/common';
import { CasesModule } from '../case/cases.module';
import { ChronologyModule } from '../chronology/chronology.module';
import { CommunityModule } from '../steps/community/community.module';
import { ConferencesModule } from '../steps/conference/conferences.module';
import { CounselingModule } from '../steps/counseling/counseling.module';
import { InstitutionsModule } from '../institutions/institutions.module';
import { PartnershipsModule } from '../steps/partnerships/partnerships.module';
import { ReferralsModule } from '../steps/referral/referrals.module';
import { ShelterModule } from '../steps/shelter/shelter.module';
import { SupportServicesModule } from '../steps/support/support-services.module';
import { UsersModule } from '../users/users.module';
import { DemoCasesSeeder } from './demo-cases';
import { DemoChronologySeeder } from './demo-chronology';
import { DemoPugSeeder } from './demo-pug';
import { DemoReferralsSeeder } from './demo-referrals';
import { PugModule } from '../pug/pug.module';
import { ProgrammeModule } from '../steps/prevention/programme.module';
import { DemoSeeder } from './demo-seeder';

/** Demo data for `npm run seed:demo`; calls each feature's service, never its repositories. */
@Module({
  imports: [
    InstitutionsModule,
    UsersModule,
    CasesModule,
    CounselingModule,
    ShelterModule,
    SupportServicesModule,
    ConferencesModule,
    ChronologyModule,
    PugModule,
    ProgrammeModule,
    ReferralsModule,
    PartnershipsModule,
    CommunityModule,
  ],
  providers: [DemoSeeder, DemoCasesSeeder, DemoChronologySeeder, DemoPugSeeder, DemoReferralsSeeder],
  exports: [DemoSeeder],
})
export class DemoModule {}
