import { Body, Controller, Get, Param, Post, Query, Render, Req, Res } from '@nestjs/common';
import { AWARD_LIST_SORT, TRAINING_LIST_SORT } from '../training-list-sort';
import { listControlsView } from '../../platform/common/list-sort';
import { fieldMessages } from '../../web/field-messages';
import { ACTION_PLAN_LIST_SORT } from '../action-plan-list-sort';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuditedManually } from '../../platform/audit/audit.interceptor';
import { CurrentAuth, RequirePermission } from '../../platform/auth/auth.decorators';
import { Permission } from '../../platform/auth/permissions';
import { DEFAULT_PAGE_SIZE, paginationView } from '../../platform/common/pagination';
import { AppRequest, AuthContext, languageOf } from '../../platform/common/request-context';
import { institutionOptions } from '../../institutions/institution-options';
import { InstitutionsService } from '../../institutions/institutions.service';
import { parseForm } from '../../web/form-action';
import { FormError, idPipe, textOf, validateInput } from '../../web/forms';
import { blank, blankNull, num, rows } from '../../web/input';
import { PageKit } from '../../web/page-kit';
import { listPage, posted, RawForm, RecordPages } from '../../web/record-pages';
import {
  CreatePlanDto,
  CreateRoundDto,
  ItemInputDto,
  PlanListPageQueryDto,
  toItem,
  toPlan,
  toPlanDetail,
  UpdateItemDto,
  UpdatePlanDto,
} from '../dto/action-plans.dto';
import {
  AwardListPageQueryDto,
  CreateAwardDto,
  CreateTrainingDto,
  toAward,
  toTraining,
  TrainingListPageQueryDto,
  UpdateAwardDto,
  UpdateTrainingDto,
} from '../dto/trainings.dto';
import { PugAward } from '../entities/pug-training.entity';
import { ItemWithStatus, PlanDetail, PugActionPlansService } from '../pug-action-plans.service';
import { PugRegionsService } from '../pug-regions.service';
import { PugTrainingsService, TrainingDetail } from '../pug-trainings.service';
import { ACTION_PLAN_SOURCES, AWARD_LEVELS, RECORDED_ITEM_STATUSES, TRAINING_KINDS } from '../reference-data';

const EXTRA_ROWS = 5;

const PLAN_FIELDS = ['regionId', 'source', 'title', 'year', 'description'];
const PLAN_EDIT_FIELDS = ['source', 'title', 'year', 'description', 'version'];
const ITEM_FIELDS = ['description', 'ownerInstitutionId', 'deadline', 'indicator', 'version'];
const TRAINING_FIELDS = [
  'regionId',
  'kind',
  'title',
  'startDate',
  'endDate',
  'place',
  'organiserInstitutionId',
];
const AWARD_FIELDS = ['year', 'level', 'givenBy', 'notes', 'version'];

/** The item rows of a new plan's form that have anything typed. */
function postedItems(raw: RawForm) {
  const owners = rows(raw.itemOwnerInstitutionId);
  const deadlines = rows(raw.itemDeadline);
  const indicators = rows(raw.itemIndicator);
  return rows(raw.itemDescription)
    .map((description, i) => ({
      description,
      ownerInstitutionId: owners[i] ?? '',
      deadline: deadlines[i] ?? '',
      indicator: indicators[i] ?? '',
    }))
    .filter((i) => i.description.trim() || i.ownerInstitutionId || i.deadline || i.indicator.trim());
}

/** The participant rows of a training form that have anything typed. */
function postedParticipants(raw: RawForm) {
  const female = rows(raw.participantFemale);
  const male = rows(raw.participantMale);
  return rows(raw.participantInstitutionId)
    .map((institutionId, i) => ({ institutionId, female: female[i] ?? '', male: male[i] ?? '' }))
    .filter((p) => p.institutionId || p.female || p.male);
}

function participantsInput(raw: RawForm) {
  return postedParticipants(raw).map((p) => ({
    institutionId: p.institutionId,
    female: num(p.female) ?? 0,
    male: num(p.male) ?? 0,
  }));
}

