import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuditedManually } from '../../platform/audit/audit.interceptor';
import { AuditService } from '../../platform/audit/audit.service';
import { CurrentAuth, RequirePermission } from '../../platform/auth/auth.decorators';
import { Permission } from '../../platform/auth/permissions';
import { AppRequest, AuthContext } from '../../platform/common/request-context';
import { caseFormAction } from './case-tracks.common';
import { parseForm } from '../../web/form-action';
import { CounselingService } from './counseling.service';
import { CounselingSessionFormDto, RiskAssessmentFormDto, SafetyPlanFormDto } from './dto/counseling.dto';

/** The counseling forms of the case page (views/partials/case-counseling.hbs); each answers 303 back to it. */
@ApiExcludeController()
@Controller('cases/:id')
export class CounselingPagesController {
  constructor(
    private readonly counseling: CounselingService,
    private readonly audit: AuditService,
  ) {}

  @Post('counseling-sessions')
  @RequirePermission(Permission.CounselingWrite)
  @AuditedManually()
  async addSession(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    const opts = {
      caseId: id,
      section: 'counseling',
      action: Permission.CounselingWrite,
      flash: 'counseling.flash.sessionAdded',
    };
    await caseFormAction(reply, req, this.audit, opts, async () => {
      const form = await parseForm(CounselingSessionFormDto, body);
      await this.counseling.addSession(auth, id, form);
    });
  }

  @Post('risk-assessments')
  @RequirePermission(Permission.CounselingWrite)
  @AuditedManually()
  async addRiskAssessment(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    const opts = {
      caseId: id,
      section: 'risk',
      action: Permission.CounselingWrite,
      flash: 'counseling.flash.riskAssessed',
    };
    await caseFormAction(reply, req, this.audit, opts, async () => {
      const form = await parseForm(RiskAssessmentFormDto, body);
      await this.counseling.addRiskAssessment(auth, id, {
        assessedAt: form.assessedAt,
        threatToLife: form.threatToLife === true,
        riskLevel: form.riskLevel,
        factors: form.factors ?? [],
        notes: form.notes,
      });
    });
  }

  @Post('safety-plan')
  @RequirePermission(Permission.CounselingWrite)
  @AuditedManually()
  async updateSafetyPlan(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    const opts = {
      caseId: id,
      section: 'safety-plan',
      action: Permission.CounselingWrite,
      flash: 'counseling.flash.safetyPlanSaved',
    };
    await caseFormAction(reply, req, this.audit, opts, async () => {
      const form = await parseForm(SafetyPlanFormDto, body);
      await this.counseling.updateSafetyPlan(auth, id, form.plan, form.version);
    });
  }
}
