import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventSummariesModule } from '../case/event-summaries.module';
import { NotificationBadgeInterceptor } from './notification-badge.interceptor';
import { EmailDelivery } from './email-delivery.entity';
import { EmailOutboxService } from './email-outbox.service';
import { Notification } from './notification.entity';
import { NotificationsApiController } from './notifications-api.controller';
import { NotificationsService } from './notifications.service';

/**
 * In-app notifications (codes and links, never personal data), written inside the action's
 * transaction by any module that tells someone something: referrals, monitoring, and the account
 * administration (a case role granted, a password reset). The page lives with the referral pages.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Notification, EmailDelivery]), EventSummariesModule],
  controllers: [NotificationsApiController],
  providers: [
    NotificationsService,
    EmailOutboxService,
    { provide: APP_INTERCEPTOR, useClass: NotificationBadgeInterceptor },
  ],
  exports: [NotificationsService, EmailOutboxService],
})
export class NotificationsModule {}
