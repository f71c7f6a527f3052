import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CasesModule } from '../../case/cases.module';
import { NotificationsModule } from '../../notifications/notifications.module';
import { InstitutionsModule } from '../../institutions/institutions.module';
import { ConsentApiController } from './consent-api.controller';
import { Consent } from './consent.entity';
import { ConsentService } from './consent.service';
import { FileStoreService } from './file-store.service';
import { PartnerApiController } from './partner-api.controller';
import { PartnerPagesController } from './partner-pages.controller';
import { PartnerReferralsService } from './partner-referrals.service';
import { ReferralAction } from './referral-action.entity';
import { ReferralDecline } from './referral-decline.entity';
import { ReferralEligibilityService } from './referral-eligibility.service';
import { ReferralSettingsService } from './referral-settings.service';
import { ReferralTrack } from './referral-track';
import { ReferralWorkflowGuards } from './referral-workflow-guards';
import { Referral } from './referral.entity';
import { ReferralsApiController } from './referrals-api.controller';
import { ReferralsPagesController } from './referrals-pages.controller';
import { ReferralPresenter } from './pages/referral.presenter';
import { ReferralsService } from './referrals.service';
import { StatisticsConsent } from './statistics-consent.entity';
import { StoredFile } from './stored-file.entity';

/**
 * Step 6 — referrals to partner team members by service role, under the victim's consent — with the
 * partner inbox, encrypted documents and in-app notifications. Imports CasesModule so that its
 * default workflow guards are registered first and replaced here.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      Consent,
      StatisticsConsent,
      StoredFile,
      Referral,
      ReferralDecline,
      ReferralAction,
    ]),
    CasesModule,
    NotificationsModule,
    InstitutionsModule,
  ],
  controllers: [
    ConsentApiController,
    ReferralsApiController,
    PartnerApiController,
    ReferralsPagesController,
    PartnerPagesController,
  ],
  providers: [
    ReferralPresenter,
    ReferralEligibilityService,
    FileStoreService,
    ConsentService,
    ReferralSettingsService,
    ReferralsService,
    PartnerReferralsService,
    ReferralWorkflowGuards,
    ReferralTrack,
  ],
  exports: [
    ReferralPresenter,
    ReferralEligibilityService,
    ConsentService,
    ReferralsService,
    NotificationsModule,
    FileStoreService,
    PartnerReferralsService,
    ReferralSettingsService,
  ],
})
export class ReferralsModule {}
