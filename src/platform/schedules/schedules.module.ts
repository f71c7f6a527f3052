import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ScheduleRun } from './schedule-run.entity';
import { Scheduler } from './scheduler.service';

/** Periodic work that runs once across instances (see Scheduler). Global: features register tasks. */
@Global()
@Module({ imports: [TypeOrmModule.forFeature([ScheduleRun])], providers: [Scheduler], exports: [Scheduler] })
export class SchedulesModule {}
