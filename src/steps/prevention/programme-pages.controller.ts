import { Body, Controller, Get, Param, Post, Query, Render, Req, Res } from '@nestjs/common';
import { PREVENTION_LIST_SORT } from './prevention-list-sort';
import { VOLUNTEER_TRAINING_LIST_SORT } from './volunteer-training-list-sort';
import { COMMUNITY_GROUP_LIST_SORT } from './community-group-list-sort';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuditedManually } from '../../platform/audit/audit.interceptor';
import { CurrentAuth, RequirePermission } from '../../platform/auth/auth.decorators';
import { Permission } from '../../platform/auth/permissions';
import { Clock } from '../../platform/common/clock';
import { yearOf } from '../../platform/common/dates';
import { PageQueryDto, paginationView } from '../../platform/common/pagination';
import { AppRequest, AuthContext } from '../../platform/common/request-context';
import { institutionOptions } from '../../institutions/institution-options';
import { InstitutionsService } from '../../institutions/institutions.service';
import { sendFile, takeFile } from '../../web/files';
import { parseForm } from '../../web/form-action';
import { idPipe, listOf, textOf, validateInput } from '../../web/forms';
import { blank, blankNull, num } from '../../web/input';
import { DOCUMENT_UPLOAD, UploadRoute } from '../../web/multipart';
import { PageKit } from '../../web/page-kit';
import { listPage, posted, RawForm, RecordPages } from '../../web/record-pages';
import { CommunityGroupsService } from './community-groups.service';
import {
  CreateCommunityActivityDto,
  CreateGroupDto,
  CreatePreventionDto,
  CreateVolunteerTrainingDto,
  GroupListPageQueryDto,
  PreventionListPageQueryDto,
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
  VolunteerTrainingListPageQueryDto,
} from './dto/programme.dto';
import { CommunityActivity } from './entities/community-activity.entity';
import { CommunityGroup } from './entities/community-group.entity';
import { VolunteerTraining } from './entities/volunteer-links.entity';
import { PreventionService } from './prevention.service';
import { COMMUNITY_ACTIVITY_KINDS, COMMUNITY_GROUP_KINDS, PREVENTION_KINDS } from './programme.constants';
import { VolunteerTrainingsService } from './volunteer-trainings.service';

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
const ACTIVITY_FIELDS = ['kind', 'title', 'activityDate', 'district', 'participants', 'notes', 'version'];
const TRAINING_FIELDS = [
  'title',
  'topic',
  'startDate',
  'endDate',
  'place',
  'organiserInstitutionId',
  'version',
];

/** A record's fields as its form posts them (null → empty). */
function formValues(record: object, fields: string[]): RawForm {
  const r = record as Record<string, unknown>;
  return Object.fromEntries(fields.map((k) => [k, r[k] === null || r[k] === undefined ? '' : String(r[k])]));
}

type PreventionRecord = Awaited<ReturnType<PreventionService['get']>>;

/** Programme pages: prevention activities (step 7) and community groups (step 8). */
@ApiExcludeController()
@Controller('programme')
export class ProgrammePagesController {
  private readonly preventionPages: RecordPages<PreventionRecord, CreatePreventionDto, UpdatePreventionDto>;
  private readonly groupPages: RecordPages<CommunityGroup, CreateGroupDto, UpdateGroupDto>;
  private readonly activityPages: RecordPages<CommunityActivity, object, UpdateCommunityActivityDto>;
  private readonly trainingPages: RecordPages<
    VolunteerTraining,
    CreateVolunteerTrainingDto,
    UpdateVolunteerTrainingDto
  >;

