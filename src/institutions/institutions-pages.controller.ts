import { Body, Controller, Get, Param, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuditedManually } from '../platform/audit/audit.interceptor';
import { AuditService } from '../platform/audit/audit.service';
import { RequirePermission } from '../platform/auth/auth.decorators';
import { Permission } from '../platform/auth/permissions';
import { ErrorCode } from '../platform/common/app.exception';
import { listControlsView } from '../platform/common/list-sort';
import { DEFAULT_PAGE_SIZE, paginationView } from '../platform/common/pagination';
import { fieldMessages } from '../web/field-messages';
import { INSTITUTION_LIST_SORT } from './institution-list-sort';
import { AppRequest, languageOf } from '../platform/common/request-context';
import { parseForm, runForm } from '../web/form-action';
import { renderPage } from '../web/page-kit';
import { Translator } from '../platform/i18n/translator';
import { formError, FormError, idPipe, listOf, textOf, validateInput } from '../web/forms';
import {
  InstitutionEditFormDto,
  InstitutionFormDto,
  InstitutionListPageQueryDto,
} from './dto/institution.dto';
import { Institution, INSTITUTION_TYPES } from './institution.entity';
import { InstitutionInput, InstitutionsService } from './institutions.service';
import { SERVICE_ROLES } from './service-roles';

interface InstitutionFormValues {
  name: string;
  type: string;
  isActive: boolean;
  version?: string | number;
  phone?: string | null;
  email?: string | null;
  address?: string | null;
  serviceRoles?: string[];
  activeFrom?: string | null;
  activeUntil?: string | null;
}

/** The partner fields of a validated form, as the service takes them. */
function partnerFields(form: InstitutionFormDto): Partial<InstitutionInput> {
  return {
    phone: form.phone ?? null,
    email: form.email ?? null,
    address: form.address ?? null,
    serviceRoles: form.serviceRoles ?? [],
    activeFrom: form.activeFrom ?? null,
    activeUntil: form.activeUntil ?? null,
  };
}

/** Partner institution pages: read by coordinators and the PUG secretariat, managed by the admin. */
@ApiExcludeController()
@Controller('admin/institutions')
export class InstitutionsPagesController {
  constructor(
    private readonly institutions: InstitutionsService,
    private readonly audit: AuditService,
    private readonly translator: Translator,
  ) {}

  private canManage(req: AppRequest): boolean {
    return !!req.auth?.permissions.has(Permission.InstitutionsManage);
  }

  private typeOptions(selected: string) {
    return INSTITUTION_TYPES.map((value) => ({ value, selected: value === selected }));
  }

  private view(i: Institution) {
    return {
      id: i.id,
      name: i.name,
      type: i.type,
      isActive: i.isActive,
      phone: i.phone,
      email: i.email,
      address: i.address,
      serviceRoles: i.serviceRoles ?? [],
      activeFrom: i.activeFrom,
      activeUntil: i.activeUntil,
      createdAt: i.createdAt,
      updatedAt: i.updatedAt,
      version: i.version,
    };
  }

  /** Re-displays what was posted; an unticked checkbox is simply absent. */
  private postedValues(raw: Record<string, unknown>): InstitutionFormValues {
    return {
      name: textOf(raw.name),
      type: textOf(raw.type),
      isActive: raw.isActive === 'on' || raw.isActive === 'true',
      version: textOf(raw.version),
      phone: textOf(raw.phone),
      email: textOf(raw.email),
      address: textOf(raw.address),
      serviceRoles: listOf(raw.serviceRoles),
      activeFrom: textOf(raw.activeFrom),
      activeUntil: textOf(raw.activeUntil),
    };
  }

