import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditApiController } from './audit-api.controller';
import { AuditLog } from './audit-log.entity';
import { AuditPagesController } from './audit-pages.controller';
import { AuditService } from './audit.service';

/** The audit log, available to every module (infrastructure: it imports no feature). */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([AuditLog])],
  controllers: [AuditApiController, AuditPagesController],
  providers: [AuditService],
  exports: [AuditService],
})
export class AuditModule {}
