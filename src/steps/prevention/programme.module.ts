import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { InstitutionsModule } from '../../institutions/institutions.module';
import { PugModule } from '../../pug/pug.module';
import { WebModule } from '../../web/page-kit';
import { CommunityGroupsService } from './community-groups.service';
import { CommunityActivity } from './entities/community-activity.entity';
import { CommunityGroup } from './entities/community-group.entity';
import { PreventionActivity } from './entities/prevention-activity.entity';
import { CommunityGroupVolunteer, VolunteerTraining } from './entities/volunteer-links.entity';
import { PreventionService } from './prevention.service';
import { ProgrammePagesController } from './programme-pages.controller';
import {
  CommunityActivitiesApiController,
  CommunityGroupsApiController,
  PreventionApiController,
  VolunteerTrainingsApiController,
} from './programme-api.controller';
import { VolunteerTrainingsService } from './volunteer-trainings.service';

/**
 * The service centre's programme records: prevention activities (step 7) and community participation
 * (step 8: community groups, their activities and volunteer trainings; the volunteers themselves are
 * the community module's registry, referenced here). Read by
 * counselors, managed by coordinators. No case content.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      PreventionActivity,
      CommunityGroup,
      CommunityActivity,
      CommunityGroupVolunteer,
      VolunteerTraining,
    ]),
    InstitutionsModule,
    PugModule,
    WebModule,
  ],
  controllers: [
    PreventionApiController,
    CommunityGroupsApiController,
    CommunityActivitiesApiController,
    VolunteerTrainingsApiController,
    ProgrammePagesController,
  ],
  providers: [PreventionService, CommunityGroupsService, VolunteerTrainingsService],
  exports: [PreventionService, CommunityGroupsService, VolunteerTrainingsService],
})
export class ProgrammeModule {}
