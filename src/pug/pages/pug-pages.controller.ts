import { Body, Controller, Get, Param, Post, Query, Render, Req, Res } from '@nestjs/common';
import { DECREE_LIST_SORT } from '../decree-list-sort';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuditedManually } from '../../platform/audit/audit.interceptor';
import { CurrentAuth, RequirePermission } from '../../platform/auth/auth.decorators';
import { Permission, Role } from '../../platform/auth/permissions';
import { AppException } from '../../platform/common/app.exception';
import { AppRequest, AuthContext } from '../../platform/common/request-context';
import { institutionOptions } from '../../institutions/institution-options';
import { InstitutionsService } from '../../institutions/institutions.service';
import { UsersService } from '../../users/users.service';
import { sendFile, takeFile } from '../../web/files';
import { parseForm } from '../../web/form-action';
import { FormError, idPipe, textOf } from '../../web/forms';
import { blank, blankNull, num, rows } from '../../web/input';
import { DOCUMENT_UPLOAD, UploadRoute } from '../../web/multipart';
import { PageKit } from '../../web/page-kit';
import { listPage, posted, RawForm, RecordPages } from '../../web/record-pages';
import {
  CreateBodyDto,
  CreateDecreeDto,
  CreateRegionDto,
  DecreeListPageQueryDto,
  SetRosterDto,
  UpdateBodyDto,
  UpdateDecreeDto,
  UpdateRegionDto,
} from '../dto/pug-institutions.dto';
import { toBodyDetail, toDecreeDetail, toFile } from '../dto/pug-institutions.mappers';
import { PugBody } from '../entities/pug-body.entity';
import { PugRegion } from '../entities/pug-region.entity';
import { PugBodiesService } from '../pug-bodies.service';
import { PugCompletenessService } from '../pug-completeness.service';
import { PugDecreesService } from '../pug-decrees.service';
import { PugRegionsService } from '../pug-regions.service';
import {
  APPOINTMENT_ROLES,
  BODY_KIND_INFO,
  BODY_KINDS,
  DECREE_KINDS,
  DECREE_STATUSES,
  ISSUER_KINDS,
  REGION_KINDS,
  SKPD_PUG_ROLES,
} from '../reference-data';

const EXTRA_ROWS = 5;
const MAX_ROWS = 300;

const REGION_FIELDS = ['name', 'kind', 'version'];
const BODY_FIELDS = ['regionId', 'kind', 'name', 'institutionId', 'description'];
const BODY_EDIT_FIELDS = ['name', 'description', 'version'];
const DECREE_FIELDS = [
  'bodyId',
  'kind',
  'replacesDecreeId',
  'number',
  'decreeDate',
  'effectiveDate',
  'issuerKind',
  'issuerInstitutionId',
  'title',
  'version',
];

interface AppointeeRow {
  fullName: string;
  jobTitle: string;
  institutionId: string;
  userId: string;
  role: string;
}

type DecreeRecord = Awaited<ReturnType<PugDecreesService['get']>>;

function emptyRow(): AppointeeRow {
  return { fullName: '', jobTitle: '', institutionId: '', userId: '', role: 'member' };
}

/** The appointee rows of a decree form, as posted (at most MAX_ROWS). */
function postedRows(raw: RawForm): AppointeeRow[] {
  const names = rows(raw.appointeeName);
  const jobs = rows(raw.appointeeJobTitle);
  const insts = rows(raw.appointeeInstitutionId);
  const users = rows(raw.appointeeUserId);
  const roles = rows(raw.appointeeRole);
  const count = Math.min(
    MAX_ROWS,
    Math.max(names.length, jobs.length, insts.length, users.length, roles.length),
  );
  return Array.from({ length: count }, (_, i) => ({
    fullName: names[i] ?? '',
    jobTitle: jobs[i] ?? '',
    institutionId: insts[i] ?? '',
    userId: users[i] ?? '',
    role: roles[i] || 'member',
  }));
}

