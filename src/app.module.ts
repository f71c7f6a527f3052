import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { AuditInterceptor } from './audit/audit.interceptor';
import { AuditModule } from './audit/audit.module';
import { AuditLogModule } from './audit-log/audit-log.module';
import { AuthGuard } from './auth/auth.guard';
import { AuthModule } from './auth/auth.module';
import { AccountModule } from './account/account.module';

import { createValidationPipe } from './common/validation';
import { appConfig } from './config/app.config';
import { CentreTimeModule } from './config/centre-time.module';
import { CryptoModule } from './crypto/crypto.module';
import { DatabaseModule } from './database/database.module';
import { TransactionModule } from './database/transaction.module';
import { DemoModule } from './demo/demo.module';
import { HealthModule } from './health/health.module';
import { HomeModule } from './home/home.module';
import { AllExceptionsFilter } from './web/all-exceptions.filter';
import { ViewContextInterceptor } from './web/view-context.interceptor';
import { I18nModule } from './i18n/i18n.module';
import { InstitutionsModule } from './institutions/institutions.module';
import { UsersModule } from './users/users.module';
import { CounselingModule } from './counseling/counseling.module';
import { ShelterModule } from './shelter/shelter.module';
import { SupportServicesModule } from './support-services/support-services.module';
import { ConferencesModule } from './conferences/conferences.module';
import { SettingsModule } from './settings/settings.module';
import { ChronologyModule } from './chronology/chronology.module';
import { SettingsAdminModule } from './settings/settings-admin.module';
import { ReferralsModule } from './referrals/referrals.module';
import { PartnershipsModule } from './partnerships/partnerships.module';
import { CommunityModule } from './community/community.module';
import { CasesModule } from './cases/cases.module';
import { CasePagesModule } from './case-pages/case-pages.module';
import { PugModule } from './pug/pug.module';
import { ProgrammeModule } from './programme/programme.module';
import { ReportsModule } from './reports/reports.module';

@Module({
  imports: [
    // Infrastructure
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [appConfig] }),
    CentreTimeModule,
    DatabaseModule,
    TransactionModule,
    SettingsModule,
    CryptoModule,
    I18nModule,
    AuditModule,
    AuditLogModule,
    AuthModule.forRoot({ userDirectory: UsersModule }),
    AccountModule,
    UsersModule,
    HealthModule,
    // Features
    HomeModule,
    InstitutionsModule,
    CasesModule,
    CasePagesModule,

    ReferralsModule,
    PartnershipsModule,
    CommunityModule,
    DemoModule,
    ChronologyModule,
    SettingsAdminModule,
    CounselingModule,
    ShelterModule,
    SupportServicesModule,
    ConferencesModule,
    PugModule,
    ProgrammeModule,
    ReportsModule,
  ],
  providers: [
    { provide: APP_PIPE, useFactory: createValidationPipe },
    { provide: APP_GUARD, useExisting: AuthGuard },
    { provide: APP_FILTER, useClass: AllExceptionsFilter },
    { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
    { provide: APP_INTERCEPTOR, useClass: ViewContextInterceptor },
  ],
})
export class AppModule {}
