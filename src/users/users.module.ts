import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SessionsModule } from '../platform/auth/sessions.module';
import { USER_DIRECTORY } from '../platform/auth/user-directory';
import { InstitutionsModule } from '../institutions/institutions.module';
import { InitialAdminService } from './initial-admin.service';
import { UsersApiController } from './users-api.controller';
import { UsersPagesController } from './users-pages.controller';
import { LoginFailure } from './login-failure.entity';
import { LoginLockoutService } from './login-lockout.service';
import { UserDirectoryAdapter } from './user-directory.adapter';
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
  providers: [
    UsersService,
    LoginLockoutService,
    InitialAdminService,
    UserDirectoryAdapter,
    { provide: USER_DIRECTORY, useExisting: UserDirectoryAdapter },
  ],
  exports: [UsersService, LoginLockoutService, InitialAdminService, USER_DIRECTORY],
})
export class UsersModule {}