/** A decree's appointments as its form posts them. */
function appointeeFields(detail: DecreeRecord | null): RawForm {
  const list = detail?.appointments ?? [];
  return {
    appointeeName: list.map((a) => a.fullName ?? ''),
    appointeeJobTitle: list.map((a) => a.jobTitle ?? ''),
    appointeeInstitutionId: list.map((a) => a.institutionId ?? ''),
    appointeeUserId: list.map((a) => a.userId ?? ''),
    appointeeRole: list.map((a) => a.role),
  };
}

/** Rows with anything typed become appointees (a row with only the default role is blank). */
function appointeesOf(raw: RawForm) {
  return postedRows(raw)
    .filter((r) => r.fullName.trim() || r.jobTitle.trim() || r.institutionId || r.userId)
    .map((r) => ({
      fullName: r.fullName,
      jobTitle: blankNull(r.jobTitle),
      institutionId: blankNull(r.institutionId),
      userId: blankNull(r.userId),
      role: r.role,
    }));
}

const UUID = /^[0-9a-f-]{36}$/i;

/** Pages of the PUG institutions: overview, regions and their roster, bodies, decrees. */
@ApiExcludeController()
@Controller('pug')
export class PugPagesController {
  private readonly regionPages: RecordPages<PugRegion, CreateRegionDto, UpdateRegionDto>;
  private readonly newBodyPages: RecordPages<PugBody, CreateBodyDto>;
  private readonly bodyPages: RecordPages<PugBody, object, UpdateBodyDto>;
  private readonly decreePages: RecordPages<DecreeRecord, CreateDecreeDto, UpdateDecreeDto>;

