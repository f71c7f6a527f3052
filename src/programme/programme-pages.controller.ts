import { parseForm } from '../web/form-action';
import { Body, Controller, Get, Param, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuditedManually } from '../audit/audit.interceptor';
import { CurrentAuth, RequirePermission } from '../auth/auth.decorators';
import { Permission } from '../auth/permissions';
import { Clock } from '../common/clock';
import { PageQueryDto, paginationView } from '../common/pagination';
import { AppRequest, AuthContext } from '../common/request-context';
import { FormError, idPipe, listOf, textOf, validateInput } from '../web/forms';
import { VersionQueryDto } from '../web/input';
import { PageKit } from '../web/page-kit';
import { institutionOptions } from '../institutions/institution-options';
import { InstitutionsService } from '../institutions/institutions.service';
import { blank, blankNull, num } from '../web/input';
import { DOCUMENT_UPLOAD, UploadRoute } from '../web/multipart';
import { sendFile, takeFile } from '../web/files';
import { CommunityGroupsService } from './community-groups.service';
import {
  CreateCommunityActivityDto,
  CreateGroupDto,
  CreatePreventionDto,
  CreateVolunteerTrainingDto,
  GroupListQueryDto,
  PreventionListQueryDto,
  PreventionSummaryQueryDto,
  SetGroupVolunteersDto,
  toCommunityActivity,
  toGroup,
  toPrevention,
  toPreventionDetail,
  toVolunteerTraining,
  UpdateCommunityActivityDto,
  UpdateGroupDto,
  UpdatePreventionDto,
  UpdateVolunteerTrainingDto,
  volunteerRef,
  VolunteerTrainingListQueryDto,
} from './dto/programme.dto';
import { VolunteerTrainingsService } from './volunteer-trainings.service';
import { PreventionService } from './prevention.service';
import { COMMUNITY_ACTIVITY_KINDS, COMMUNITY_GROUP_KINDS, PREVENTION_KINDS } from './programme.constants';
import { yearOf } from '../common/dates';

const PREVENTION_FIELDS = [
  'kind',
  'title',
  'activityDate',
  'district',
  'place',
  'audience',
  'femaleChildren',
  'maleChildren',
  'femaleAdults',
  'maleAdults',
  'reach',
  'notes',
  'version',
];
const GROUP_FIELDS = ['kind', 'name', 'district', 'area', 'institutionId', 'description', 'version'];

/** Programme pages: prevention activities (step 7) and community groups (step 8). */
@ApiExcludeController()
@Controller('programme')
export class ProgrammePagesController {
  constructor(
    private readonly kit: PageKit,
    private readonly institutions: InstitutionsService,
    private readonly prevention: PreventionService,
    private readonly groups: CommunityGroupsService,
    private readonly volunteerTrainings: VolunteerTrainingsService,
    private readonly clock: Clock,
  ) {}

  private canManage(req: AppRequest): boolean {
    return !!req.auth?.permissions.has(Permission.ProgrammeManage);
  }

  // ---- prevention activities ------------------------------------------------------------------------

  @Get('prevention')
  @RequirePermission(Permission.ProgrammeRead)
  @Render('programme/prevention-list')
  async preventionList(
    @Req() req: AppRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query() raw: Record<string, unknown>,
  ) {
    const base = {
      title: 'programme.prevention.title',
      filters: {
        from: textOf(raw.from),
        to: textOf(raw.to),
        district: textOf(raw.district),
        kind: textOf(raw.kind),
      },
      districts: await this.prevention.districts(),
      kinds: PREVENTION_KINDS,
      year: yearOf(this.clock),
      canManage: this.canManage(req),
    };
    const parsed = await validateInput(PreventionListQueryDto, raw, 'query');
    if (parsed.error) {
      const problem = this.kit.problem(req, parsed.error);
      reply.status(problem.status);
      return { ...base, ...problem, activities: [], pagination: null };
    }
    const q = parsed.value;
    const { items, total } = await this.prevention.list(q);
    return {
      ...base,
      activities: items.map(toPrevention),
      pagination: paginationView(total, q.page, q.pageSize, '/programme/prevention', {
        from: q.from,
        to: q.to,
        district: q.district,
        kind: q.kind,
      }),
    };
  }