  constructor(
    private readonly kit: PageKit,
    private readonly institutions: InstitutionsService,
    private readonly prevention: PreventionService,
    private readonly groups: CommunityGroupsService,
    private readonly volunteerTrainings: VolunteerTrainingsService,
    private readonly clock: Clock,
  ) {
    const action = Permission.ProgrammeManage;

    const preventionInput = (raw: RawForm) => ({
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
    });
    this.preventionPages = new RecordPages(kit, {
      path: '/programme/prevention',
      action,
      formView: 'programme/prevention-form',
      read: (id) => this.prevention.get(id),
      values: ({ activity }) => ({
        ...formValues(activity, PREVENTION_FIELDS),
        partnerInstitutionIds: (activity.partners ?? []).map((p) => p.id),
      }),
      form: async ({ id, raw, problem }) => {
        const values = posted(raw, PREVENTION_FIELDS);
        const partnerIds = listOf(raw.partnerInstitutionIds);
        const districts = await this.prevention.districts();
        const institutions = await institutionOptions(this.institutions, partnerIds);
        return {
          title: id ? 'programme.prevention.edit.title' : 'programme.prevention.new.title',
          activityId: id,
          form: values,
          kinds: PREVENTION_KINDS.map((value) => ({ value, selected: value === values.kind })),
          districts: districts.map((d) => ({ value: d, selected: d === values.district })),
          partners: institutions.map((i) => ({ id: i.id, name: i.name, checked: partnerIds.includes(i.id) })),
          ...problem,
        };
      },
      create: {
        dto: CreatePreventionDto,
        input: preventionInput,
        run: (input, auth) => this.prevention.create(input, auth.userId),
        flash: 'programme.flash.preventionCreated',
      },
      update: {
        dto: UpdatePreventionDto,
        input: (raw) => ({ version: num(raw.version), ...preventionInput(raw) }),
        run: (id, input) => this.prevention.update(id, input),
        flash: 'programme.flash.preventionUpdated',
      },
      remove: {
        run: (id, version) => this.prevention.remove(id, version),
        next: () => '/programme/prevention',
        flash: 'programme.flash.preventionDeleted',
        confirm: (id, { activity }) => ({
          title: 'programme.prevention.delete.title',
          confirmKey: 'programme.prevention.delete',
          subject: activity.title,
          cancelUrl: `/programme/prevention/${id}`,
          version: activity.version,
        }),
      },
    });

    const groupInput = (raw: RawForm) => ({
      kind: raw.kind,
      name: raw.name,
      district: raw.district,
      area: blankNull(raw.area),
      institutionId: blankNull(raw.institutionId),
      isActive: raw.isActive === 'on',
      description: blankNull(raw.description),
    });
    this.groupPages = new RecordPages(kit, {
      path: '/programme/groups',
      action,
      formView: 'programme/group-form',
      read: (id) => this.groups.get(id),
      values: (g) => ({ ...formValues(g, GROUP_FIELDS), isActive: g.isActive ? 'on' : '' }),
      form: async ({ id, raw, problem }) => {
        const values = posted(raw, GROUP_FIELDS);
        const districts = await this.prevention.districts();
        const institutions = await institutionOptions(this.institutions, [values.institutionId]);
        return {
          title: id ? 'programme.groups.edit.title' : 'programme.groups.new.title',
          groupId: id,
          form: { ...values, isActive: raw.isActive === 'on' },
          kinds: COMMUNITY_GROUP_KINDS.map((value) => ({ value, selected: value === values.kind })),
          districts: districts.map((d) => ({ value: d, selected: d === values.district })),
          institutions: institutions.map((i) => ({
            id: i.id,
            name: i.name,
            selected: i.id === values.institutionId,
          })),
          ...problem,
        };
      },
      create: {
        dto: CreateGroupDto,
        input: groupInput,
        run: (input) => this.groups.create(input),
        flash: 'programme.flash.groupCreated',
      },
      update: {
        dto: UpdateGroupDto,
        input: (raw) => ({ version: num(raw.version), ...groupInput(raw) }),
        run: (id, input) => this.groups.update(id, input),
        flash: 'programme.flash.groupUpdated',
      },
    });

    this.activityPages = new RecordPages(kit, {
      path: '/programme/community-activities',
      action,
      formView: 'programme/activity-form',
      read: (id) => this.groups.activity(id),
      values: (a) => ({
        ...formValues(a, ACTIVITY_FIELDS),
        volunteerIds: (a.volunteers ?? []).map((v) => v.id),
      }),
      form: async ({ id, raw, problem, record }) => {
        const activity = record ?? (await this.groups.activity(id as string));
        const values = posted(raw, ACTIVITY_FIELDS);
        const selected = listOf(raw.volunteerIds);
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
      },
      update: {
        dto: UpdateCommunityActivityDto,
        input: (raw) => ({
          version: num(raw.version) ?? raw.version,
          kind: raw.kind,
          title: raw.title,
          activityDate: raw.activityDate,
          district: blank(raw.district),
          participants: num(raw.participants) ?? null,
          notes: blankNull(raw.notes),
          volunteerIds: listOf(raw.volunteerIds),
        }),
        run: (id, input) => this.groups.updateActivity(id, input),
        readFirst: true,
        next: (_id, a) => `/programme/groups/${a?.groupId}#activities`,
        flash: 'programme.flash.activityUpdated',
      },
    });

    const trainingInput = (raw: RawForm) => ({
      title: raw.title,
      topic: blankNull(raw.topic),
      startDate: raw.startDate,
      place: blankNull(raw.place),
      organiserInstitutionId: blankNull(raw.organiserInstitutionId),
      volunteerIds: listOf(raw.volunteerIds),
    });
    this.trainingPages = new RecordPages(kit, {
      path: '/programme/volunteer-trainings',
      action,
      formView: 'programme/volunteer-training-form',
      read: (id) => this.volunteerTrainings.get(id),
      values: (t) => ({
        ...formValues(t, TRAINING_FIELDS),
        volunteerIds: (t.participants ?? []).map((v) => v.id),
      }),
      form: async ({ id, raw, problem, record }) => {
        const values = posted(raw, TRAINING_FIELDS);
        const selected = listOf(raw.volunteerIds);
        const institutions = await institutionOptions(this.institutions, [values.organiserInstitutionId]);
        const volunteers = (await this.groups.volunteerOptions()).map(volunteerRef);
        if (id) {
          // Whoever attended stays on the list, even if no longer active.
          const current = record ?? (await this.volunteerTrainings.get(id));
          for (const v of (current.participants ?? []).map(volunteerRef))
            if (!volunteers.some((o) => o.id === v.id)) volunteers.push(v);
        }
        return {
          title: id ? 'programme.volunteerTrainings.edit.title' : 'programme.volunteerTrainings.new.title',
          trainingId: id,
          form: values,
          organisers: institutions.map((i) => ({
            id: i.id,
            name: i.name,
            selected: i.id === values.organiserInstitutionId,
          })),
          volunteers: volunteers.map((v) => ({ ...v, checked: selected.includes(v.id) })),
          ...problem,
        };
      },
      create: {
        dto: CreateVolunteerTrainingDto,
        input: (raw) => ({ ...trainingInput(raw), endDate: blankNull(raw.endDate) }),
        run: (input) => this.volunteerTrainings.create(input),
        flash: 'programme.flash.volunteerTrainingCreated',
      },
      update: {
        dto: UpdateVolunteerTrainingDto,
        // Empty end date: the start date (as when recording it).
        input: (raw) => ({
          version: num(raw.version) ?? raw.version,
          ...trainingInput(raw),
          endDate: blank(raw.endDate),
        }),
        run: (id, input) => this.volunteerTrainings.update(id, input),
        readFirst: true,
        flash: 'programme.flash.volunteerTrainingUpdated',
      },
    });
  }

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
      filters: posted(raw, ['from', 'to', 'district', 'kind']),
      filterFields: ['from', 'to', 'district', 'kind'],
      districts: await this.prevention.districts(),
      kinds: PREVENTION_KINDS,
      year: yearOf(this.clock),
      canManage: this.canManage(req),
    };
    return listPage(this.kit, req, reply, raw, base, {
      dto: PreventionListPageQueryDto,
      key: 'activities',
      path: '/programme/prevention',
      sorts: PREVENTION_LIST_SORT,
      fetch: (q) => this.prevention.list(q),
      map: toPrevention,
      filters: (q) => ({ from: q.from, to: q.to, district: q.district, kind: q.kind }),
    });
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

  @Get('prevention/new')
  @RequirePermission(Permission.ProgrammeManage)
  @Render('programme/prevention-form')
  newPrevention() {
    return this.preventionPages.newForm({ kind: 'socialization' });
  }

  @Post('prevention')
  @RequirePermission(Permission.ProgrammeManage)
  @AuditedManually()
  createPrevention(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    return this.preventionPages.create(req, reply, auth, body);
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
  editPrevention(@Param('id', idPipe()) id: string) {
    return this.preventionPages.editForm(id);
  }

  @Post('prevention/:id')
  @RequirePermission(Permission.ProgrammeManage)
  @AuditedManually()
  updatePrevention(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @Param('id', idPipe()) id: string,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    return this.preventionPages.update(req, reply, id, body);
  }

  @Get('prevention/:id/delete')
  @RequirePermission(Permission.ProgrammeManage)
  @Render('pug/confirm')
  confirmPreventionDelete(@Param('id', idPipe()) id: string) {
    return this.preventionPages.confirmDelete(id);
  }

  @Post('prevention/:id/delete')
  @RequirePermission(Permission.ProgrammeManage)
  @AuditedManually()
  deletePrevention(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @Param('id', idPipe()) id: string,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    return this.preventionPages.remove(req, reply, id, body);
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
      filters: posted(raw, ['kind', 'district', 'active', 'q']),
      filterFields: ['kind', 'district', 'active', 'q'],
      kinds: COMMUNITY_GROUP_KINDS,
      districts: await this.prevention.districts(),
      canManage: this.canManage(req),
    };
    return listPage(this.kit, req, reply, raw, base, {
      dto: GroupListPageQueryDto,
      key: 'groups',
      path: '/programme/groups',
      sorts: COMMUNITY_GROUP_LIST_SORT,
      fetch: (q) => this.groups.list(q),
      map: toGroup,
      filters: (q) => ({ kind: q.kind, district: q.district, active: q.active, q: q.q }),
    });
  }

  @Get('groups/new')
  @RequirePermission(Permission.ProgrammeManage)
  @Render('programme/group-form')
  newGroup() {
    return this.groupPages.newForm({ kind: 'pkk', isActive: 'on' });
  }

  @Post('groups')
  @RequirePermission(Permission.ProgrammeManage)
  @AuditedManually()
  createGroup(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    return this.groupPages.create(req, reply, auth, body);
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
  editGroup(@Param('id', idPipe()) id: string) {
    return this.groupPages.editForm(id);
  }

  @Post('groups/:id')
  @RequirePermission(Permission.ProgrammeManage)
  @AuditedManually()
  updateGroup(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @Param('id', idPipe()) id: string,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    return this.groupPages.update(req, reply, id, body);
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

  @Get('community-activities/:id/edit')
  @RequirePermission(Permission.ProgrammeManage)
  @Render('programme/activity-form')
  editActivity(@Param('id', idPipe()) id: string) {
    return this.activityPages.editForm(id);
  }

  /** Corrects what a group did; the volunteers ticked replace the list. */
  @Post('community-activities/:id')
  @RequirePermission(Permission.ProgrammeManage)
  @AuditedManually()
  updateActivity(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @Param('id', idPipe()) id: string,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    return this.activityPages.update(req, reply, id, body);
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
      filters: posted(raw, ['year']),
      filterFields: ['year'],
      canManage: this.canManage(req),
    };
    return listPage(this.kit, req, reply, raw, base, {
      dto: VolunteerTrainingListPageQueryDto,
      key: 'trainings',
      path: '/programme/volunteer-trainings',
      sorts: VOLUNTEER_TRAINING_LIST_SORT,
      fetch: (q) => this.volunteerTrainings.list(q),
      map: toVolunteerTraining,
      filters: (q) => ({ year: q.year, volunteerId: q.volunteerId }),
    });
  }

  @Get('volunteer-trainings/new')
  @RequirePermission(Permission.ProgrammeManage)
  @Render('programme/volunteer-training-form')
  newVolunteerTraining() {
    return this.trainingPages.newForm();
  }

  @Post('volunteer-trainings')
  @RequirePermission(Permission.ProgrammeManage)
  @AuditedManually()
  createVolunteerTraining(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    return this.trainingPages.create(req, reply, auth, body);
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
  editVolunteerTraining(@Param('id', idPipe()) id: string) {
    return this.trainingPages.editForm(id);
  }

  /** Changes a volunteer training; the volunteers ticked replace the list of who attended. */
  @Post('volunteer-trainings/:id')
  @RequirePermission(Permission.ProgrammeManage)
  @AuditedManually()
  updateVolunteerTraining(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @Param('id', idPipe()) id: string,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    return this.trainingPages.update(req, reply, id, body);
  }
}