/** Pages of the PUG records: action plans and monitoring, trainings, awards. */
@ApiExcludeController()
@Controller('pug')
export class PugRecordsPagesController {
  private readonly newPlanPages: RecordPages<PlanDetail, CreatePlanDto>;
  private readonly planPages: RecordPages<PlanDetail, object, UpdatePlanDto>;
  private readonly itemPages: RecordPages<ItemWithStatus, object, UpdateItemDto>;
  private readonly trainingPages: RecordPages<TrainingDetail, CreateTrainingDto, UpdateTrainingDto>;
  private readonly awardPages: RecordPages<PugAward, object, UpdateAwardDto>;

  constructor(
    private readonly kit: PageKit,
    private readonly institutions: InstitutionsService,
    private readonly regions: PugRegionsService,
    private readonly plans: PugActionPlansService,
    private readonly trainings: PugTrainingsService,
  ) {
    const action = Permission.PugManage;

    this.newPlanPages = new RecordPages(kit, {
      path: '/pug/action-plans',
      action,
      formView: 'pug/action-plan-form',
      form: async ({ raw, problem }) => {
        const values = posted(raw, PLAN_FIELDS);
        const list = [
          ...postedItems(raw),
          ...Array.from({ length: EXTRA_ROWS }, () => ({
            description: '',
            ownerInstitutionId: '',
            deadline: '',
            indicator: '',
          })),
        ];
        const institutions = await institutionOptions(
          this.institutions,
          list.map((i) => i.ownerInstitutionId),
        );
        return {
          title: 'pug.plans.new.title',
          form: values,
          regions: await this.regionOptions(values.regionId),
          sources: ACTION_PLAN_SOURCES.map((value) => ({ value, selected: value === values.source })),
          rows: list.map((r, index) => ({
            index,
            ...r,
            institutions: institutions.map((i) => ({
              id: i.id,
              name: i.name,
              selected: i.id === r.ownerInstitutionId,
            })),
          })),
          ...problem,
        };
      },
      create: {
        dto: CreatePlanDto,
        input: (raw) => ({
          regionId: raw.regionId,
          source: raw.source,
          title: raw.title,
          year: num(raw.year),
          description: blankNull(raw.description),
          items: postedItems(raw).map((i) => ({ ...i, indicator: blankNull(i.indicator) })),
        }),
        run: (input) => this.plans.create(input),
        flash: 'pug.flash.planCreated',
      },
    });

    /** Changes a plan's title, year, source or description (its region and items stay). */
    this.planPages = new RecordPages(kit, {
      path: '/pug/action-plans',
      action,
      formView: 'pug/action-plan-edit',
      read: (id) => this.plans.get(id),
      values: ({ plan }) => ({ ...plan, description: plan.description ?? '' }),
      form: async ({ id, raw, problem, record }) => {
        const detail = record ?? (await this.plans.get(id as string));
        const values = posted(raw, PLAN_EDIT_FIELDS);
        return {
          title: 'pug.plans.edit.title',
          plan: toPlan(detail.plan, detail.counts),
          form: values,
          sources: ACTION_PLAN_SOURCES.map((value) => ({ value, selected: value === values.source })),
          ...problem,
        };
      },
      update: {
        dto: UpdatePlanDto,
        input: (raw) => ({
          version: num(raw.version) ?? raw.version,
          source: raw.source,
          title: raw.title,
          year: num(raw.year) ?? raw.year,
          description: blankNull(raw.description),
        }),
        run: (id, input) => this.plans.update(id, input),
        readFirst: true,
        flash: 'pug.flash.planUpdated',
      },
    });

    /** Corrects an item's description, owner, planned deadline or indicator (its status comes from monitoring). */
    this.itemPages = new RecordPages(kit, {
      path: '/pug/action-plan-items',
      action,
      formView: 'pug/item-form',
      read: (id) => this.plans.item(id),
      values: ({ item }) => ({
        ...item,
        ownerInstitutionId: item.ownerInstitutionId ?? '',
        indicator: item.indicator ?? '',
      }),
      form: async ({ id, raw, problem, record }) => {
        const item = toItem(record ?? (await this.plans.item(id as string)));
        const detail = await this.plans.get(item.planId);
        const values = posted(raw, ITEM_FIELDS);
        const institutions = await institutionOptions(this.institutions, [values.ownerInstitutionId]);
        return {
          title: 'pug.items.edit.title',
          item,
          plan: toPlan(detail.plan, detail.counts),
          form: values,
          institutions: institutions.map((i) => ({
            id: i.id,
            name: i.name,
            selected: i.id === values.ownerInstitutionId,
          })),
          ...problem,
        };
      },
      update: {
        dto: UpdateItemDto,
        input: (raw) => ({
          version: num(raw.version) ?? raw.version,
          description: raw.description,
          ownerInstitutionId: raw.ownerInstitutionId,
          deadline: raw.deadline,
          indicator: blankNull(raw.indicator),
        }),
        run: (id, input) => this.plans.updateItem(id, input),
        readFirst: true,
        next: (_id, record) => `/pug/action-plans/${record?.item.planId}#items`,
        flash: 'pug.flash.itemUpdated',
      },
    });

    const trainingInput = (raw: RawForm) => ({
      kind: raw.kind,
      title: raw.title,
      startDate: raw.startDate,
      place: blankNull(raw.place),
      organiserInstitutionId: blankNull(raw.organiserInstitutionId),
      participants: participantsInput(raw),
    });
    this.trainingPages = new RecordPages(kit, {
      path: '/pug/trainings',
      action,
      formView: 'pug/training-form',
      read: (id) => this.trainings.get(id),
      values: ({ training, participants }) => ({
        ...training,
        place: training.place ?? '',
        organiserInstitutionId: training.organiserInstitutionId ?? '',
        version: String(training.version),
        participantInstitutionId: participants.map((p) => p.institutionId),
        participantFemale: participants.map((p) => String(p.female)),
        participantMale: participants.map((p) => String(p.male)),
      }),
      form: async ({ id, raw, problem, record }) => {
        // An edited training's region stays (it is not on the form).
        const values: Record<string, string> = {
          ...posted(raw, [...TRAINING_FIELDS, ...(id ? ['version'] : [])]),
          ...(record ? { regionId: record.training.regionId } : {}),
        };
        const list = [
          ...postedParticipants(raw),
          ...Array.from({ length: EXTRA_ROWS }, () => ({ institutionId: '', female: '', male: '' })),
        ];
        const institutions = await institutionOptions(this.institutions, [
          values.organiserInstitutionId,
          ...list.map((p) => p.institutionId),
        ]);
        const region = id ? await this.regions.get(values.regionId).catch(() => null) : null;
        return {
          title: id ? 'pug.trainings.edit.title' : 'pug.trainings.new.title',
          trainingId: id,
          region,
          form: values,
          regions: id ? [] : await this.regionOptions(values.regionId),
          kinds: TRAINING_KINDS.map((value) => ({ value, selected: value === values.kind })),
          organisers: institutions.map((i) => ({
            id: i.id,
            name: i.name,
            selected: i.id === values.organiserInstitutionId,
          })),
          rows: list.map((p, index) => ({
            index,
            female: p.female,
            male: p.male,
            institutions: institutions.map((i) => ({
              id: i.id,
              name: i.name,
              selected: i.id === p.institutionId,
            })),
          })),
          ...problem,
        };
      },
      create: {
        dto: CreateTrainingDto,
        input: (raw) => ({ regionId: raw.regionId, ...trainingInput(raw), endDate: blankNull(raw.endDate) }),
        run: (input) => this.trainings.create(input),
        flash: 'pug.flash.trainingCreated',
      },
      /** Changes a training; the participants posted replace the whole list (its region stays). */
      update: {
        dto: UpdateTrainingDto,
        // Empty end date: the start date (as when recording it).
        input: (raw) => ({
          version: num(raw.version) ?? raw.version,
          ...trainingInput(raw),
          endDate: blank(raw.endDate),
        }),
        run: (id, input) => this.trainings.update(id, input),
        readFirst: true,
        flash: 'pug.flash.trainingUpdated',
      },
    });

    /** Changes an award's year, level, giver or notes (its region and name stay). */
    this.awardPages = new RecordPages(kit, {
      path: '/pug/awards',
      action,
      formView: 'pug/award-form',
      read: (id) => this.trainings.getAward(id),
      values: (award) => ({
        ...award,
        givenBy: award.givenBy ?? '',
        notes: award.notes ?? '',
      }),
      form: async ({ id, raw, problem, record }) => {
        const values = posted(raw, AWARD_FIELDS);
        return {
          title: 'pug.awards.edit.title',
          award: toAward(record ?? (await this.trainings.getAward(id as string))),
          form: values,
          levels: AWARD_LEVELS.map((value) => ({ value, selected: value === values.level })),
          ...problem,
        };
      },
      update: {
        dto: UpdateAwardDto,
        input: (raw) => ({
          version: num(raw.version) ?? raw.version,
          year: num(raw.year) ?? raw.year,
          level: raw.level,
          givenBy: blankNull(raw.givenBy),
          notes: blankNull(raw.notes),
        }),
        run: (id, input) => this.trainings.updateAward(id, input),
        readFirst: true,
        next: () => '/pug/awards',
        flash: 'pug.flash.awardUpdated',
      },
      remove: {
        run: (id, version) => this.trainings.removeAward(id, version),
        next: () => '/pug/awards',
        flash: 'pug.flash.awardDeleted',
        confirm: (_id, record) => {
          const award = toAward(record);
          return {
            title: 'pug.awards.delete.title',
            confirmKey: 'pug.awards.delete',
            subject: `${award.awardName} ${award.year} — ${award.regionName}`,
            cancelUrl: '/pug/awards',
            version: award.version,
          };
        },
      },
    });
  }

