import { DynamicModule, Module, Type } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Clock } from '../common/clock';
import { appConfig, AppConfig } from '../config/app.config';
import { TransactionService } from '../database/transaction.service';
import { DatabaseThrottlerStorage } from './database-throttler-storage';
import { AuthApiController } from './auth-api.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { LoginThrottlerGuard } from './login-throttler.guard';
import { RateLimitCounter } from './rate-limit-counter.entity';
import { SessionsModule } from './sessions.module';

/**
 * Login, logout, password change (JSON API) and the global guard; global, so that the login pages
 * (account/, above the page kit) and the guards find AuthService and the user directory. The accounts
 * belong to the users module, which auth does not import: the application names the module that
 * provides the `USER_DIRECTORY` (user-directory.ts), `AuthModule.forRoot({ userDirectory: UsersModule })`.
 */
@Module({})
export class AuthModule {
  static forRoot(options: { userDirectory: Type | DynamicModule }): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      imports: [
        SessionsModule,
        TypeOrmModule.forFeature([RateLimitCounter]),
        options.userDirectory,
        ThrottlerModule.forRootAsync({
          inject: [appConfig.KEY, TransactionService, Clock],
          // Counted in the database, so that every instance behind a proxy shares the buckets.
          useFactory: (config: AppConfig, tx: TransactionService, clock: Clock) => ({
            throttlers: [{ name: 'login', ttl: 60_000, limit: config.login.rateLimitPerMinute }],
            storage: new DatabaseThrottlerStorage(tx, clock),
          }),
        }),
      ],
      controllers: [AuthApiController],
      providers: [AuthService, AuthGuard, LoginThrottlerGuard],
      exports: [AuthGuard, AuthService, SessionsModule, options.userDirectory],
    };
  }
}
