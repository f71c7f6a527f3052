import { Body, Controller, Get, Param, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuditedManually } from '../../platform/audit/audit.interceptor';
import { AuditService } from '../../platform/audit/audit.service';
import { CurrentAuth, RequirePermission } from '../../platform/auth/auth.decorators';
import { Permission, Role } from '../../platform/auth/permissions';
import { AppException } from '../../platform/common/app.exception';
import { Clock } from '../../platform/common/clock';
import { todayOf } from '../../platform/common/dates';
import { listControlsView } from '../../platform/common/list-sort';
import { DEFAULT_PAGE_SIZE, paginationView } from '../../platform/common/pagination';
import { AppRequest, AuthContext, languageOf } from '../../platform/common/request-context';
import { assertUuid } from '../../platform/common/uuid';
import { Translator } from '../../platform/i18n/translator';
import { fieldMessages } from '../../web/field-messages';
import { recordAudit, textOf, validateInput } from '../../web/forms';
import { formAction, pageError, parseForm } from '../../web/form-action';
import { UsersService } from '../../users/users.service';
import { VISIT_SITUATIONS } from './community.constants';
import { CommunityService } from './community.service';
import {
  AssignMonitoringFormDto,
  EndAssignmentFormDto,
  RecordVisitFormDto,
  VolunteerFormDto,
  MyMonitoringPageQueryDto,
  VolunteerListPageQueryDto,
} from './dto/community.dto';
import { MY_MONITORING_LIST_SORT, VOLUNTEER_LIST_SORT } from './community-list-sort';

/** Volunteers (coordinators), a case's monitoring (staff) and the volunteer's own assignments. */
@ApiExcludeController()
@Controller()
export class CommunityPagesController {
  constructor(
    private readonly community: CommunityService,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly translator: Translator,
    private readonly clock: Clock,
  ) {}

  // ---- volunteers ---------------------------------------------------------------------------------

  @Get('community/volunteers')
  @RequirePermission(Permission.VolunteersRead)
  @Render('community/volunteers')
  async volunteers(
    @Req() req: AppRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Query() raw: Record<string, unknown>,
  ) {
    const base = {
      title: 'community.volunteers.title',
      filters: { q: textOf(raw.q), active: textOf(raw.active) },
      filterFields: ['q', 'active'],
      canManage: auth.permissions.has(Permission.VolunteersManage),
    };
    const parsed = await validateInput(VolunteerListPageQueryDto, raw, 'query');
    if (parsed.error) {
      const problem = fieldMessages(this.translator, languageOf(req), parsed.error);
      reply.status(problem.status);
      const listing = listControlsView(
        VOLUNTEER_LIST_SORT,
        '/community/volunteers',
        { pageSize: DEFAULT_PAGE_SIZE },
        base.filters,
      );
      return { ...base, ...problem, listing, volunteers: [], pagination: null };
    }
    const q = parsed.value;
    const page = await this.community.listVolunteers(q);
    const kept = { q: q.q, active: q.active };
    return {
      ...base,
      volunteers: page.items,
      listing: listControlsView(VOLUNTEER_LIST_SORT, '/community/volunteers', q, kept),
      pagination: paginationView(page.total, q.page, q.pageSize, '/community/volunteers', {
        ...kept,
        sort: q.sort,
        dir: q.dir,
      }),
    };
  }

  private async accounts(selected: string | null) {
    const { items } = await this.users.list({
      role: Role.CommunityVolunteer,
      active: true,
      page: 1,
      pageSize: 100,
    });
    return items.map((u) => ({
      id: u.id,
      label: `${u.displayName} (${u.username})`,
      selected: u.id === selected,
    }));
  }

  @Get('community/volunteers/new')
  @RequirePermission(Permission.VolunteersManage)
  @Render('community/volunteer-form')
  async newVolunteer(@Query('error') error: unknown) {
    return {
      title: 'community.volunteers.new',
      volunteer: null,
      accounts: await this.accounts(null),
      canManage: true,
      errorKey: pageError(this.translator, error),
    };
  }

  @Post('community/volunteers')
  @RequirePermission(Permission.VolunteersManage)
  @AuditedManually()
  async createVolunteer(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @Body() body: Record<string, unknown>,
  ) {
    await formAction(
      reply,
      req,
      this.audit,
      {
        back: '/community/volunteers/new',
        action: Permission.VolunteersManage,
        flash: 'community.flash.volunteerSaved',
        resourceId: null,
        next: () => '/community/volunteers',
      },
      async () => {
        const { _csrf: _c, version: _v, isActive: _a, ...input } = await parseForm(VolunteerFormDto, body);
        return this.community.createVolunteer(input);
      },
    );
  }

  @Get('community/volunteers/:id')
  @RequirePermission(Permission.VolunteersRead)
  @Render('community/volunteer-form')
  async volunteer(@CurrentAuth() auth: AuthContext, @Param('id') id: string, @Query('error') error: unknown) {
    const volunteer = await this.community.getVolunteer(id);
    const canManage = auth.permissions.has(Permission.VolunteersManage);
    return {
      title: 'community.volunteers.edit',
      volunteer,
      accounts: canManage ? await this.accounts(volunteer.userId) : [],
      canManage,
      errorKey: pageError(this.translator, error),
    };
  }

