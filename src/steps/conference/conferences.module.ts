import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CasesModule } from '../../case/cases.module';
import { CaseConference } from './case-conference.entity';
import { ConferenceActionItem } from './conference-action-item.entity';
import { ConferencesApiController } from './conferences-api.controller';
import { ConferencesPagesController } from './conferences-pages.controller';
import { ConferencesWorkflowGuards } from './conferences-workflow-guards';
import { ConferencesService } from './conferences.service';

/** Step 5, case conferences (rapat kasus) and their follow-up actions. */
@Module({
  imports: [TypeOrmModule.forFeature([CaseConference, ConferenceActionItem]), CasesModule],
  controllers: [ConferencesApiController, ConferencesPagesController],
  providers: [ConferencesService, ConferencesWorkflowGuards],
  exports: [ConferencesService],
})
export class ConferencesModule {}