  private canManage(req: AppRequest): boolean {
    return !!req.auth?.permissions.has(Permission.PugManage);
  }

  private async regionOptions(selected: string) {
    return (await this.regions.all()).map((r) => ({ id: r.id, name: r.name, selected: r.id === selected }));
  }

  // ---- action plans ---------------------------------------------------------------------------------

  @Get('action-plans')
  @RequirePermission(Permission.PugRead)
  @Render('pug/action-plans')
  async planList(
    @Req() req: AppRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query() raw: Record<string, unknown>,
  ) {
    const base = {
      title: 'pug.plans.title',
      filters: posted(raw, ['regionId', 'source']),
      filterFields: ['regionId', 'source'],
      regions: await this.regionOptions(textOf(raw.regionId)),
      sources: ACTION_PLAN_SOURCES,
      canManage: this.canManage(req),
    };
    return listPage(this.kit, req, reply, raw, base, {
      dto: PlanListPageQueryDto,
      key: 'plans',
      path: '/pug/action-plans',
      fetch: (q) => this.plans.list(q),
      map: (i) => toPlan(i.plan, i.counts),
      filters: (q) => ({ regionId: q.regionId, source: q.source }),
      sorts: ACTION_PLAN_LIST_SORT,
    });
  }

  @Get('action-plans/new')
  @RequirePermission(Permission.PugManage)
  @Render('pug/action-plan-form')
  newPlan(@Query() raw: Record<string, unknown>) {
    return this.newPlanPages.newForm({ regionId: textOf(raw.regionId), source: 'ksgp' });
  }