  constructor(
    private readonly kit: PageKit,
    private readonly institutions: InstitutionsService,
    private readonly regions: PugRegionsService,
    private readonly bodies: PugBodiesService,
    private readonly decrees: PugDecreesService,
    private readonly completeness: PugCompletenessService,
    private readonly users: UsersService,
  ) {
    const action = Permission.PugManage;

    /** Renames a region or changes its kind; its roster, bodies and decrees stay as they are. */
    this.regionPages = new RecordPages(kit, {
      path: '/pug/regions',
      action,
      formView: 'pug/region-form',
      read: (id) => this.regions.get(id),
      values: (region) => ({ ...region }),
      form: ({ id, raw, problem }) => ({
        title: id ? 'pug.regions.edit.title' : 'pug.regions.new.title',
        regionId: id,
        form: posted(raw, id ? REGION_FIELDS : ['name', 'kind']),
        kindOptions: REGION_KINDS.map((value) => ({ value, selected: value === textOf(raw.kind) })),
        ...problem,
      }),
      create: {
        dto: CreateRegionDto,
        input: (raw) => ({ name: raw.name, kind: raw.kind }),
        run: (input) => this.regions.create(input),
        flash: 'pug.flash.regionCreated',
      },
      update: {
        dto: UpdateRegionDto,
        input: (raw) => ({ version: num(raw.version) ?? raw.version, name: raw.name, kind: raw.kind }),
        run: (id, input) => this.regions.update(id, input),
        readFirst: true,
        flash: 'pug.flash.regionUpdated',
      },
    });

    this.newBodyPages = new RecordPages(kit, {
      path: '/pug/bodies',
      action,
      formView: 'pug/body-form',
      form: async ({ raw, problem }) => {
        const values = posted(raw, BODY_FIELDS);
        const regions = await this.regions.all();
        const institutions = await institutionOptions(this.institutions, [values.institutionId]);
        return {
          title: 'pug.bodies.new.title',
          form: values,
          regions: regions.map((r) => ({ id: r.id, name: r.name, selected: r.id === values.regionId })),
          kinds: BODY_KINDS.map((value) => ({ value, selected: value === values.kind })),
          institutions: institutions.map((i) => ({ ...i, selected: i.id === values.institutionId })),
          ...problem,
        };
      },
      create: {
        dto: CreateBodyDto,
        input: (raw) => ({
          regionId: raw.regionId,
          kind: raw.kind,
          name: raw.name,
          institutionId: blankNull(raw.institutionId),
          description: blankNull(raw.description),
        }),
        run: (input) => this.bodies.create(input),
        flash: 'pug.flash.bodyCreated',
      },
    });

    /** Renames a body or changes its description; its kind, region and SKPD stay (its decrees depend on them). */
    this.bodyPages = new RecordPages(kit, {
      path: '/pug/bodies',
      action,
      formView: 'pug/body-edit',
      read: (id) => this.bodies.get(id),
      values: (body) => ({ ...body, description: body.description ?? '' }),
      form: async ({ id, raw, problem, record }) => {
        const body = record ?? (await this.bodies.get(id as string));
        return {
          title: 'pug.bodies.edit.title',
          body,
          region: body.region,
          form: posted(raw, BODY_EDIT_FIELDS),
          ...problem,
        };
      },
      update: {
        dto: UpdateBodyDto,
        input: (raw) => ({
          version: num(raw.version) ?? raw.version,
          name: raw.name,
          description: blankNull(raw.description),
        }),
        run: (id, input) => this.bodies.update(id, input),
        readFirst: true,
        flash: 'pug.flash.bodyUpdated',
      },
    });

    const decreeInput = (raw: RawForm) => ({
      number: raw.number,
      decreeDate: raw.decreeDate,
      issuerKind: raw.issuerKind,
      issuerInstitutionId: blankNull(raw.issuerInstitutionId),
      title: raw.title,
      appointees: appointeesOf(raw),
    });
    this.decreePages = new RecordPages(kit, {
      path: '/pug/decrees',
      action,
      formView: 'pug/decree-form',
      read: (id) => this.decrees.get(id),
      values: (detail) => ({
        ...detail.decree,
        replacesDecreeId: detail.decree.replacesDecreeId ?? '',
        issuerInstitutionId: detail.decree.issuerInstitutionId ?? '',
        ...appointeeFields(detail),
      }),
      form: async ({ id, raw, problem, record }) => {
        const decree = id ? (record ?? (await this.decrees.get(id))).decree : null;
        return this.decreeForm(decree?.bodyId ?? textOf(raw.bodyId), decree, raw, problem);
      },
      create: {
        dto: CreateDecreeDto,
        input: (raw) => ({
          bodyId: raw.bodyId,
          kind: raw.kind,
          replacesDecreeId: blankNull(raw.replacesDecreeId),
          ...decreeInput(raw),
          effectiveDate: blankNull(raw.effectiveDate),
        }),
        run: (input, auth) => this.decrees.create(input, auth.userId),
        flash: 'pug.flash.decreeCreated',
      },
      update: {
        dto: UpdateDecreeDto,
        input: (raw) => ({
          version: Number(raw.version),
          ...decreeInput(raw),
          effectiveDate: blank(raw.effectiveDate),
        }),
        run: (id, input) => this.decrees.update(id, input),
        flash: 'pug.flash.decreeUpdated',
      },
      remove: {
        run: (id, version) => this.decrees.remove(id, version),
        next: (_id, detail) => `/pug/bodies/${detail.decree.bodyId}`,
        flash: 'pug.flash.decreeDeleted',
        confirm: (id, detail) => ({
          title: 'pug.decrees.delete.title',
          confirmKey: 'pug.decrees.delete',
          subject: `${detail.decree.number} — ${detail.decree.title}`,
          cancelUrl: `/pug/decrees/${id}`,
          version: detail.decree.version,
        }),
      },
    });
  }

  private canManage(req: AppRequest): boolean {
    return !!req.auth?.permissions.has(Permission.PugManage);
  }

  // ---- overview and regions -------------------------------------------------------------------------

  @Get()
  @RequirePermission(Permission.PugRead)
  @Render('pug/index')
  async index(@Req() req: AppRequest) {
    const regions = await this.regions.all();
    const summaries = [];
    for (const r of regions) {
      const c = await this.completeness.forRegion(r.id);
      summaries.push({
        id: r.id,
        name: r.name,
        kind: r.kind,
        complete: c.complete,
        pokjaComplete: c.pokja.complete,
        focalPoints: c.focalPoints.length,
        focalPointsMissing: c.missingFocalPoints.length,
      });
    }
    return { title: 'pug.title', regions: summaries, canManage: this.canManage(req) };
  }

