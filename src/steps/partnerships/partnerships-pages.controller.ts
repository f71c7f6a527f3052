import { Body, Controller, Get, Param, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuditedManually } from '../../platform/audit/audit.interceptor';
import { AuditService } from '../../platform/audit/audit.service';
import { CurrentAuth, RequirePermission } from '../../platform/auth/auth.decorators';
import { Permission } from '../../platform/auth/permissions';
import { AppException } from '../../platform/common/app.exception';
import { listControlsView } from '../../platform/common/list-sort';
import { DEFAULT_PAGE_SIZE, paginationView } from '../../platform/common/pagination';
import { AppRequest, AuthContext, languageOf } from '../../platform/common/request-context';
import { assertUuid } from '../../platform/common/uuid';
import { Translator } from '../../platform/i18n/translator';
import { fieldMessages } from '../../web/field-messages';
import { textOf, validateInput } from '../../web/forms';
import { InstitutionsService } from '../../institutions/institutions.service';
import { formAction, pageError, parseForm } from '../../web/form-action';
import {
  AgreementFormDto,
  AgreementListPageQueryDto,
  CompleteRecoveryPlanFormDto,
  RecoveryNoteFormDto,
  RecoveryPlanFormDto,
  RecoveryServiceFormDto,
  RecoveryServiceStatusFormDto,
} from './dto/partnership.dto';
import { AGREEMENT_STATUSES, PARTNERSHIP_SERVICES } from './partnership.constants';
import { PARTNERSHIP_LIST_SORT } from './partnership-list-sort';
import { PartnershipsService } from './partnerships.service';
import { RecoveryService } from './recovery.service';

/** Goals typed one per line. */
const goalsOf = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

/** Partnership agreements and the recovery plan page of a case. */
@ApiExcludeController()
@Controller()
export class PartnershipsPagesController {
  constructor(
    private readonly partnerships: PartnershipsService,
    private readonly recovery: RecoveryService,
    private readonly institutions: InstitutionsService,
    private readonly audit: AuditService,
    private readonly translator: Translator,
  ) {}

  @Get('partnerships')
  @RequirePermission(Permission.PartnershipsRead)
  @Render('partnerships/list')
  async list(
    @Req() req: AppRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Query() raw: Record<string, unknown>,
  ) {
    const base = {
      title: 'partnerships.list.title',
      filters: { status: textOf(raw.status), service: textOf(raw.service), inForce: textOf(raw.inForce) },
      filterFields: ['status', 'service', 'inForce'],
      statuses: AGREEMENT_STATUSES,
      services: PARTNERSHIP_SERVICES,
      canManage: auth.permissions.has(Permission.PartnershipsManage),
    };
    const parsed = await validateInput(AgreementListPageQueryDto, raw, 'query');
    if (parsed.error) {
      const problem = fieldMessages(this.translator, languageOf(req), parsed.error);
      reply.status(problem.status);
      const listing = listControlsView(
        PARTNERSHIP_LIST_SORT,
        '/partnerships',
        { pageSize: DEFAULT_PAGE_SIZE },
        base.filters,
      );
      return { ...base, ...problem, listing, agreements: [], pagination: null };
    }
    const q = parsed.value;
    const page = await this.partnerships.list(q);
    const kept = { status: q.status, service: q.service, inForce: q.inForce };
    return {
      ...base,
      agreements: page.items,
      listing: listControlsView(PARTNERSHIP_LIST_SORT, '/partnerships', q, kept),
      pagination: paginationView(page.total, q.page, q.pageSize, '/partnerships', {
        ...kept,
        sort: q.sort,
        dir: q.dir,
      }),
    };
  }

  private async formData(agreement: Awaited<ReturnType<PartnershipsService['get']>> | null, error: unknown) {
    const institutions = await this.institutions.listActive();
    return {
      title: agreement ? 'partnerships.form.editTitle' : 'partnerships.form.newTitle',
      agreement,
      institutions: institutions.map((i) => ({
        id: i.id,
        name: i.name,
        selected: i.id === agreement?.institution.id,
      })),
      services: PARTNERSHIP_SERVICES.map((s) => ({
        value: s,
        checked: agreement?.services.includes(s) ?? false,
      })),
      statuses: AGREEMENT_STATUSES.map((s) => ({
        value: s,
        selected: s === (agreement?.status ?? 'active'),
      })),
      errorKey: pageError(this.translator, error),
    };
  }

  @Get('partnerships/new')
  @RequirePermission(Permission.PartnershipsManage)
  @Render('partnerships/form')
  async newForm(@Query('error') error: unknown) {
    return { ...(await this.formData(null, error)), canManage: true };
  }