  @Post('action-plans')
  @RequirePermission(Permission.PugManage)
  @AuditedManually()
  createPlan(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    return this.newPlanPages.create(req, reply, auth, body);
  }

  @Get('action-plans/:id')
  @RequirePermission(Permission.PugRead)
  @Render('pug/action-plan')
  async plan(
    @Req() req: AppRequest,
    @Query() raw: Record<string, unknown>,
    @Param('id', idPipe()) id: string,
  ) {
    const detail = toPlanDetail(await this.plans.get(id));
    return {
      title: 'pug.plans.show.title',
      plan: detail,
      institutions: this.canManage(req) ? await institutionOptions(this.institutions) : [],
      errorKey: this.kit.inlineError(raw),
      canManage: this.canManage(req),
    };
  }

  @Post('action-plans/:id/items')
  @RequirePermission(Permission.PugManage)
  @AuditedManually()
  async addItem(
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
        action: Permission.PugManage,
        resourceId: id,
        back: `/pug/action-plans/${id}`,
        section: 'items',
        flash: 'pug.flash.itemAdded',
      },
      async () => {
        const input = await parseForm(ItemInputDto, {
          description: raw.description,
          ownerInstitutionId: raw.ownerInstitutionId,
          deadline: raw.deadline,
          indicator: blankNull(raw.indicator),
        });
        await this.plans.addItem(id, input);
      },
    );
  }

  @Get('action-plans/:id/edit')
  @RequirePermission(Permission.PugManage)
  @Render('pug/action-plan-edit')
  editPlan(@Param('id', idPipe()) id: string) {
    return this.planPages.editForm(id);
  }

  /** Changes a plan's title, year, source or description (its region and items stay). */
  @Post('action-plans/:id')
  @RequirePermission(Permission.PugManage)
  @AuditedManually()
  updatePlan(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @Param('id', idPipe()) id: string,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    return this.planPages.update(req, reply, id, body);
  }

  @Get('action-plan-items/:id/edit')
  @RequirePermission(Permission.PugManage)
  @Render('pug/item-form')
  editItem(@Param('id', idPipe()) id: string) {
    return this.itemPages.editForm(id);
  }

  /** Corrects an item's description, owner, planned deadline or indicator (its status comes from monitoring). */
  @Post('action-plan-items/:id')
  @RequirePermission(Permission.PugManage)
  @AuditedManually()
  updateItem(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @Param('id', idPipe()) id: string,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    return this.itemPages.update(req, reply, id, body);
  }

  private async roundForm(planId: string, values: Record<string, unknown>, problem?: FormError) {
    const detail = await this.plans.get(planId);
    const statuses = rows(values.status);
    const notes = rows(values.note);
    const agreementRows = rows(values.agreementDescription);
    const agreementItems = rows(values.agreementItemId);
    const agreementDeadlines = rows(values.agreementNewDeadline);
    const agreements = [
      ...agreementRows.map((description, i) => ({
        description,
        itemId: agreementItems[i] ?? '',
        newDeadline: agreementDeadlines[i] ?? '',
      })),
      ...Array.from({ length: EXTRA_ROWS }, () => ({ description: '', itemId: '', newDeadline: '' })),
    ].filter((a, i, all) => i >= all.length - EXTRA_ROWS || a.description || a.itemId || a.newDeadline);
    const items = detail.items.map((i) => toItem(i));
    return {
      title: 'pug.rounds.new.title',
      plan: toPlan(detail.plan, detail.counts),
      form: {
        startDate: textOf(values.startDate),
        endDate: textOf(values.endDate),
        facilitators: textOf(values.facilitators),
        findings: textOf(values.findings),
      },
      items: items.map((item, index) => ({
        ...item,
        index,
        note: notes[index] ?? '',
        statuses: ['', ...RECORDED_ITEM_STATUSES].map((value) => ({
          value,
          selected: value === (statuses[index] ?? ''),
        })),
      })),
      agreements: agreements.map((a, index) => ({
        ...a,
        index,
        items: items.map((i) => ({
          id: i.id,
          position: i.position,
          description: i.description,
          selected: i.id === a.itemId,
        })),
      })),
      ...problem,
    };
  }

  @Get('action-plans/:id/monitoring/new')
  @RequirePermission(Permission.PugManage)
  @Render('pug/round-form')
  newRound(@Param('id', idPipe()) id: string) {
    return this.roundForm(id, {});
  }

  @Post('action-plans/:id/monitoring')
  @RequirePermission(Permission.PugManage)
  @AuditedManually()
  async createRound(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe()) id: string,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    const raw = body ?? {};
    await this.kit.form(
      req,
      reply,
      { action: Permission.PugManage, resourceId: id, flash: 'pug.flash.roundCreated' },
      async () => {
        const detail = await this.plans.get(id);
        const statuses = rows(raw.status);
        const notes = rows(raw.note);
        const itemIds = rows(raw.itemId);
        const updates = itemIds
          .map((itemId, i) => ({ itemId, status: statuses[i] ?? '', note: blankNull(notes[i]) }))
          .filter((u) => u.status !== '');
        const descriptions = rows(raw.agreementDescription);
        const agreementItems = rows(raw.agreementItemId);
        const deadlines = rows(raw.agreementNewDeadline);
        const agreements = descriptions
          .map((description, i) => ({
            description,
            itemId: blankNull(agreementItems[i]),
            newDeadline: blankNull(deadlines[i]),
          }))
          .filter((a) => a.description.trim() || a.itemId || a.newDeadline);
        const facilitators =
          typeof raw.facilitators === 'string'
            ? raw.facilitators
                .split(/\r?\n/)
                .map((l) => l.trim())
                .filter(Boolean)
            : [];
        const input = await parseForm(CreateRoundDto, {
          startDate: raw.startDate,
          endDate: blankNull(raw.endDate),
          facilitators,
          findings: blankNull(raw.findings),
          updates,
          agreements,
        });
        await this.plans.createRound(detail.plan.id, input, auth.userId);
        return `/pug/action-plans/${id}#rounds`;
      },
      async (problem) =>
        this.kit.render(req, reply, 'pug/round-form', await this.roundForm(id, raw, problem), problem.status),
    );
  }

  // ---- trainings ------------------------------------------------------------------------------------

  @Get('trainings')
  @RequirePermission(Permission.PugRead)
  @Render('pug/trainings')
  async trainingList(
    @Req() req: AppRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query() raw: Record<string, unknown>,
  ) {
    const base = {
      title: 'pug.trainings.title',
      filters: posted(raw, ['regionId', 'kind', 'year']),
      filterFields: ['regionId', 'kind', 'year'],
      regions: await this.regionOptions(textOf(raw.regionId)),
      kinds: TRAINING_KINDS,
      canManage: this.canManage(req),
    };
    return listPage(this.kit, req, reply, raw, base, {
      dto: TrainingListPageQueryDto,
      key: 'trainings',
      path: '/pug/trainings',
      fetch: (q) => this.trainings.list(q),
      map: toTraining,
      filters: (q) => ({ regionId: q.regionId, kind: q.kind, year: q.year }),
      sorts: TRAINING_LIST_SORT,
    });
  }

  @Get('trainings/new')
  @RequirePermission(Permission.PugManage)
  @Render('pug/training-form')
  newTraining(@Query() raw: Record<string, unknown>) {
    return this.trainingPages.newForm({ regionId: textOf(raw.regionId), kind: 'gender_awareness' });
  }

  @Post('trainings')
  @RequirePermission(Permission.PugManage)
  @AuditedManually()
  createTraining(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    return this.trainingPages.create(req, reply, auth, body);
  }

  @Get('trainings/:id')
  @RequirePermission(Permission.PugRead)
  @Render('pug/training')
  async training(@Req() req: AppRequest, @Param('id', idPipe()) id: string) {
    return {
      title: 'pug.trainings.show.title',
      training: toTraining(await this.trainings.get(id)),
      canManage: this.canManage(req),
    };
  }

  @Get('trainings/:id/edit')
  @RequirePermission(Permission.PugManage)
  @Render('pug/training-form')
  editTraining(@Param('id', idPipe()) id: string) {
    return this.trainingPages.editForm(id);
  }

  /** Changes a training; the participants posted replace the whole list (its region stays). */
  @Post('trainings/:id')
  @RequirePermission(Permission.PugManage)
  @AuditedManually()
  updateTraining(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @Param('id', idPipe()) id: string,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    return this.trainingPages.update(req, reply, id, body);
  }

  // ---- awards ---------------------------------------------------------------------------------------

  private async awardsData(
    req: AppRequest,
    raw: Record<string, unknown>,
    form: Record<string, string>,
    problem?: FormError,
  ) {
    const base = {
      title: 'pug.awards.title',
      filters: { regionId: textOf(raw.regionId), level: textOf(raw.level) },
      filterFields: ['regionId', 'level'],
      regions: await this.regionOptions(textOf(raw.regionId)),
      formRegions: await this.regionOptions(form.regionId),
      levels: AWARD_LEVELS,
      formLevels: AWARD_LEVELS.map((value) => ({ value, selected: value === form.level })),
      form,
      canManage: this.canManage(req),
    };
    const parsed = await validateInput(AwardListPageQueryDto, raw, 'query');
    if (parsed.error) {
      const listing = listControlsView(
        AWARD_LIST_SORT,
        '/pug/awards',
        { pageSize: DEFAULT_PAGE_SIZE },
        base.filters,
      );
      const filterProblem = fieldMessages(this.kit.translator, languageOf(req), parsed.error);
      return {
        ...base,
        ...(problem ? { ...problem, filterFields: [] } : filterProblem),
        listing,
        awards: [],
        pagination: null,
      };
    }
    const q = parsed.value;
    const { items, total } = await this.trainings.listAwards(q);
    const kept = { regionId: q.regionId, level: q.level };
    return {
      ...base,
      // The new award form's problem: its fields are not the filters.
      ...(problem ? { ...problem, filterFields: [] } : {}),
      awards: items.map(toAward),
      listing: listControlsView(AWARD_LIST_SORT, '/pug/awards', q, kept),
      pagination: paginationView(total, q.page, q.pageSize, '/pug/awards', {
        ...kept,
        sort: q.sort,
        dir: q.dir,
      }),
    };
  }

  @Get('awards')
  @RequirePermission(Permission.PugRead)
  async awards(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @Query() raw: Record<string, unknown>,
  ): Promise<void> {
    const data = await this.awardsData(req, raw, {
      regionId: '',
      year: '',
      level: 'madya',
      givenBy: '',
      notes: '',
    });
    await this.kit.render(req, reply, 'pug/awards', data, data.errorKey ? 400 : 200);
  }

  @Post('awards')
  @RequirePermission(Permission.PugManage)
  @AuditedManually()
  async createAward(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    const raw = body ?? {};
    const form = Object.fromEntries(
      ['regionId', 'year', 'level', 'givenBy', 'notes'].map((k) => [k, textOf(raw[k])]),
    );
    await this.kit.form(
      req,
      reply,
      { action: Permission.PugManage, flash: 'pug.flash.awardCreated' },
      async () => {
        const input = await parseForm(CreateAwardDto, {
          regionId: raw.regionId,
          year: num(raw.year),
          level: raw.level,
          givenBy: blankNull(raw.givenBy),
          notes: blankNull(raw.notes),
        });
        await this.trainings.createAward(input);
        return '/pug/awards';
      },
      async (problem) =>
        this.kit.render(
          req,
          reply,
          'pug/awards',
          await this.awardsData(req, {}, form, problem),
          problem.status,
        ),
    );
  }

  @Get('awards/:id/edit')
  @RequirePermission(Permission.PugManage)
  @Render('pug/award-form')
  editAward(@Param('id', idPipe()) id: string) {
    return this.awardPages.editForm(id);
  }

  /** Changes an award's year, level, giver or notes (its region and name stay). */
  @Post('awards/:id')
  @RequirePermission(Permission.PugManage)
  @AuditedManually()
  updateAward(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @Param('id', idPipe()) id: string,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    return this.awardPages.update(req, reply, id, body);
  }

  @Get('awards/:id/delete')
  @RequirePermission(Permission.PugManage)
  @Render('pug/confirm')
  confirmAwardDelete(@Param('id', idPipe()) id: string) {
    return this.awardPages.confirmDelete(id);
  }

  @Post('awards/:id/delete')
  @RequirePermission(Permission.PugManage)
  @AuditedManually()
  deleteAward(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @Param('id', idPipe()) id: string,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    return this.awardPages.remove(req, reply, id, body);
  }
}
