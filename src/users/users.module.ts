import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SessionsModule } from '../auth/sessions.module';
import { InstitutionsModule } from '../institutions/institutions.module';
import { InitialAdminService } from './initial-admin.service';
import { UsersApiController } from './users-api.controller';
import { UsersPagesController } from './users-pages.controller';
import { User } from './user.entity';
import { UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([User]), SessionsModule, InstitutionsModule, NotificationsModule],
  controllers: [UsersApiController, UsersPagesController],
  providers: [UsersService, InitialAdminService],
  exports: [UsersService, InitialAdminService],
})
export class UsersModule {}
