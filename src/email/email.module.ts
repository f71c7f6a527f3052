import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EmailDelivery } from '../notifications/email-delivery.entity';
import { UsersModule } from '../users/users.module';
import { EmailDeliveriesApiController } from './email-deliveries-api.controller';
import { EmailDeliveriesPagesController } from './email-deliveries-pages.controller';
import { EmailDeliveriesService } from './email-deliveries.service';
import { EmailSender } from './email-sender.service';

/** E-mail notifications (issue 19 item 3): the background sender of the outbox. */
@Module({
  imports: [TypeOrmModule.forFeature([EmailDelivery]), UsersModule],
  controllers: [EmailDeliveriesApiController, EmailDeliveriesPagesController],
  providers: [EmailSender, EmailDeliveriesService],
  exports: [EmailSender],
})
export class EmailModule {}
