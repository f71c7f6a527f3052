import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuditedManually } from '../../platform/audit/audit.interceptor';
import { AuditService } from '../../platform/audit/audit.service';
import { CurrentAuth, RequirePermission } from '../../platform/auth/auth.decorators';
import { Permission } from '../../platform/auth/permissions';
import { AppRequest, AuthContext } from '../../platform/common/request-context';
import { caseFormAction } from '../counseling/case-tracks.common';
import { parseForm } from '../../web/form-action';
import { SupportServiceFormDto, SupportServiceUpdateFormDto } from './dto/support-service.dto';
import { SupportServicesService } from './support-services.service';

/** The support-service forms of the case page (views/partials/case-services.hbs). */
@ApiExcludeController()
@Controller('cases/:id/services')
export class SupportServicesPagesController {
  constructor(
    private readonly services: SupportServicesService,
    private readonly audit: AuditService,
  ) {}

  @Post()
  @RequirePermission(Permission.ServicesWrite)
  @AuditedManually()
  async create(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    const opts = {
      caseId: id,
      section: 'services',
      action: Permission.ServicesWrite,
      flash: 'services.flash.planned',
    };
    await caseFormAction(reply, req, this.audit, opts, async () => {
      const form = await parseForm(SupportServiceFormDto, body);
      await this.services.create(auth, id, form);
    });
  }

  @Post(':serviceId')
  @RequirePermission(Permission.ServicesWrite)
  @AuditedManually()
  async update(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Param('serviceId') serviceId: string,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    const opts = {
      caseId: id,
      section: 'services',
      action: Permission.ServicesWrite,
      flash: 'services.flash.updated',
      resourceId: serviceId,
    };
    await caseFormAction(reply, req, this.audit, opts, async () => {
      const form = await parseForm(SupportServiceUpdateFormDto, body);
      await this.services.update(auth, id, serviceId, form);
    });
  }
}
