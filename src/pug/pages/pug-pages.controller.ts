import { parseForm } from '../../web/form-action';
import { Body, Controller, Get, Param, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuditedManually } from '../../audit/audit.interceptor';
import { CurrentAuth, RequirePermission } from '../../auth/auth.decorators';
import { Permission, Role } from '../../auth/permissions';
import { AppException } from '../../common/app.exception';
import { paginationView } from '../../common/pagination';
import { AppRequest, AuthContext } from '../../common/request-context';
import { FormError, idPipe, textOf, validateInput } from '../../web/forms';
import { UsersService } from '../../users/users.service';
import { VersionQueryDto } from '../../web/input';
import {
  CreateBodyDto,
  CreateDecreeDto,
  CreateRegionDto,
  DecreeListQueryDto,
  SetRosterDto,
  UpdateBodyDto,
  UpdateDecreeDto,
  UpdateRegionDto,
} from '../dto/pug-institutions.dto';
import { toBodyDetail, toDecreeDetail, toFile } from '../dto/pug-institutions.mappers';
import { PugDecree } from '../entities/pug-decree.entity';
import { DOCUMENT_UPLOAD, UploadRoute } from '../../web/multipart';
import { sendFile, takeFile } from '../../web/files';
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
import { PageKit } from '../../web/page-kit';
import { blank, blankNull, num, rows } from '../../web/input';
import { institutionOptions } from '../../institutions/institution-options';
import { InstitutionsService } from '../../institutions/institutions.service';

const EXTRA_ROWS = 5;
const MAX_ROWS = 300;

interface AppointeeRow {
  fullName: string;
  jobTitle: string;
  institutionId: string;
  userId: string;
  role: string;
}

/** Pages of the PUG institutions: overview, regions and their roster, bodies, decrees. */
@ApiExcludeController()
@Controller('pug')
export class PugPagesController {
  constructor(
    private readonly kit: PageKit,
    private readonly institutions: InstitutionsService,
    private readonly regions: PugRegionsService,
    private readonly bodies: PugBodiesService,
    private readonly decrees: PugDecreesService,
    private readonly completeness: PugCompletenessService,
    private readonly users: UsersService,
  ) {}

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

  private regionForm(
    values: { name: string; kind: string; version?: string },
    problem?: FormError,
    regionId: string | null = null,
  ) {
    return {
      title: regionId ? 'pug.regions.edit.title' : 'pug.regions.new.title',
      regionId,
      form: values,
      kindOptions: REGION_KINDS.map((value) => ({ value, selected: value === values.kind })),
      ...problem,
    };
  }

  @Get('regions/new')
  @RequirePermission(Permission.PugManage)
  @Render('pug/region-form')
  newRegion() {
    return this.regionForm({ name: '', kind: 'city' });
  }