  @Get('regions/new')
  @RequirePermission(Permission.PugManage)
  @Render('pug/region-form')
  newRegion() {
    return this.regionPages.newForm({ name: '', kind: 'city' });
  }

  @Post('regions')
  @RequirePermission(Permission.PugManage)
  @AuditedManually()
  createRegion(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    return this.regionPages.create(req, reply, auth, body);
  }

  @Get('regions/:id')
  @RequirePermission(Permission.PugRead)
  @Render('pug/region')
  async region(@Req() req: AppRequest, @Param('id', idPipe()) id: string) {
    const region = await this.regions.get(id);
    const [c, roster, bodies] = await Promise.all([
      this.completeness.forRegion(id),
      this.regions.roster(id),
      this.bodies.forRegion(id),
    ]);
    const inForce = await this.decrees.inForce(bodies.map((b) => b.id));
    return {
      title: 'pug.regions.title',
      region,
      completeness: c,
      roster: roster.map((r) => ({
        institution: r.institution,
        pugRole: r.pugRole,
        focalPointRequired: r.focalPointRequired,
      })),
      bodies: bodies.map((b) => ({
        id: b.id,
        kind: b.kind,
        name: b.name,
        institution: b.institution,
        decreeInForce: inForce.get(b.id) ?? null,
      })),
      canManage: this.canManage(req),
    };
  }

  @Get('regions/:id/edit')
  @RequirePermission(Permission.PugManage)
  @Render('pug/region-form')
  editRegion(@Param('id', idPipe()) id: string) {
    return this.regionPages.editForm(id);
  }

  /** Renames a region or changes its kind; its roster, bodies and decrees stay as they are. */
  @Post('regions/:id')
  @RequirePermission(Permission.PugManage)
  @AuditedManually()
  updateRegion(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @Param('id', idPipe()) id: string,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    return this.regionPages.update(req, reply, id, body);
  }

  // ---- roster ---------------------------------------------------------------------------------------

  private async rosterForm(
    regionId: string,
    values: {
      version: string | number;
      entries: { institutionId: string; pugRole: string; focalPointRequired: boolean }[];
    },
    problem?: FormError,
  ) {
    const region = await this.regions.get(regionId);
    const entries = [
      ...values.entries,
      ...Array.from({ length: EXTRA_ROWS }, () => ({
        institutionId: '',
        pugRole: 'other',
        focalPointRequired: true,
      })),
    ];
    const institutions = await institutionOptions(
      this.institutions,
      entries.map((e) => e.institutionId),
    );
    return {
      title: 'pug.roster.title',
      region,
      version: values.version,
      rows: entries.map((e, index) => ({
        index,
        focalPointRequired: e.focalPointRequired,
        institutions: institutions.map((i) => ({ ...i, selected: i.id === e.institutionId })),
        roles: SKPD_PUG_ROLES.map((value) => ({ value, selected: value === e.pugRole })),
      })),
      ...problem,
    };
  }

  @Get('regions/:id/roster')
  @RequirePermission(Permission.PugManage)
  @Render('pug/roster-form')
  async editRoster(@Param('id', idPipe()) id: string) {
    const region = await this.regions.get(id);
    const roster = await this.regions.roster(id);
    return this.rosterForm(id, {
      version: region.version,
      entries: roster.map((r) => ({
        institutionId: r.institutionId,
        pugRole: r.pugRole,
        focalPointRequired: r.focalPointRequired,
      })),
    });
  }

