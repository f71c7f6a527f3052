import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { AuditInterceptor } from './platform/audit/audit.interceptor';
import { AuditModule } from './platform/audit/audit.module';
import { AuditLogModule } from './platform/audit-log/audit-log.module';
import { AuthGuard } from './platform/auth/auth.guard';
import { AuthModule } from './platform/auth/auth.module';
import { AccountModule } from './platform/account/account.module';

import { createValidationPipe } from './platform/common/validation';
import { appConfig } from './platform/config/app.config';
import { CentreTimeModule } from './platform/config/centre-time.module';
import { CryptoModule } from './platform/crypto/crypto.module';
import { DatabaseModule } from './platform/database/database.module';
import { TransactionModule } from './platform/database/transaction.module';
import { SchedulesModule } from './platform/schedules/schedules.module';
import { DemoModule } from './demo/demo.module';
import { HealthModule } from './platform/health/health.module';
import { HomeModule } from './home/home.module';
import { AllExceptionsFilter } from './web/all-exceptions.filter';
import { ViewContextInterceptor } from './web/view-context.interceptor';
import { I18nModule } from './platform/i18n/i18n.module';
import { InstitutionsModule } from './institutions/institutions.module';
import { UsersModule } from './users/users.module';
import { CounselingModule } from './steps/counseling/counseling.module';
import { ShelterModule } from './steps/shelter/shelter.module';
import { SupportServicesModule } from './steps/support/support-services.module';
import { ConferencesModule } from './steps/conference/conferences.module';
import { SettingsModule } from './platform/settings/settings.module';
import { ChronologyModule } from './chronology/chronology.module';
import { SettingsAdminModule } from './platform/settings/settings-admin.module';
import { ReferralsModule } from './steps/referral/referrals.module';
import { PartnershipsModule } from './steps/partnerships/partnerships.module';
import { CommunityModule } from './steps/community/community.module';
import { CasesModule } from './case/cases.module';
import { CasePagesModule } from './case-pages/case-pages.module';
import { CaseloadModule } from './caseload/caseload.module';
import { TasksModule } from './tasks/tasks.module';
import { EmailModule } from './email/email.module';
import { PugModule } from './pug/pug.module';
import { ProgrammeModule } from './steps/prevention/programme.module';
import { ReportsModule } from './reports/reports.module';

@Module({
  imports: [
    // Infrastructure
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [appConfig] }),
    CentreTimeModule,
    DatabaseModule,
    TransactionModule,
    SchedulesModule,
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
    CaseloadModule,
    TasksModule,
    EmailModule,

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
