import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CasesModule } from '../../case/cases.module';
import { ReferralsModule } from '../referral/referrals.module';
import { UsersModule } from '../../users/users.module';
import {
  MonitoringApiController,
  MyMonitoringApiController,
  VolunteersApiController,
} from './community-api.controller';
import { CommunityVolunteer, MonitoringAssignment, MonitoringVisit } from './community.entities';
import { CommunityPagesController } from './community-pages.controller';
import { CommunityService } from './community.service';
import { CommunityWorkflowEffects } from './community-workflow-effects';

/** Step 8, case part: community volunteers (kader) and their monitoring of victims after return home. */
@Module({
  imports: [
    TypeOrmModule.forFeature([CommunityVolunteer, MonitoringAssignment, MonitoringVisit]),
    CasesModule,
    ReferralsModule,
    UsersModule,
  ],
  controllers: [
    VolunteersApiController,
    MonitoringApiController,
    MyMonitoringApiController,
    CommunityPagesController,
  ],
  providers: [CommunityService, CommunityWorkflowEffects],
  exports: [CommunityService],
})
export class CommunityModule {}
