import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { UsersModule } from '../users/users.module';
import { EmailDeliveriesApiController } from './email-deliveries-api.controller';
import { EmailDeliveriesPagesController } from './email-deliveries-pages.controller';
import { EmailDeliveriesService } from './email-deliveries.service';
import { EmailSender } from './email-sender.service';

/** E-mail notifications (issue 19 item 3): the background sender of the outbox. */
@Module({
  imports: [NotificationsModule, UsersModule],
  controllers: [EmailDeliveriesApiController, EmailDeliveriesPagesController],
  providers: [EmailSender, EmailDeliveriesService],
  exports: [EmailSender],
})
export class EmailModule {}