  @Get('prevention/summary')
  @RequirePermission(Permission.ProgrammeRead)
  async summary(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @Query() raw: Record<string, unknown>,
  ): Promise<void> {
    const districts = await this.prevention.districts();
    const year = raw.year === undefined || raw.year === '' ? String(yearOf(this.clock)) : raw.year;
    const parsed = await validateInput(PreventionSummaryQueryDto, { ...raw, year }, 'query');
    const base = {
      title: 'programme.summary.title',
      filters: { year: textOf(year), district: textOf(raw.district) },
      districts,
      kinds: PREVENTION_KINDS,
    };
    if (parsed.error) {
      const problem = this.kit.problem(req, parsed.error);
      await this.kit.render(
        req,
        reply,
        'programme/prevention-summary',
        { ...base, ...problem, summary: null },
        problem.status,
      );
      return;
    }
    const summary = await this.prevention.summary(parsed.value.year, parsed.value.district);
    await this.kit.render(req, reply, 'programme/prevention-summary', { ...base, summary });
  }

  private async preventionForm(
    activityId: string | null,
    values: Record<string, string>,
    partnerIds: string[],
    problem?: FormError,
  ) {
    const districts = await this.prevention.districts();
    const institutions = await institutionOptions(this.institutions, partnerIds);
    return {
      title: activityId ? 'programme.prevention.edit.title' : 'programme.prevention.new.title',
      activityId,
      form: values,
      kinds: PREVENTION_KINDS.map((value) => ({ value, selected: value === values.kind })),
      districts: districts.map((d) => ({ value: d, selected: d === values.district })),
      partners: institutions.map((i) => ({ id: i.id, name: i.name, checked: partnerIds.includes(i.id) })),
      ...problem,
    };
  }

  private preventionInput(raw: Record<string, unknown>) {
    return {
      kind: raw.kind,
      title: raw.title,
      activityDate: raw.activityDate,
      district: raw.district,
      place: blankNull(raw.place),
      audience: blankNull(raw.audience),
      femaleChildren: num(raw.femaleChildren) ?? 0,
      maleChildren: num(raw.maleChildren) ?? 0,
      femaleAdults: num(raw.femaleAdults) ?? 0,
      maleAdults: num(raw.maleAdults) ?? 0,
      reach: num(raw.reach) ?? null,
      partnerInstitutionIds: listOf(raw.partnerInstitutionIds),
      notes: blankNull(raw.notes),
    };
  }

  private postedValues(raw: Record<string, unknown>, fields: string[]): Record<string, string> {
    return Object.fromEntries(fields.map((k) => [k, textOf(raw[k])]));
  }

  @Get('prevention/new')
  @RequirePermission(Permission.ProgrammeManage)
  @Render('programme/prevention-form')
  newPrevention() {
    return this.preventionForm(null, { kind: 'socialization' }, []);
  }

  @Post('prevention')
  @RequirePermission(Permission.ProgrammeManage)
  @AuditedManually()
  async createPrevention(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    const raw = body ?? {};
    await this.kit.form(
      req,
      reply,
      { action: Permission.ProgrammeManage, flash: 'programme.flash.preventionCreated' },
      async () => {
        const input = await parseForm(CreatePreventionDto, this.preventionInput(raw));
        return `/programme/prevention/${(await this.prevention.create(input, auth.userId)).id}`;
      },
      async (problem) =>
        this.kit.render(
          req,
          reply,
          'programme/prevention-form',
          await this.preventionForm(
            null,
            this.postedValues(raw, PREVENTION_FIELDS),
            listOf(raw.partnerInstitutionIds),
            problem,
          ),
          problem.status,
        ),
    );
  }

  @Get('prevention/:id')
  @RequirePermission(Permission.ProgrammeRead)
  @Render('programme/prevention')
  async preventionDetail(
    @Req() req: AppRequest,
    @Query() raw: Record<string, unknown>,
    @Param('id', idPipe()) id: string,
  ) {
    const { activity, materials } = await this.prevention.get(id);
    return {
      title: 'programme.prevention.show.title',
      activity: toPreventionDetail(activity, materials),
      errorKey: this.kit.inlineError(raw),
      canManage: this.canManage(req),
    };
  }

  @Get('prevention/:id/edit')
  @RequirePermission(Permission.ProgrammeManage)
  @Render('programme/prevention-form')
  async editPrevention(@Param('id', idPipe()) id: string) {
    const { activity } = await this.prevention.get(id);
    const values = Object.fromEntries(
      PREVENTION_FIELDS.map((k) => {
        const v = (activity as unknown as Record<string, unknown>)[k];
        return [k, v === null || v === undefined ? '' : String(v)];
      }),
    );
    return this.preventionForm(
      id,
      values,
      (activity.partners ?? []).map((p) => p.id),
    );
  }

