import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CasesModule } from '../case/cases.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { UsersModule } from '../users/users.module';
import { ClosurePagesController } from './closure-pages.controller';
import { ClosureRequest } from './closure-request.entity';
import { ClosureRequestsApiController } from './closure-requests-api.controller';
import { ClosureRequestsService } from './closure-requests.service';
import { HandoverApiController } from './handover-api.controller';
import { HandoverPagesController } from './handover-pages.controller';
import { HandoverService } from './handover.service';

/**
 * A coordinator's decisions on counselors' caseloads (issue 19): closure approval (a counselor's
 * request, the coordinator's approval firing `close`, or its return) and the caseload handover.
 */
@Module({
  imports: [TypeOrmModule.forFeature([ClosureRequest]), CasesModule, NotificationsModule, UsersModule],
  controllers: [
    ClosureRequestsApiController,
    ClosurePagesController,
    HandoverApiController,
    HandoverPagesController,
  ],
  providers: [ClosureRequestsService, HandoverService],
  exports: [ClosureRequestsService],
})
export class CaseloadModule {}