  @Post('partnerships')
  @RequirePermission(Permission.PartnershipsManage)
  @AuditedManually()
  async create(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Body() body: Record<string, unknown>,
  ) {
    await formAction(
      reply,
      req,
      this.audit,
      {
        back: '/partnerships/new',
        action: Permission.PartnershipsManage,
        flash: 'partnerships.flash.created',
        resourceId: null,
        next: (a) => `/partnerships/${(a as { id: string }).id}`,
      },
      async () => {
        const {
          _csrf: _c,
          version: _v,
          ...input
        } = await parseForm(AgreementFormDto, { services: [], ...body });
        return this.partnerships.create(auth, input);
      },
    );
  }

  @Get('partnerships/:id')
  @RequirePermission(Permission.PartnershipsRead)
  @Render('partnerships/form')
  async edit(@CurrentAuth() auth: AuthContext, @Param('id') id: string, @Query('error') error: unknown) {
    return {
      ...(await this.formData(await this.partnerships.get(id), error)),
      canManage: auth.permissions.has(Permission.PartnershipsManage),
    };
  }

  @Post('partnerships/:id')
  @RequirePermission(Permission.PartnershipsManage)
  @AuditedManually()
  async update(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
  ) {
    await this.partnerships.get(id);
    await formAction(
      reply,
      req,
      this.audit,
      {
        back: `/partnerships/${id}`,
        action: Permission.PartnershipsManage,
        flash: 'partnerships.flash.updated',
        resourceId: id,
      },
      async () => {
        const form = await parseForm(AgreementFormDto, { services: [], ...body });
        if (!form.version) throw AppException.versionConflict();
        return this.partnerships.update(id, {
          version: form.version,
          title: form.title,
          validFrom: form.validFrom,
          validUntil: form.validUntil ?? null,
          services: form.services,
          status: form.status,
          notes: form.notes ?? null,
        });
      },
    );
  }

  // ---- recovery plan of a case ------------------------------------------------------------------

  @Get('cases/:id/recovery-plan')
  @RequirePermission(Permission.RecoveryRead)
  @Render('partnerships/recovery')
  async recoveryPage(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Query('error') error: unknown,
  ) {
    const view = await this.recovery.forCase(auth, id);
    if (!view) throw AppException.notFound();
    return {
      title: 'partnerships.recovery.title',
      recovery: view,
      goalsText: view.plan ? view.plan.goals.join('\n') : '',
      services: PARTNERSHIP_SERVICES,
      errorKey: pageError(this.translator, error),
    };
  }

  private recoveryForm(
    req: AppRequest,
    reply: FastifyReply,
    id: string,
    flash: string,
    work: () => Promise<unknown>,
  ) {
    assertUuid(id);
    return formAction(
      reply,
      req,
      this.audit,
      { back: `/cases/${id}/recovery-plan`, action: Permission.RecoveryWrite, flash, resourceId: id },
      work,
    );
  }

  @Post('cases/:id/recovery-plan')
  @RequirePermission(Permission.RecoveryWrite)
  @AuditedManually()
  savePlan(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
  ) {
    return this.recoveryForm(req, reply, id, 'partnerships.flash.planSaved', async () => {
      const form = await parseForm(RecoveryPlanFormDto, body);
      const goals = goalsOf(form.goals);
      return form.version
        ? this.recovery.updateGoals(auth, id, form.version, goals)
        : this.recovery.create(auth, id, goals);
    });
  }

  @Post('cases/:id/recovery-plan/services')
  @RequirePermission(Permission.RecoveryWrite)
  @AuditedManually()
  addService(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
  ) {
    return this.recoveryForm(req, reply, id, 'partnerships.flash.serviceAdded', async () => {
      const { _csrf: _c, ...input } = await parseForm(RecoveryServiceFormDto, body);
      return this.recovery.addService(auth, id, input);
    });
  }

  @Post('cases/:id/recovery-plan/services/:serviceId/status')
  @RequirePermission(Permission.RecoveryWrite)
  @AuditedManually()
  serviceStatus(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Param('serviceId') serviceId: string,
    @Body() body: Record<string, unknown>,
  ) {
    return this.recoveryForm(req, reply, id, 'partnerships.flash.serviceUpdated', async () => {
      const form = await parseForm(RecoveryServiceStatusFormDto, body);
      return this.recovery.updateService(auth, id, serviceId, { version: form.version, status: form.status });
    });
  }

  @Post('cases/:id/recovery-plan/notes')
  @RequirePermission(Permission.RecoveryWrite)
  @AuditedManually()
  addNote(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
  ) {
    return this.recoveryForm(req, reply, id, 'partnerships.flash.noteAdded', async () => {
      const form = await parseForm(RecoveryNoteFormDto, body);
      return this.recovery.addNote(auth, id, { notedOn: form.notedOn, note: form.note });
    });
  }

  @Post('cases/:id/recovery-plan/complete')
  @RequirePermission(Permission.RecoveryWrite)
  @AuditedManually()
  complete(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
  ) {
    return this.recoveryForm(req, reply, id, 'partnerships.flash.planCompleted', async () => {
      const form = await parseForm(CompleteRecoveryPlanFormDto, body);
      return this.recovery.complete(auth, id, form.version, form.note);
    });
  }
}
