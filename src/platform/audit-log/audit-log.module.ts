import { Module } from '@nestjs/common';
import { AuditApiController } from './audit-api.controller';
import { AuditPagesController } from './audit-pages.controller';

/**
 * The audit log as administrators read it (JSON API and pages). Apart from the audit module, which
 * writes the log and sits below auth and the page kit (both of which record through it); these
 * controllers sit above them.
 */
@Module({ controllers: [AuditApiController, AuditPagesController] })
export class AuditLogModule {}