  @Post('regions/:id/roster')
  @RequirePermission(Permission.PugManage)
  @AuditedManually()
  async saveRoster(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @Param('id', idPipe()) id: string,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    const raw = body ?? {};
    const institutionIds = rows(raw.institutionId);
    const roles = rows(raw.pugRole);
    const required = new Set(rows(raw.focalPointRequired));
    const entries = institutionIds
      .map((institutionId, i) => ({
        institutionId,
        pugRole: roles[i] ?? 'other',
        focalPointRequired: required.has(String(i)),
      }))
      .filter((e) => e.institutionId !== '');
    await this.kit.form(
      req,
      reply,
      { action: Permission.PugManage, resourceId: id, flash: 'pug.flash.rosterSaved' },
      async () => {
        const input = await parseForm(SetRosterDto, { version: Number(raw.version), entries });
        await this.regions.setRoster(id, input.version, input.entries);
        return `/pug/regions/${id}`;
      },
      async (problem) =>
        this.kit.render(
          req,
          reply,
          'pug/roster-form',
          await this.rosterForm(id, { version: textOf(raw.version), entries }, problem),
          problem.status,
        ),
    );
  }

  // ---- bodies ---------------------------------------------------------------------------------------

  @Get('bodies/new')
  @RequirePermission(Permission.PugManage)
  @Render('pug/body-form')
  newBody(@Query() raw: Record<string, unknown>) {
    return this.newBodyPages.newForm(posted(raw, ['regionId', 'kind', 'institutionId']));
  }

  @Post('bodies')
  @RequirePermission(Permission.PugManage)
  @AuditedManually()
  createBody(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    return this.newBodyPages.create(req, reply, auth, body);
  }

  @Get('bodies/:id')
  @RequirePermission(Permission.PugRead)
  @Render('pug/body')
  async body(@Req() req: AppRequest, @Param('id', idPipe()) id: string) {
    const body = await this.bodies.get(id);
    const detail = toBodyDetail(body, await this.decrees.chain(id));
    const current = detail.history.find((s) => s.id === detail.decreeInForce?.id) ?? null;
    const last = detail.history[detail.history.length - 1];
    return {
      title: 'pug.bodies.title',
      body: detail,
      region: body.region,
      info: BODY_KIND_INFO[body.kind],
      current,
      // The next decree replaces the latest one of the chain (unless that revoked the body).
      nextReplaces: last && last.kind !== 'revocation' && !last.replacedByDecreeId ? last.id : null,
      history: [...detail.history].reverse(),
      canManage: this.canManage(req),
    };
  }

  @Get('bodies/:id/edit')
  @RequirePermission(Permission.PugManage)
  @Render('pug/body-edit')
  editBody(@Param('id', idPipe()) id: string) {
    return this.bodyPages.editForm(id);
  }

  /** Renames a body or changes its description; its kind, region and SKPD stay (its decrees depend on them). */
  @Post('bodies/:id')
  @RequirePermission(Permission.PugManage)
  @AuditedManually()
  updateBody(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @Param('id', idPipe()) id: string,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    return this.bodyPages.update(req, reply, id, body);
  }

  // ---- decrees --------------------------------------------------------------------------------------

  @Get('decrees')
  @RequirePermission(Permission.PugRead)
  @Render('pug/decrees')
  async decreeList(
    @Req() req: AppRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query() raw: Record<string, unknown>,
  ) {
    const base = {
      title: 'pug.decrees.title',
      filters: posted(raw, ['regionId', 'status', 'kind', 'q']),
      filterFields: ['regionId', 'status', 'kind', 'q'],
      regions: await this.regions.all(),
      statuses: DECREE_STATUSES,
      kinds: DECREE_KINDS,
      canManage: this.canManage(req),
    };
    return listPage(this.kit, req, reply, raw, base, {
      dto: DecreeListPageQueryDto,
      key: 'decrees',
      path: '/pug/decrees',
      sorts: DECREE_LIST_SORT,
      fetch: (q) => this.decrees.list(q),
      map: (d) => ({
        id: d.decree.id,
        number: d.decree.number,
        decreeDate: d.decree.decreeDate,
        effectiveDate: d.decree.effectiveDate,
        title: d.decree.title,
        kind: d.decree.kind,
        status: d.status,
        body: d.decree.body,
      }),
      filters: (q) => ({ regionId: q.regionId, status: q.status, kind: q.kind, q: q.q }),
    });
  }