  @Post('prevention/:id')
  @RequirePermission(Permission.ProgrammeManage)
  @AuditedManually()
  async updatePrevention(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @Param('id', idPipe()) id: string,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    const raw = body ?? {};
    await this.kit.form(
      req,
      reply,
      { action: Permission.ProgrammeManage, resourceId: id, flash: 'programme.flash.preventionUpdated' },
      async () => {
        const input = await parseForm(UpdatePreventionDto, {
          version: num(raw.version),
          ...this.preventionInput(raw),
        });
        await this.prevention.update(id, input);
        return `/programme/prevention/${id}`;
      },
      async (problem) =>
        this.kit.render(
          req,
          reply,
          'programme/prevention-form',
          await this.preventionForm(
            id,
            this.postedValues(raw, PREVENTION_FIELDS),
            listOf(raw.partnerInstitutionIds),
            problem,
          ),
          problem.status,
        ),
    );
  }

  private async confirmData(id: string, problem?: FormError) {
    const { activity } = await this.prevention.get(id);
    return {
      title: 'programme.prevention.delete.title',
      confirmKey: 'programme.prevention.delete',
      subject: activity.title,
      actionUrl: `/programme/prevention/${id}/delete`,
      cancelUrl: `/programme/prevention/${id}`,
      version: activity.version,
      ...problem,
    };
  }

  @Get('prevention/:id/delete')
  @RequirePermission(Permission.ProgrammeManage)
  @Render('pug/confirm')
  confirmPreventionDelete(@Param('id', idPipe()) id: string) {
    return this.confirmData(id);
  }

  @Post('prevention/:id/delete')
  @RequirePermission(Permission.ProgrammeManage)
  @AuditedManually()
  async deletePrevention(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @Param('id', idPipe()) id: string,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    const raw = body ?? {};
    await this.prevention.get(id);
    await this.kit.form(
      req,
      reply,
      { action: Permission.ProgrammeManage, resourceId: id, flash: 'programme.flash.preventionDeleted' },
      async () => {
        const input = await parseForm(VersionQueryDto, { version: raw.version });
        await this.prevention.remove(id, input.version);
        return '/programme/prevention';
      },
      async (problem) =>
        this.kit.render(req, reply, 'pug/confirm', await this.confirmData(id, problem), problem.status),
    );
  }