  @Post('regions')
  @RequirePermission(Permission.PugManage)
  @AuditedManually()
  async createRegion(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    const raw = body ?? {};
    await this.kit.form(
      req,
      reply,
      { action: Permission.PugManage, flash: 'pug.flash.regionCreated' },
      async () => {
        const input = await parseForm(CreateRegionDto, { name: raw.name, kind: raw.kind });
        return `/pug/regions/${(await this.regions.create(input)).id}`;
      },
      (problem) =>
        this.kit.render(
          req,
          reply,
          'pug/region-form',
          this.regionForm({ name: textOf(raw.name), kind: textOf(raw.kind) }, problem),
          problem.status,
        ),
    );
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
  async editRegion(@Param('id', idPipe()) id: string) {
    const region = await this.regions.get(id);
    return this.regionForm(
      { name: region.name, kind: region.kind, version: String(region.version) },
      undefined,
      id,
    );
  }

  /** Renames a region or changes its kind; its roster, bodies and decrees stay as they are. */
  @Post('regions/:id')
  @RequirePermission(Permission.PugManage)
  @AuditedManually()
  async updateRegion(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @Param('id', idPipe()) id: string,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    const raw = body ?? {};
    await this.regions.get(id);
    await this.kit.form(
      req,
      reply,
      { action: Permission.PugManage, resourceId: id, flash: 'pug.flash.regionUpdated' },
      async () => {
        const input = await parseForm(UpdateRegionDto, {
          version: num(raw.version) ?? raw.version,
          name: raw.name,
          kind: raw.kind,
        });
        await this.regions.update(id, input);
        return `/pug/regions/${id}`;
      },
      (problem) =>
        this.kit.render(
          req,
          reply,
          'pug/region-form',
          this.regionForm(
            { name: textOf(raw.name), kind: textOf(raw.kind), version: textOf(raw.version) },
            problem,
            id,
          ),
          problem.status,
        ),
    );
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

  private async bodyForm(
    values: { regionId: string; kind: string; name: string; institutionId: string; description: string },
    problem?: FormError,
  ) {
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
  }

  @Get('bodies/new')
  @RequirePermission(Permission.PugManage)
  @Render('pug/body-form')
  async newBody(@Query() raw: Record<string, unknown>) {
    return this.bodyForm({
      regionId: textOf(raw.regionId),
      kind: textOf(raw.kind),
      name: '',
      institutionId: textOf(raw.institutionId),
      description: '',
    });
  }

  @Post('bodies')
  @RequirePermission(Permission.PugManage)
  @AuditedManually()
  async createBody(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    const raw = body ?? {};
    await this.kit.form(
      req,
      reply,
      { action: Permission.PugManage, flash: 'pug.flash.bodyCreated' },
      async () => {
        const input = await parseForm(CreateBodyDto, {
          regionId: raw.regionId,
          kind: raw.kind,
          name: raw.name,
          institutionId: blankNull(raw.institutionId),
          description: blankNull(raw.description),
        });
        return `/pug/bodies/${(await this.bodies.create(input)).id}`;
      },
      async (problem) =>
        this.kit.render(
          req,
          reply,
          'pug/body-form',
          await this.bodyForm(
            {
              regionId: textOf(raw.regionId),
              kind: textOf(raw.kind),
              name: textOf(raw.name),
              institutionId: textOf(raw.institutionId),
              description: textOf(raw.description),
            },
            problem,
          ),
          problem.status,
        ),
    );
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

  private async bodyEditForm(
    id: string,
    values: { name: string; description: string; version: string },
    problem?: FormError,
  ) {
    const body = await this.bodies.get(id);
    return {
      title: 'pug.bodies.edit.title',
      body,
      region: body.region,
      form: values,
      ...problem,
    };
  }

  @Get('bodies/:id/edit')
  @RequirePermission(Permission.PugManage)
  @Render('pug/body-edit')
  async editBody(@Param('id', idPipe()) id: string) {
    const body = await this.bodies.get(id);
    return this.bodyEditForm(id, {
      name: body.name,
      description: body.description ?? '',
      version: String(body.version),
    });
  }

  /** Renames a body or changes its description; its kind, region and SKPD stay (its decrees depend on them). */
  @Post('bodies/:id')
  @RequirePermission(Permission.PugManage)
  @AuditedManually()
  async updateBody(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @Param('id', idPipe()) id: string,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    const raw = body ?? {};
    await this.bodies.get(id);
    await this.kit.form(
      req,
      reply,
      { action: Permission.PugManage, resourceId: id, flash: 'pug.flash.bodyUpdated' },
      async () => {
        const input = await parseForm(UpdateBodyDto, {
          version: num(raw.version) ?? raw.version,
          name: raw.name,
          description: blankNull(raw.description),
        });
        await this.bodies.update(id, input);
        return `/pug/bodies/${id}`;
      },
      async (problem) =>
        this.kit.render(
          req,
          reply,
          'pug/body-edit',
          await this.bodyEditForm(
            id,
            { name: textOf(raw.name), description: textOf(raw.description), version: textOf(raw.version) },
            problem,
          ),
          problem.status,
        ),
    );
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
    const regions = await this.regions.all();
    const base = {
      title: 'pug.decrees.title',
      filters: {
        regionId: textOf(raw.regionId),
        status: textOf(raw.status),
        kind: textOf(raw.kind),
        q: textOf(raw.q),
      },
      regions,
      statuses: DECREE_STATUSES,
      kinds: DECREE_KINDS,
      canManage: this.canManage(req),
    };
    const parsed = await validateInput(DecreeListQueryDto, raw, 'query');
    if (parsed.error) {
      const problem = this.kit.problem(req, parsed.error);
      reply.status(problem.status);
      return { ...base, ...problem, decrees: [], pagination: null };
    }
    const q = parsed.value;
    const { items, total } = await this.decrees.list(q);
    return {
      ...base,
      decrees: items.map((d) => ({
        id: d.decree.id,
        number: d.decree.number,
        decreeDate: d.decree.decreeDate,
        effectiveDate: d.decree.effectiveDate,
        title: d.decree.title,
        kind: d.decree.kind,
        status: d.status,
        body: d.decree.body,
      })),
      pagination: paginationView(total, q.page, q.pageSize, '/pug/decrees', {
        regionId: q.regionId,
        status: q.status,
        kind: q.kind,
        q: q.q,
      }),
    };
  }

  private emptyRow(): AppointeeRow {
    return { fullName: '', jobTitle: '', institutionId: '', userId: '', role: 'member' };
  }

  private postedRows(raw: Record<string, unknown>): AppointeeRow[] {
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

  /** Rows with anything typed become appointees (a row with only the default role is blank). */
  private appointeesOf(list: AppointeeRow[]) {
    return list
      .filter((r) => r.fullName.trim() || r.jobTitle.trim() || r.institutionId || r.userId)
      .map((r) => ({
        fullName: r.fullName,
        jobTitle: blankNull(r.jobTitle),
        institutionId: blankNull(r.institutionId),
        userId: blankNull(r.userId),
        role: r.role,
      }));
  }

  private async teamMemberOptions() {
    const { items } = await this.users.list({ page: 1, pageSize: 100, role: Role.TeamMember, active: true });
    return items.map((u) => ({ id: u.id, name: u.displayName, institution: u.institution?.name ?? '' }));
  }

  private async decreeForm(
    mode: { decree: PugDecree | null; bodyId: string },
    values: Record<string, string>,
    appointees: AppointeeRow[],
    problem?: FormError,
  ) {
    const body = mode.bodyId ? await this.bodies.get(mode.bodyId).catch(() => null) : null;
    const siblings = body
      ? (await this.decrees.withStatus([body.id])).filter((d) => d.decree.id !== mode.decree?.id)
      : [];
    const list = [...appointees, ...Array.from({ length: EXTRA_ROWS }, () => this.emptyRow())];
    const institutions = await institutionOptions(this.institutions, [
      values.issuerInstitutionId,
      ...list.map((r) => r.institutionId),
    ]);
    const members = await this.teamMemberOptions();
    const allBodies = body ? [] : (await this.bodies.list({ page: 1, pageSize: 100 })).items;
    return {
      title: mode.decree ? 'pug.decrees.edit.title' : 'pug.decrees.new.title',
      decree: mode.decree,
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
        .filter(
          (s) => s.decree.kind !== 'revocation' && (!s.successorId || s.successorId === mode.decree?.id),
        )
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

  private decreeValues(raw: Record<string, unknown>): Record<string, string> {
    const keys = [
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
    return Object.fromEntries(keys.map((k) => [k, textOf(raw[k])]));
  }

  @Get('decrees/new')
  @RequirePermission(Permission.PugManage)
  @Render('pug/decree-form')
  async newDecree(@Query() raw: Record<string, unknown>) {
    const bodyId = typeof raw.bodyId === 'string' && /^[0-9a-f-]{36}$/i.test(raw.bodyId) ? raw.bodyId : '';
    const replaces =
      typeof raw.replaces === 'string' && /^[0-9a-f-]{36}$/i.test(raw.replaces) ? raw.replaces : '';
    const body = bodyId ? await this.bodies.get(bodyId).catch(() => null) : null;
    // A replacement starts from the members of the decree it replaces.
    const previous = replaces ? await this.decrees.get(replaces).catch(() => null) : null;
    const appointees = (previous?.appointments ?? []).map((a) => ({
      fullName: a.fullName ?? '',
      jobTitle: a.jobTitle ?? '',
      institutionId: a.institutionId ?? '',
      userId: a.userId ?? '',
      role: a.role,
    }));
    const issuerKind = body?.kind === 'focal_point_team' ? 'skpd_head' : 'mayor';
    return this.decreeForm(
      { decree: null, bodyId: body?.id ?? '' },
      {
        bodyId: body?.id ?? '',
        kind: previous ? 'replacement' : 'formation',
        replacesDecreeId: previous?.decree.id ?? '',
        number: '',
        decreeDate: '',
        effectiveDate: '',
        issuerKind,
        issuerInstitutionId: issuerKind === 'skpd_head' ? (body?.institutionId ?? '') : '',
        title: previous?.decree.title ?? '',
        version: '',
      },
      appointees,
    );
  }

  @Post('decrees')
  @RequirePermission(Permission.PugManage)
  @AuditedManually()
  async createDecree(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    const raw = body ?? {};
    const values = this.decreeValues(raw);
    const list = this.postedRows(raw);
    await this.kit.form(
      req,
      reply,
      { action: Permission.PugManage, flash: 'pug.flash.decreeCreated' },
      async () => {
        const input = await parseForm(CreateDecreeDto, {
          bodyId: raw.bodyId,
          kind: raw.kind,
          replacesDecreeId: blankNull(raw.replacesDecreeId),
          number: raw.number,
          decreeDate: raw.decreeDate,
          effectiveDate: blankNull(raw.effectiveDate),
          issuerKind: raw.issuerKind,
          issuerInstitutionId: blankNull(raw.issuerInstitutionId),
          title: raw.title,
          appointees: this.appointeesOf(list),
        });
        return `/pug/decrees/${(await this.decrees.create(input, auth.userId)).id}`;
      },
      async (problem) =>
        this.kit.render(
          req,
          reply,
          'pug/decree-form',
          await this.decreeForm({ decree: null, bodyId: values.bodyId }, values, list, problem),
          problem.status,
        ),
    );
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
  async editDecree(@Param('id', idPipe()) id: string) {
    const detail = await this.decrees.get(id);
    const d = detail.decree;
    return this.decreeForm(
      { decree: d, bodyId: d.bodyId },
      {
        bodyId: d.bodyId,
        kind: d.kind,
        replacesDecreeId: d.replacesDecreeId ?? '',
        number: d.number,
        decreeDate: d.decreeDate,
        effectiveDate: d.effectiveDate,
        issuerKind: d.issuerKind,
        issuerInstitutionId: d.issuerInstitutionId ?? '',
        title: d.title,
        version: String(d.version),
      },
      detail.appointments.map((a) => ({
        fullName: a.fullName ?? '',
        jobTitle: a.jobTitle ?? '',
        institutionId: a.institutionId ?? '',
        userId: a.userId ?? '',
        role: a.role,
      })),
    );
  }

  @Post('decrees/:id')
  @RequirePermission(Permission.PugManage)
  @AuditedManually()
  async updateDecree(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @Param('id', idPipe()) id: string,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    const raw = body ?? {};
    const values = this.decreeValues(raw);
    const list = this.postedRows(raw);
    await this.kit.form(
      req,
      reply,
      { action: Permission.PugManage, resourceId: id, flash: 'pug.flash.decreeUpdated' },
      async () => {
        const input = await parseForm(UpdateDecreeDto, {
          version: Number(raw.version),
          number: raw.number,
          decreeDate: raw.decreeDate,
          effectiveDate: blank(raw.effectiveDate),
          issuerKind: raw.issuerKind,
          issuerInstitutionId: blankNull(raw.issuerInstitutionId),
          title: raw.title,
          appointees: this.appointeesOf(list),
        });
        await this.decrees.update(id, input);
        return `/pug/decrees/${id}`;
      },
      async (problem) => {
        const detail = await this.decrees.get(id);
        const data = await this.decreeForm(
          { decree: detail.decree, bodyId: detail.decree.bodyId },
          values,
          list,
          problem,
        );
        await this.kit.render(req, reply, 'pug/decree-form', data, problem.status);
      },
    );
  }

  @Get('decrees/:id/delete')
  @RequirePermission(Permission.PugManage)
  @Render('pug/confirm')
  async confirmDelete(@Param('id', idPipe()) id: string) {
    const detail = await this.decrees.get(id);
    return {
      title: 'pug.decrees.delete.title',
      confirmKey: 'pug.decrees.delete',
      subject: `${detail.decree.number} — ${detail.decree.title}`,
      actionUrl: `/pug/decrees/${id}/delete`,
      cancelUrl: `/pug/decrees/${id}`,
      version: detail.decree.version,
    };
  }

  @Post('decrees/:id/delete')
  @RequirePermission(Permission.PugManage)
  @AuditedManually()
  async deleteDecree(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @Param('id', idPipe()) id: string,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    const raw = body ?? {};
    const detail = await this.decrees.get(id);
    await this.kit.form(
      req,
      reply,
      { action: Permission.PugManage, resourceId: id, flash: 'pug.flash.decreeDeleted' },
      async () => {
        const input = await parseForm(VersionQueryDto, { version: raw.version });
        await this.decrees.remove(id, input.version);
        return `/pug/bodies/${detail.decree.bodyId}`;
      },
      (problem) =>
        this.kit.render(
          req,
          reply,
          'pug/confirm',
          {
            title: 'pug.decrees.delete.title',
            confirmKey: 'pug.decrees.delete',
            subject: `${detail.decree.number} — ${detail.decree.title}`,
            actionUrl: `/pug/decrees/${id}/delete`,
            cancelUrl: `/pug/decrees/${id}`,
            version: detail.decree.version,
            ...problem,
          },
          problem.status,
        ),
    );
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