  private async teamMemberOptions() {
    const { items } = await this.users.list({ page: 1, pageSize: 100, role: Role.TeamMember, active: true });
    return items.map((u) => ({ id: u.id, name: u.displayName, institution: u.institution?.name ?? '' }));
  }

  /** The decree form: of a body (or any body for a new decree), its values and appointee rows. */
  private async decreeForm(
    bodyId: string,
    decree: DecreeRecord['decree'] | null,
    raw: RawForm,
    problem?: FormError,
  ) {
    const values = posted(raw, DECREE_FIELDS);
    const body = bodyId ? await this.bodies.get(bodyId).catch(() => null) : null;
    const siblings = body
      ? (await this.decrees.withStatus([body.id])).filter((d) => d.decree.id !== decree?.id)
      : [];
    const list = [...postedRows(raw), ...Array.from({ length: EXTRA_ROWS }, () => emptyRow())];
    const institutions = await institutionOptions(this.institutions, [
      values.issuerInstitutionId,
      ...list.map((r) => r.institutionId),
    ]);
    const members = await this.teamMemberOptions();
    const allBodies = body ? [] : (await this.bodies.list({ page: 1, pageSize: 100 })).items;
    return {
      title: decree ? 'pug.decrees.edit.title' : 'pug.decrees.new.title',
      decree,
      body,
      bodies: allBodies.map((b) => ({
        id: b.id,
        name: b.name,
        region: b.region?.name ?? '',
        selected: b.id === values.bodyId,
      })),
      form: values,
      kinds: DECREE_KINDS.map((value) => ({ value, selected: value === values.kind })),
      issuerKinds: ISSUER_KINDS.map((value) => ({ value, selected: value === values.issuerKind })),
      issuerInstitutions: institutions.map((i) => ({ ...i, selected: i.id === values.issuerInstitutionId })),
      replaceable: siblings
        .filter((s) => s.decree.kind !== 'revocation' && (!s.successorId || s.successorId === decree?.id))
        .map((s) => ({
          id: s.decree.id,
          number: s.decree.number,
          decreeDate: s.decree.decreeDate,
          status: s.status,
          selected: s.decree.id === values.replacesDecreeId,
        })),
      rows: list.map((r, index) => ({
        index,
        fullName: r.fullName,
        jobTitle: r.jobTitle,
        institutions: institutions.map((i) => ({
          id: i.id,
          name: i.name,
          selected: i.id === r.institutionId,
        })),
        users: members.map((u) => ({ ...u, selected: u.id === r.userId })),
        roles: APPOINTMENT_ROLES.map((value) => ({ value, selected: value === r.role })),
      })),
      ...problem,
    };
  }

  @Get('decrees/new')
  @RequirePermission(Permission.PugManage)
  @Render('pug/decree-form')
  async newDecree(@Query() raw: Record<string, unknown>) {
    const bodyId = typeof raw.bodyId === 'string' && UUID.test(raw.bodyId) ? raw.bodyId : '';
    const replaces = typeof raw.replaces === 'string' && UUID.test(raw.replaces) ? raw.replaces : '';
    const body = bodyId ? await this.bodies.get(bodyId).catch(() => null) : null;
    // A replacement starts from the members of the decree it replaces.
    const previous = replaces ? await this.decrees.get(replaces).catch(() => null) : null;
    const issuerKind = body?.kind === 'focal_point_team' ? 'skpd_head' : 'mayor';
    return this.decreePages.newForm({
      bodyId: body?.id ?? '',
      kind: previous ? 'replacement' : 'formation',
      replacesDecreeId: previous?.decree.id ?? '',
      issuerKind,
      issuerInstitutionId: issuerKind === 'skpd_head' ? (body?.institutionId ?? '') : '',
      title: previous?.decree.title ?? '',
      ...appointeeFields(previous),
    });
  }

  @Post('decrees')
  @RequirePermission(Permission.PugManage)
  @AuditedManually()
  createDecree(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    return this.decreePages.create(req, reply, auth, body);
  }