  @Get()
  @RequirePermission(Permission.InstitutionsRead)
  @Render('admin/institutions/list')
  async list(
    @Req() req: AppRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query() raw: Record<string, unknown>,
  ) {
    const base = {
      title: 'admin.institutions.title',
      filters: { type: textOf(raw.type), active: textOf(raw.active), q: textOf(raw.q) },
      filterFields: ['type', 'active', 'q'],
      types: INSTITUTION_TYPES,
      canManage: this.canManage(req),
    };
    const parsed = await validateInput(InstitutionListPageQueryDto, raw, 'query');
    if (parsed.error) {
      const problem = fieldMessages(this.translator, languageOf(req), parsed.error);
      reply.status(problem.status);
      const listing = listControlsView(
        INSTITUTION_LIST_SORT,
        '/admin/institutions',
        { pageSize: DEFAULT_PAGE_SIZE },
        base.filters,
      );
      return { ...base, ...problem, listing, institutions: [], pagination: null };
    }
    const q = parsed.value;
    const { items, total } = await this.institutions.list(q);
    return {
      ...base,
      institutions: items.map((i) => this.view(i)),
      listing: listControlsView(INSTITUTION_LIST_SORT, '/admin/institutions', q, {
        type: q.type,
        active: q.active,
        q: q.q,
      }),
      pagination: paginationView(total, q.page, q.pageSize, '/admin/institutions', {
        type: q.type,
        active: q.active,
        q: q.q,
        sort: q.sort,
        dir: q.dir,
      }),
    };
  }

  private formData(values: InstitutionFormValues, institution: Institution | null, problem?: FormError) {
    return {
      title: institution ? 'admin.institutions.edit.title' : 'admin.institutions.new.title',
      institution: institution ? this.view(institution) : null,
      form: values,
      typeOptions: this.typeOptions(values.type),
      serviceRoleOptions: SERVICE_ROLES.map((value) => ({
        value,
        checked: (values.serviceRoles ?? []).includes(value),
      })),
      ...problem,
    };
  }

  @Get('new')
  @RequirePermission(Permission.InstitutionsManage)
  @Render('admin/institutions/form')
  newForm() {
    return {
      ...this.formData({ name: '', type: '', isActive: true, serviceRoles: [] }, null),
      canManage: true,
    };
  }

  @Post()
  @RequirePermission(Permission.InstitutionsManage)
  @AuditedManually()
  async create(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    const raw = body ?? {};
    await runForm(
      req,
      reply,
      this.audit,
      {
        action: Permission.InstitutionsManage,
        flash: 'admin.institutions.flash.created',
        createdId: (created) => created.id,
        next: (created) => `/admin/institutions/${created.id}`,
        shows: () => true,
        problem: async (err) => {
          const problem = formError(err, this.translator, languageOf(req));
          const data = { ...this.formData(this.postedValues(raw), null, problem), canManage: true };
          await renderPage(req, reply, 'admin/institutions/form', data, problem.status);
        },
      },
      async () => {
        const form = await parseForm(InstitutionFormDto, { serviceRoles: [], ...raw });
        return this.institutions.create({
          name: form.name,
          type: form.type,
          isActive: form.isActive === true,
          ...partnerFields(form),
        });
      },
    );
  }

  @Get(':id')
  @RequirePermission(Permission.InstitutionsRead)
  @Render('admin/institutions/form')
  async edit(@Req() req: AppRequest, @Param('id', idPipe()) id: string) {
    const institution = await this.institutions.get(id);
    const values = {
      name: institution.name,
      type: institution.type,
      isActive: institution.isActive,
      version: institution.version,
      phone: institution.phone,
      email: institution.email,
      address: institution.address,
      serviceRoles: institution.serviceRoles ?? [],
      activeFrom: institution.activeFrom,
      activeUntil: institution.activeUntil,
    };
    return { ...this.formData(values, institution), canManage: this.canManage(req) };
  }

  @Post(':id')
  @RequirePermission(Permission.InstitutionsManage)
  @AuditedManually()
  async update(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @Param('id', idPipe()) id: string,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    const raw = body ?? {};
    await runForm(
      req,
      reply,
      this.audit,
      {
        action: Permission.InstitutionsManage,
        resourceId: id,
        flash: 'admin.institutions.flash.updated',
        next: () => `/admin/institutions/${id}`,
        shows: (err) => err.code !== ErrorCode.NotFound,
        problem: async (err) => {
          const institution = await this.institutions.get(id);
          const problem = formError(err, this.translator, languageOf(req));
          const data = { ...this.formData(this.postedValues(raw), institution, problem), canManage: true };
          await renderPage(req, reply, 'admin/institutions/form', data, problem.status);
        },
      },
      async () => {
        const form = await parseForm(InstitutionEditFormDto, { serviceRoles: [], ...raw });
        await this.institutions.update(id, {
          version: form.version,
          name: form.name,
          type: form.type,
          isActive: form.isActive === true,
          ...partnerFields(form),
        });
      },
    );
  }
}
