import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuditedManually } from '../../platform/audit/audit.interceptor';
import { AuditService } from '../../platform/audit/audit.service';
import { CurrentAuth, RequirePermission } from '../../platform/auth/auth.decorators';
import { Permission } from '../../platform/auth/permissions';
import { AppRequest, AuthContext } from '../../platform/common/request-context';
import { caseSectionFormAction, parseForm } from '../../web/form-action';
import { CaseFlagsService } from './case-flags.service';
import { RemoveCaseFlagFormDto, SetCaseFlagFormDto } from './dto/case-flag.dto';

/** The flags forms of the case page (section #flags of the overview): 303 back with a flash. */
@ApiExcludeController()
@Controller('cases')
export class CaseFlagsPagesController {
  constructor(
    private readonly flags: CaseFlagsService,
    private readonly audit: AuditService,
  ) {}

  private back(
    req: AppRequest,
    reply: FastifyReply,
    id: string,
    flash: string,
    work: () => Promise<unknown>,
  ): Promise<void> {
    return caseSectionFormAction(
      reply,
      req,
      this.audit,
      { caseId: id, anchor: 'flags', action: Permission.FlagsWrite, flash },
      work,
    );
  }

  @Post(':id/flags')
  @RequirePermission(Permission.FlagsWrite)
  @AuditedManually()
  set(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    return this.back(req, reply, id, 'flags.flash.set', async () => {
      const form = await parseForm(SetCaseFlagFormDto, body);
      await this.flags.set(auth, id, form);
    });
  }

  @Post(':id/flags/:flagId/removal')
  @RequirePermission(Permission.FlagsWrite)
  @AuditedManually()
  remove(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Param('flagId') flagId: string,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    return this.back(req, reply, id, 'flags.flash.removed', async () => {
      const form = await parseForm(RemoveCaseFlagFormDto, body);
      await this.flags.remove(auth, id, flagId, form.reason);
    });
  }
}
