import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SessionsModule } from '../auth/sessions.module';
import { InstitutionsModule } from '../institutions/institutions.module';
import { InitialAdminService } from './initial-admin.service';
import { UsersApiController } from './users-api.controller';
import { UsersPagesController } from './users-pages.controller';
import { LoginFailure } from './login-failure.entity';
import { LoginLockoutService } from './login-lockout.service';
import { User } from './user.entity';
import { UsersService } from './users.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([User, LoginFailure]),
    SessionsModule,
    InstitutionsModule,
    NotificationsModule,
  ],
  controllers: [UsersApiController, UsersPagesController],
  providers: [UsersService, LoginLockoutService, InitialAdminService],
  exports: [UsersService, LoginLockoutService, InitialAdminService],
})
export class UsersModule {}
