import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { InstitutionsModule } from '../institutions/institutions.module';
import { ReferralsModule } from '../steps/referral/referrals.module';
import { UsersModule } from '../users/users.module';
import {
  PugActionItem,
  PugActionPlan,
  PugAgreement,
  PugMonitoringRound,
  PugMonitoringUpdate,
} from './entities/pug-action-plan.entity';
import { PugBody } from './entities/pug-body.entity';
import { PugAppointment, PugDecree } from './entities/pug-decree.entity';
import { PugFile } from './entities/pug-file.entity';
import { PugRegion, PugRegionInstitution } from './entities/pug-region.entity';
import { PugAward, PugTraining, PugTrainingParticipant } from './entities/pug-training.entity';
import { WebModule } from '../web/page-kit';
import { PugFileStore } from './files/pug-file-store.service';
import { PugPagesController } from './pages/pug-pages.controller';
import { PugRecordsPagesController } from './pages/pug-records-pages.controller';
import { PartnerTeamEligibilityRule } from './partner-team-eligibility.rule';
import { PartnerTeamService } from './partner-team.service';
import { PugActionPlansService } from './pug-action-plans.service';
import { PugBodiesService } from './pug-bodies.service';
import { PugCompletenessService } from './pug-completeness.service';
import { PugDecreesService } from './pug-decrees.service';
import {
  DecreesApiController,
  PugBodiesApiController,
  PugReferenceApiController,
  PugRegionsApiController,
} from './pug-institutions-api.controller';
import {
  ActionPlanItemsApiController,
  ActionPlansApiController,
  MonitoringRoundsApiController,
  PugAwardsApiController,
  PugTrainingsApiController,
} from './pug-records-api.controller';
import { PugRegionSource } from './pug-region-source';
import { PugRegionsService } from './pug-regions.service';
import { PugTrainingsService } from './pug-trainings.service';

/**
 * Gender mainstreaming (PUG) records: regions and their SKPD, bodies and their duties, decrees and
 * appointees, action plans and monitoring, trainings and awards. Read by every role, managed by the
 * PUG secretariat. No case content. Registers the referral-eligibility rule "dropped by the
 * partner-team decree in force" with the referrals module.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      PugRegion,
      PugRegionInstitution,
      PugBody,
      PugDecree,
      PugAppointment,
      PugFile,
      PugActionPlan,
      PugActionItem,
      PugMonitoringRound,
      PugMonitoringUpdate,
      PugAgreement,
      PugTraining,
      PugTrainingParticipant,
      PugAward,
    ]),
    InstitutionsModule,
    UsersModule,
    ReferralsModule,
    WebModule,
  ],
  controllers: [
    PugReferenceApiController,
    PugRegionsApiController,
    PugBodiesApiController,
    DecreesApiController,
    ActionPlansApiController,
    ActionPlanItemsApiController,
    MonitoringRoundsApiController,
    PugTrainingsApiController,
    PugAwardsApiController,
    PugPagesController,
    PugRecordsPagesController,
  ],
  providers: [
    PugFileStore,
    PugRegionsService,
    PugBodiesService,
    PugDecreesService,
    PugCompletenessService,
    PugActionPlansService,
    PugTrainingsService,
    PartnerTeamService,
    PartnerTeamEligibilityRule,
    PugRegionSource,
  ],
  exports: [
    PugFileStore,
    PugRegionsService,
    PugBodiesService,
    PugDecreesService,
    PugCompletenessService,
    PugActionPlansService,
    PugTrainingsService,
    PartnerTeamService,
  ],
})
export class PugModule {}
