import { Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { appConfig, AppConfig } from '../config/app.config';
import { UsersModule } from '../users/users.module';
import { AuthApiController } from './auth-api.controller';
import { AuthPagesController } from './auth-pages.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { LoginThrottlerGuard } from './login-throttler.guard';
import { SessionsModule } from './sessions.module';

@Module({
  imports: [
    SessionsModule,
    UsersModule,
    ThrottlerModule.forRootAsync({
      inject: [appConfig.KEY],
      useFactory: (config: AppConfig) => ({
        throttlers: [{ name: 'login', ttl: 60_000, limit: config.login.rateLimitPerMinute }],
      }),
    }),
  ],
  controllers: [AuthApiController, AuthPagesController],
  providers: [AuthService, AuthGuard, LoginThrottlerGuard],
  exports: [AuthGuard, SessionsModule],
})
export class AuthModule {}
