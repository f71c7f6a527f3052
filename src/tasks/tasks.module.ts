import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CasesModule } from '../case/cases.module';
import { FollowUp } from './follow-up.entity';
import { FollowUpsService } from './follow-ups.service';
import { TaskSettingsService } from './task-settings.service';
import { TasksApiController } from './tasks-api.controller';
import { TasksPagesController } from './tasks-pages.controller';
import { TasksService } from './tasks.service';

/**
 * My tasks, the team's overdue tasks and follow-ups (issue 19 items 1-2): tasks computed from the
 * rule table (task-rules.ts) over the features' read interfaces; follow-ups stored.
 */
@Module({
  imports: [TypeOrmModule.forFeature([FollowUp]), CasesModule],
  controllers: [TasksApiController, TasksPagesController],
  providers: [TasksService, TaskSettingsService, FollowUpsService],
  exports: [TasksService, FollowUpsService],
})
export class TasksModule {}