  @Get('decrees/:id')
  @RequirePermission(Permission.PugRead)
  @Render('pug/decree')
  async decree(
    @Req() req: AppRequest,
    @Query() raw: Record<string, unknown>,
    @Param('id', idPipe()) id: string,
  ) {
    const detail = await this.decrees.get(id);
    const dto = toDecreeDetail(detail);
    return {
      title: 'pug.decrees.show.title',
      decree: dto,
      body: detail.decree.body,
      scan: toFile(detail.scan),
      errorKey: this.kit.inlineError(raw),
      canManage: this.canManage(req),
    };
  }

  @Get('decrees/:id/edit')
  @RequirePermission(Permission.PugManage)
  @Render('pug/decree-form')
  editDecree(@Param('id', idPipe()) id: string) {
    return this.decreePages.editForm(id);
  }

  @Post('decrees/:id')
  @RequirePermission(Permission.PugManage)
  @AuditedManually()
  updateDecree(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @Param('id', idPipe()) id: string,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    return this.decreePages.update(req, reply, id, body);
  }

  @Get('decrees/:id/delete')
  @RequirePermission(Permission.PugManage)
  @Render('pug/confirm')
  confirmDelete(@Param('id', idPipe()) id: string) {
    return this.decreePages.confirmDelete(id);
  }

  @Post('decrees/:id/delete')
  @RequirePermission(Permission.PugManage)
  @AuditedManually()
  deleteDecree(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @Param('id', idPipe()) id: string,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    return this.decreePages.remove(req, reply, id, body);
  }

  @Post('decrees/:id/scan')
  @RequirePermission(Permission.PugManage)
  @UploadRoute(DOCUMENT_UPLOAD)
  @AuditedManually()
  async uploadScan(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe()) id: string,
  ): Promise<void> {
    await this.kit.inline(
      req,
      reply,
      {
        action: Permission.PugManage,
        resourceId: id,
        back: `/pug/decrees/${id}`,
        section: 'scan',
        flash: 'pug.flash.scanUploaded',
      },
      async () => {
        const { data, filename } = takeFile(req.body, ['_csrf']);
        await this.decrees.setScan(id, data, filename, auth.userId);
      },
    );
  }

  @Get('decrees/:id/scan')
  @RequirePermission(Permission.PugRead)
  async downloadScan(@Param('id', idPipe()) id: string, @Res() reply: FastifyReply): Promise<void> {
    const { file, data } = await this.decrees.scan(id);
    await sendFile(reply, file, data);
  }

  private async scanConfirm(id: string, problem?: FormError) {
    const detail = await this.decrees.get(id);
    // Nothing to delete: the confirmation of a missing scan is a 404, like its download.
    if (!detail.scan) throw AppException.notFound();
    return {
      title: 'pug.decrees.scan.delete.title',
      confirmKey: 'pug.decrees.scan.delete',
      subject: `${detail.scan.originalName ?? ''} (${detail.decree.number})`,
      actionUrl: `/pug/decrees/${id}/scan/delete`,
      cancelUrl: `/pug/decrees/${id}#scan`,
      ...problem,
    };
  }

  @Get('decrees/:id/scan/delete')
  @RequirePermission(Permission.PugManage)
  @Render('pug/confirm')
  confirmScanDelete(@Param('id', idPipe()) id: string) {
    return this.scanConfirm(id);
  }

  @Post('decrees/:id/scan/delete')
  @RequirePermission(Permission.PugManage)
  @AuditedManually()
  async deleteScan(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @Param('id', idPipe()) id: string,
  ): Promise<void> {
    await this.kit.form(
      req,
      reply,
      { action: Permission.PugManage, resourceId: id, flash: 'pug.flash.scanDeleted' },
      async () => {
        await this.decrees.removeScan(id);
        return `/pug/decrees/${id}#scan`;
      },
      async (problem) =>
        this.kit.render(req, reply, 'pug/confirm', await this.scanConfirm(id, problem), problem.status),
    );
  }
}
