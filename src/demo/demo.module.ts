import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { ChronologyModule } from '../chronology/chronology.module';
import { CommunityModule } from '../community/community.module';
import { ConferencesModule } from '../conferences/conferences.module';
import { CounselingModule } from '../counseling/counseling.module';
import { InstitutionsModule } from '../institutions/institutions.module';
import { PartnershipsModule } from '../partnerships/partnerships.module';
import { ReferralsModule } from '../referrals/referrals.module';
import { ShelterModule } from '../shelter/shelter.module';
import { SupportServicesModule } from '../support-services/support-services.module';
import { UsersModule } from '../users/users.module';
import { DemoCasesSeeder } from './demo-cases';
import { DemoChronologySeeder } from './demo-chronology';
import { DemoPugSeeder } from './demo-pug';
import { DemoReferralsSeeder } from './demo-referrals';
import { PugModule } from '../pug/pug.module';
import { ProgrammeModule } from '../programme/programme.module';
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
