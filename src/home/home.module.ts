import { Module } from '@nestjs/common';
import { TasksModule } from '../tasks/tasks.module';
import { HomeController } from './home.controller';

@Module({ imports: [TasksModule], controllers: [HomeController] })
export class HomeModule {}