  @Post('prevention/:id/materials')
  @RequirePermission(Permission.ProgrammeManage)
  @UploadRoute(DOCUMENT_UPLOAD)
  @AuditedManually()
  async addMaterial(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe()) id: string,
  ): Promise<void> {
    await this.kit.inline(
      req,
      reply,
      {
        action: Permission.ProgrammeManage,
        resourceId: id,
        back: `/programme/prevention/${id}`,
        section: 'materials',
        flash: 'programme.flash.materialAdded',
      },
      async () => {
        const { data, filename } = takeFile(req.body, ['_csrf']);
        await this.prevention.addMaterial(id, data, filename, auth.userId);
      },
    );
  }

  @Get('prevention/:id/materials/:fileId')
  @RequirePermission(Permission.ProgrammeRead)
  async material(
    @Param('id', idPipe()) id: string,
    @Param('fileId', idPipe()) fileId: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { file, data } = await this.prevention.material(id, fileId);
    await sendFile(reply, file, data);
  }

  @Get('prevention/:id/materials/:fileId/delete')
  @RequirePermission(Permission.ProgrammeManage)
  @Render('pug/confirm')
  async confirmMaterialDelete(@Param('id', idPipe()) id: string, @Param('fileId', idPipe()) fileId: string) {
    const { file } = await this.prevention.material(id, fileId);
    return {
      title: 'programme.materials.delete.title',
      confirmKey: 'programme.materials.delete',
      subject: file.originalName ?? '',
      actionUrl: `/programme/prevention/${id}/materials/${fileId}/delete`,
      cancelUrl: `/programme/prevention/${id}#materials`,
      version: 1,
    };
  }

  @Post('prevention/:id/materials/:fileId/delete')
  @RequirePermission(Permission.ProgrammeManage)
  @AuditedManually()
  async deleteMaterial(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @Param('id', idPipe()) id: string,
    @Param('fileId', idPipe()) fileId: string,
  ): Promise<void> {
    await this.kit.inline(
      req,
      reply,
      {
        action: Permission.ProgrammeManage,
        resourceId: id,
        back: `/programme/prevention/${id}`,
        section: 'materials',
        flash: 'programme.flash.materialDeleted',
      },
      () => this.prevention.removeMaterial(id, fileId),
    );
  }

  // ---- community groups -----------------------------------------------------------------------------

  @Get('groups')
  @RequirePermission(Permission.ProgrammeRead)
  @Render('programme/groups')
  async groupList(
    @Req() req: AppRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query() raw: Record<string, unknown>,
  ) {
    const base = {
      title: 'programme.groups.title',
      filters: {
        kind: textOf(raw.kind),
        district: textOf(raw.district),
        active: textOf(raw.active),
        q: textOf(raw.q),
      },
      kinds: COMMUNITY_GROUP_KINDS,
      districts: await this.prevention.districts(),
      canManage: this.canManage(req),
    };
    const parsed = await validateInput(GroupListQueryDto, raw, 'query');
    if (parsed.error) {
      const problem = this.kit.problem(req, parsed.error);
      reply.status(problem.status);
      return { ...base, ...problem, groups: [], pagination: null };
    }
    const q = parsed.value;
    const { items, total } = await this.groups.list(q);
    return {
      ...base,
      groups: items.map(toGroup),
      pagination: paginationView(total, q.page, q.pageSize, '/programme/groups', {
        kind: q.kind,
        district: q.district,
        active: q.active,
        q: q.q,
      }),
    };
  }

  private async groupForm(
    groupId: string | null,
    values: Record<string, string>,
    active: boolean,
    problem?: FormError,
  ) {
    const districts = await this.prevention.districts();
    const institutions = await institutionOptions(this.institutions, [values.institutionId]);
    return {
      title: groupId ? 'programme.groups.edit.title' : 'programme.groups.new.title',
      groupId,
      form: { ...values, isActive: active },
      kinds: COMMUNITY_GROUP_KINDS.map((value) => ({ value, selected: value === values.kind })),
      districts: districts.map((d) => ({ value: d, selected: d === values.district })),
      institutions: institutions.map((i) => ({
        id: i.id,
        name: i.name,
        selected: i.id === values.institutionId,
      })),
      ...problem,
    };
  }

  private groupInput(raw: Record<string, unknown>) {
    return {
      kind: raw.kind,
      name: raw.name,
      district: raw.district,
      area: blankNull(raw.area),
      institutionId: blankNull(raw.institutionId),
      isActive: raw.isActive === 'on',
      description: blankNull(raw.description),
    };
  }

  @Get('groups/new')
  @RequirePermission(Permission.ProgrammeManage)
  @Render('programme/group-form')
  newGroup() {
    return this.groupForm(null, { kind: 'pkk' }, true);
  }

  @Post('groups')
  @RequirePermission(Permission.ProgrammeManage)
  @AuditedManually()
  async createGroup(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    const raw = body ?? {};
    await this.kit.form(
      req,
      reply,
      { action: Permission.ProgrammeManage, flash: 'programme.flash.groupCreated' },
      async () => {
        const input = await parseForm(CreateGroupDto, this.groupInput(raw));
        return `/programme/groups/${(await this.groups.create(input)).id}`;
      },
      async (problem) =>
        this.kit.render(
          req,
          reply,
          'programme/group-form',
          await this.groupForm(null, this.postedValues(raw, GROUP_FIELDS), raw.isActive === 'on', problem),
          problem.status,
        ),
    );
  }

  @Get('groups/:id')
  @RequirePermission(Permission.ProgrammeRead)
  @Render('programme/group')
  async group(
    @Req() req: AppRequest,
    @Query() raw: Record<string, unknown>,
    @Param('id', idPipe()) id: string,
  ) {
    const group = await this.groups.get(id);
    const page = await validateInput(PageQueryDto, { page: raw.page, pageSize: raw.pageSize }, 'query');
    const q = page.value ?? { page: 1, pageSize: 25 };
    const { items, total } = await this.groups.activities(id, q);
    const districts = await this.prevention.districts();
    const members = (await this.groups.volunteers(id)).map(volunteerRef);
    const memberIds = new Set(members.map((v) => v.id));
    const options = this.canManage(req) ? (await this.groups.volunteerOptions()).map(volunteerRef) : [];
    for (const m of members) if (!options.some((o) => o.id === m.id) && this.canManage(req)) options.push(m);
    return {
      title: 'programme.groups.show.title',
      group: toGroup(group),
      volunteers: members,
      volunteerOptions: options.map((v) => ({ ...v, checked: memberIds.has(v.id) })),
      activities: items.map(toCommunityActivity),
      pagination: paginationView(total, q.page, q.pageSize, `/programme/groups/${id}`),
      activityKinds: COMMUNITY_ACTIVITY_KINDS,
      districts: districts.map((d) => ({ value: d, selected: d === group.district })),
      errorKey: this.kit.inlineError(raw),
      canManage: this.canManage(req),
    };
  }

  @Get('groups/:id/edit')
  @RequirePermission(Permission.ProgrammeManage)
  @Render('programme/group-form')
  async editGroup(@Param('id', idPipe()) id: string) {
    const g = await this.groups.get(id);
    return this.groupForm(
      id,
      {
        kind: g.kind,
        name: g.name,
        district: g.district,
        area: g.area ?? '',
        institutionId: g.institutionId ?? '',
        description: g.description ?? '',
        version: String(g.version),
      },
      g.isActive,
    );
  }

  @Post('groups/:id')
  @RequirePermission(Permission.ProgrammeManage)
  @AuditedManually()
  async updateGroup(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @Param('id', idPipe()) id: string,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    const raw = body ?? {};
    await this.kit.form(
      req,
      reply,
      { action: Permission.ProgrammeManage, resourceId: id, flash: 'programme.flash.groupUpdated' },
      async () => {
        const input = await parseForm(UpdateGroupDto, {
          version: num(raw.version),
          ...this.groupInput(raw),
        });
        await this.groups.update(id, input);
        return `/programme/groups/${id}`;
      },
      async (problem) =>
        this.kit.render(
          req,
          reply,
          'programme/group-form',
          await this.groupForm(id, this.postedValues(raw, GROUP_FIELDS), raw.isActive === 'on', problem),
          problem.status,
        ),
    );
  }

  @Post('groups/:id/activities')
  @RequirePermission(Permission.ProgrammeManage)
  @AuditedManually()
  async addActivity(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe()) id: string,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    const raw = body ?? {};
    await this.kit.inline(
      req,
      reply,
      {
        action: Permission.ProgrammeManage,
        resourceId: id,
        back: `/programme/groups/${id}`,
        section: 'activities',
        flash: 'programme.flash.activityAdded',
      },
      async () => {
        const input = await parseForm(CreateCommunityActivityDto, {
          kind: raw.kind,
          title: raw.title,
          activityDate: raw.activityDate,
          district: blankNull(raw.district),
          participants: num(raw.participants) ?? null,
          notes: blankNull(raw.notes),
          volunteerIds: listOf(raw.volunteerIds),
        });
        await this.groups.addActivity(id, input, auth.userId);
      },
    );
  }

  @Post('groups/:id/volunteers')
  @RequirePermission(Permission.ProgrammeManage)
  @AuditedManually()
  async setGroupVolunteers(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @Param('id', idPipe()) id: string,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    const raw = body ?? {};
    await this.kit.inline(
      req,
      reply,
      {
        action: Permission.ProgrammeManage,
        resourceId: id,
        back: `/programme/groups/${id}`,
        section: 'volunteers',
        flash: 'programme.flash.volunteersSaved',
      },
      async () => {
        const input = await parseForm(SetGroupVolunteersDto, {
          version: num(raw.version),
          volunteerIds: listOf(raw.volunteerIds),
        });
        await this.groups.setVolunteers(id, input.version, input.volunteerIds);
      },
    );
  }

  private async activityForm(
    id: string,
    values: Record<string, string>,
    selected: string[],
    problem?: FormError,
  ) {
    const activity = await this.groups.activity(id);
    const districts = await this.prevention.districts();
    // The group's volunteers, and whoever the activity names already (even if no longer a member).
    const volunteers = (await this.groups.volunteers(activity.groupId)).map(volunteerRef);
    for (const v of (activity.volunteers ?? []).map(volunteerRef))
      if (!volunteers.some((o) => o.id === v.id)) volunteers.push(v);
    return {
      title: 'programme.activities.edit.title',
      activity: toCommunityActivity(activity),
      group: activity.group ? toGroup(activity.group) : null,
      form: values,
      kinds: COMMUNITY_ACTIVITY_KINDS.map((value) => ({ value, selected: value === values.kind })),
      districts: [...new Set([...districts, activity.district])].map((d) => ({
        value: d,
        selected: d === values.district,
      })),
      volunteers: volunteers.map((v) => ({ ...v, checked: selected.includes(v.id) })),
      ...problem,
    };
  }

  @Get('community-activities/:id/edit')
  @RequirePermission(Permission.ProgrammeManage)
  @Render('programme/activity-form')
  async editActivity(@Param('id', idPipe()) id: string) {
    const a = await this.groups.activity(id);
    return this.activityForm(
      id,
      {
        kind: a.kind,
        title: a.title,
        activityDate: a.activityDate,
        district: a.district,
        participants: a.participants === null ? '' : String(a.participants),
        notes: a.notes ?? '',
        version: String(a.version),
      },
      (a.volunteers ?? []).map((v) => v.id),
    );
  }

  /** Corrects what a group did; the volunteers ticked replace the list. */
  @Post('community-activities/:id')
  @RequirePermission(Permission.ProgrammeManage)
  @AuditedManually()
  async updateActivity(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @Param('id', idPipe()) id: string,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    const raw = body ?? {};
    const { groupId } = await this.groups.activity(id);
    await this.kit.form(
      req,
      reply,
      { action: Permission.ProgrammeManage, resourceId: id, flash: 'programme.flash.activityUpdated' },
      async () => {
        const input = await parseForm(UpdateCommunityActivityDto, {
          version: num(raw.version) ?? raw.version,
          kind: raw.kind,
          title: raw.title,
          activityDate: raw.activityDate,
          district: blank(raw.district),
          participants: num(raw.participants) ?? null,
          notes: blankNull(raw.notes),
          volunteerIds: listOf(raw.volunteerIds),
        });
        await this.groups.updateActivity(id, input);
        return `/programme/groups/${groupId}#activities`;
      },
      async (problem) =>
        this.kit.render(
          req,
          reply,
          'programme/activity-form',
          await this.activityForm(
            id,
            this.postedValues(raw, [
              'kind',
              'title',
              'activityDate',
              'district',
              'participants',
              'notes',
              'version',
            ]),
            listOf(raw.volunteerIds),
            problem,
          ),
          problem.status,
        ),
    );
  }

  // ---- volunteer trainings --------------------------------------------------------------------------

  @Get('volunteer-trainings')
  @RequirePermission(Permission.ProgrammeRead)
  @Render('programme/volunteer-trainings')
  async volunteerTrainingList(
    @Req() req: AppRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query() raw: Record<string, unknown>,
  ) {
    const base = {
      title: 'programme.volunteerTrainings.title',
      filters: { year: textOf(raw.year) },
      canManage: this.canManage(req),
    };
    const parsed = await validateInput(VolunteerTrainingListQueryDto, raw, 'query');
    if (parsed.error) {
      const problem = this.kit.problem(req, parsed.error);
      reply.status(problem.status);
      return { ...base, ...problem, trainings: [], pagination: null };
    }
    const q = parsed.value;
    const { items, total } = await this.volunteerTrainings.list(q);
    return {
      ...base,
      trainings: items.map(toVolunteerTraining),
      pagination: paginationView(total, q.page, q.pageSize, '/programme/volunteer-trainings', {
        year: q.year,
        volunteerId: q.volunteerId,
      }),
    };
  }

  private async volunteerTrainingForm(
    values: Record<string, string>,
    selected: string[],
    problem?: FormError,
    trainingId: string | null = null,
  ) {
    const institutions = await institutionOptions(this.institutions, [values.organiserInstitutionId]);
    const volunteers = (await this.groups.volunteerOptions()).map(volunteerRef);
    if (trainingId) {
      // Whoever attended stays on the list, even if no longer active.
      const current = await this.volunteerTrainings.get(trainingId);
      for (const v of (current.participants ?? []).map(volunteerRef))
        if (!volunteers.some((o) => o.id === v.id)) volunteers.push(v);
    }
    return {
      title: trainingId
        ? 'programme.volunteerTrainings.edit.title'
        : 'programme.volunteerTrainings.new.title',
      trainingId,
      form: values,
      organisers: institutions.map((i) => ({
        id: i.id,
        name: i.name,
        selected: i.id === values.organiserInstitutionId,
      })),
      volunteers: volunteers.map((v) => ({ ...v, checked: selected.includes(v.id) })),
      ...problem,
    };
  }

  @Get('volunteer-trainings/new')
  @RequirePermission(Permission.ProgrammeManage)
  @Render('programme/volunteer-training-form')
  newVolunteerTraining() {
    return this.volunteerTrainingForm({}, []);
  }

  @Post('volunteer-trainings')
  @RequirePermission(Permission.ProgrammeManage)
  @AuditedManually()
  async createVolunteerTraining(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    const raw = body ?? {};
    const fields = ['title', 'topic', 'startDate', 'endDate', 'place', 'organiserInstitutionId'];
    await this.kit.form(
      req,
      reply,
      { action: Permission.ProgrammeManage, flash: 'programme.flash.volunteerTrainingCreated' },
      async () => {
        const input = await parseForm(CreateVolunteerTrainingDto, {
          title: raw.title,
          topic: blankNull(raw.topic),
          startDate: raw.startDate,
          endDate: blankNull(raw.endDate),
          place: blankNull(raw.place),
          organiserInstitutionId: blankNull(raw.organiserInstitutionId),
          volunteerIds: listOf(raw.volunteerIds),
        });
        return `/programme/volunteer-trainings/${(await this.volunteerTrainings.create(input)).id}`;
      },
      async (problem) =>
        this.kit.render(
          req,
          reply,
          'programme/volunteer-training-form',
          await this.volunteerTrainingForm(this.postedValues(raw, fields), listOf(raw.volunteerIds), problem),
          problem.status,
        ),
    );
  }

  @Get('volunteer-trainings/:id')
  @RequirePermission(Permission.ProgrammeRead)
  @Render('programme/volunteer-training')
  async volunteerTraining(@Req() req: AppRequest, @Param('id', idPipe()) id: string) {
    return {
      title: 'programme.volunteerTrainings.show.title',
      training: toVolunteerTraining(await this.volunteerTrainings.get(id)),
      canManage: this.canManage(req),
    };
  }

  @Get('volunteer-trainings/:id/edit')
  @RequirePermission(Permission.ProgrammeManage)
  @Render('programme/volunteer-training-form')
  async editVolunteerTraining(@Param('id', idPipe()) id: string) {
    const t = await this.volunteerTrainings.get(id);
    return this.volunteerTrainingForm(
      {
        title: t.title,
        topic: t.topic ?? '',
        startDate: t.startDate,
        endDate: t.endDate,
        place: t.place ?? '',
        organiserInstitutionId: t.organiserInstitutionId ?? '',
        version: String(t.version),
      },
      (t.participants ?? []).map((v) => v.id),
      undefined,
      id,
    );
  }

  /** Changes a volunteer training; the volunteers ticked replace the list of who attended. */
  @Post('volunteer-trainings/:id')
  @RequirePermission(Permission.ProgrammeManage)
  @AuditedManually()
  async updateVolunteerTraining(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @Param('id', idPipe()) id: string,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    const raw = body ?? {};
    await this.volunteerTrainings.get(id);
    const fields = ['title', 'topic', 'startDate', 'endDate', 'place', 'organiserInstitutionId', 'version'];
    await this.kit.form(
      req,
      reply,
      {
        action: Permission.ProgrammeManage,
        resourceId: id,
        flash: 'programme.flash.volunteerTrainingUpdated',
      },
      async () => {
        const input = await parseForm(UpdateVolunteerTrainingDto, {
          version: num(raw.version) ?? raw.version,
          title: raw.title,
          topic: blankNull(raw.topic),
          startDate: raw.startDate,
          // Empty: the start date (as when recording it).
          endDate: blank(raw.endDate),
          place: blankNull(raw.place),
          organiserInstitutionId: blankNull(raw.organiserInstitutionId),
          volunteerIds: listOf(raw.volunteerIds),
        });
        await this.volunteerTrainings.update(id, input);
        return `/programme/volunteer-trainings/${id}`;
      },
      async (problem) =>
        this.kit.render(
          req,
          reply,
          'programme/volunteer-training-form',
          await this.volunteerTrainingForm(
            this.postedValues(raw, fields),
            listOf(raw.volunteerIds),
            problem,
            id,
          ),
          problem.status,
        ),
    );
  }
}