  @Post('community/volunteers/:id')
  @RequirePermission(Permission.VolunteersManage)
  @AuditedManually()
  async updateVolunteer(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
  ) {
    await this.community.getVolunteer(id);
    await formAction(
      reply,
      req,
      this.audit,
      {
        back: `/community/volunteers/${id}`,
        action: Permission.VolunteersManage,
        flash: 'community.flash.volunteerSaved',
        resourceId: id,
      },
      async () => {
        const form = await parseForm(VolunteerFormDto, { isActive: false, ...body });
        if (!form.version) throw AppException.versionConflict();
        return this.community.updateVolunteer(id, {
          version: form.version,
          name: form.name,
          groupName: form.groupName,
          district: form.district ?? null,
          phone: form.phone ?? null,
          userId: form.userId ?? null,
          isActive: form.isActive === true,
        });
      },
    );
  }

  // ---- a case's monitoring (staff) -------------------------------------------------------------------

  @Get('cases/:id/monitoring')
  @RequirePermission(Permission.MonitoringRead)
  @Render('community/case-monitoring')
  async caseMonitoring(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Query('error') error: unknown,
  ) {
    const view = await this.community.forCase(auth, id);
    if (!view) throw AppException.notFound();
    return {
      title: 'community.monitoring.title',
      monitoring: view,
      errorKey: pageError(this.translator, error),
    };
  }

  @Post('cases/:id/monitoring')
  @RequirePermission(Permission.MonitoringManage)
  @AuditedManually()
  async assign(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
  ) {
    assertUuid(id);
    await formAction(
      reply,
      req,
      this.audit,
      {
        back: `/cases/${id}/monitoring`,
        action: Permission.MonitoringManage,
        flash: 'community.flash.assigned',
        resourceId: id,
      },
      async () => {
        const { _csrf: _c, ...input } = await parseForm(AssignMonitoringFormDto, body);
        return this.community.assign(auth, id, input);
      },
    );
  }

  @Post('monitoring-assignments/:id/end')
  @RequirePermission(Permission.MonitoringManage)
  @AuditedManually()
  async end(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
  ) {
    const raw = body ?? {};
    const caseId = typeof raw.caseId === 'string' && /^[0-9a-f-]{36}$/i.test(raw.caseId) ? raw.caseId : null;
    if (!caseId) {
      const refused = AppException.notFound();
      await recordAudit(this.audit, req, Permission.MonitoringManage, id, refused).catch(() => undefined);
      throw refused;
    }
    await formAction(
      reply,
      req,
      this.audit,
      {
        back: `/cases/${caseId}/monitoring`,
        action: Permission.MonitoringManage,
        flash: 'community.flash.ended',
        resourceId: id,
      },
      async () => {
        const { caseId: _case, ...rest } = raw;
        const form = await parseForm(EndAssignmentFormDto, rest);
        return this.community.end(auth, id, form.version, caseId);
      },
    );
  }

  // ---- the volunteer's own -----------------------------------------------------------------------------

  @Get('community/monitoring')
  @RequirePermission(Permission.MonitoringOwn)
  @Render('community/my-monitoring')
  async mine(
    @Req() req: AppRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Query() raw: Record<string, unknown>,
  ) {
    const base = { title: 'community.mine.title', filterFields: [] as string[] };
    const parsed = await validateInput(MyMonitoringPageQueryDto, raw, 'query');
    if (parsed.error) {
      const problem = fieldMessages(this.translator, languageOf(req), parsed.error);
      reply.status(problem.status);
      const listing = listControlsView(
        MY_MONITORING_LIST_SORT,
        '/community/monitoring',
        { pageSize: DEFAULT_PAGE_SIZE },
        {},
      );
      return { ...base, ...problem, listing, assignments: [], pagination: null };
    }
    const q = parsed.value;
    const page = await this.community.myAssignments(auth, q);
    return {
      ...base,
      assignments: page.items,
      listing: listControlsView(MY_MONITORING_LIST_SORT, '/community/monitoring', q, {}),
      pagination: paginationView(page.total, q.page, q.pageSize, '/community/monitoring', {
        sort: q.sort,
        dir: q.dir,
      }),
    };
  }

  @Get('community/monitoring/:id')
  @RequirePermission(Permission.MonitoringOwn)
  @Render('community/my-assignment')
  async myAssignment(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Query('error') error: unknown,
  ) {
    return {
      title: 'community.mine.assignment',
      assignment: await this.community.myAssignment(auth, id),
      situations: VISIT_SITUATIONS,
      today: todayOf(this.clock),
      errorKey: pageError(this.translator, error),
    };
  }

  @Post('community/monitoring/:id/visits')
  @RequirePermission(Permission.MonitoringOwn)
  @AuditedManually()
  async visit(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
  ) {
    assertUuid(id);
    await formAction(
      reply,
      req,
      this.audit,
      {
        back: `/community/monitoring/${id}`,
        action: Permission.MonitoringOwn,
        flash: 'community.flash.visitRecorded',
        resourceId: id,
      },
      async () => {
        const { _csrf: _c, ...input } = await parseForm(RecordVisitFormDto, body);
        return this.community.recordVisit(auth, id, input);
      },
    );
  }
}
