import { parseForm } from '../../web/form-action';
import { Body, Controller, Get, Param, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuditedManually } from '../../audit/audit.interceptor';
import { CurrentAuth, RequirePermission } from '../../auth/auth.decorators';
import { Permission } from '../../auth/permissions';
import { paginationView } from '../../common/pagination';
import { AppRequest, AuthContext } from '../../common/request-context';
import { FormError, idPipe, textOf, validateInput } from '../../web/forms';
import {
  CreatePlanDto,
  CreateRoundDto,
  ItemInputDto,
  PlanListQueryDto,
  toItem,
  toPlan,
  toPlanDetail,
  UpdateItemDto,
  UpdatePlanDto,
} from '../dto/action-plans.dto';
import { VersionQueryDto } from '../../web/input';
import {
  AwardListQueryDto,
  CreateAwardDto,
  CreateTrainingDto,
  toAward,
  toTraining,
  TrainingListQueryDto,
  UpdateAwardDto,
  UpdateTrainingDto,
} from '../dto/trainings.dto';
import { PugActionPlansService } from '../pug-action-plans.service';
import { PugRegionsService } from '../pug-regions.service';
import { PugTrainingsService } from '../pug-trainings.service';
import { ACTION_PLAN_SOURCES, AWARD_LEVELS, RECORDED_ITEM_STATUSES, TRAINING_KINDS } from '../reference-data';
import { PageKit } from '../../web/page-kit';
import { blank, blankNull, num, rows } from '../../web/input';
import { institutionOptions } from '../../institutions/institution-options';
import { InstitutionsService } from '../../institutions/institutions.service';

const EXTRA_ROWS = 5;

/** Pages of the PUG records: action plans and monitoring, trainings, awards. */
@ApiExcludeController()
@Controller('pug')
export class PugRecordsPagesController {
  constructor(
    private readonly kit: PageKit,
    private readonly institutions: InstitutionsService,
    private readonly regions: PugRegionsService,
    private readonly plans: PugActionPlansService,
    private readonly trainings: PugTrainingsService,
  ) {}

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
      filters: { regionId: textOf(raw.regionId), source: textOf(raw.source) },
      regions: await this.regionOptions(textOf(raw.regionId)),
      sources: ACTION_PLAN_SOURCES,
      canManage: this.canManage(req),
    };
    const parsed = await validateInput(PlanListQueryDto, raw, 'query');
    if (parsed.error) {
      const problem = this.kit.problem(req, parsed.error);
      reply.status(problem.status);
      return { ...base, ...problem, plans: [], pagination: null };
    }
    const q = parsed.value;
    const { items, total } = await this.plans.list(q);
    return {
      ...base,
      plans: items.map((i) => toPlan(i.plan, i.counts)),
      pagination: paginationView(total, q.page, q.pageSize, '/pug/action-plans', {
        regionId: q.regionId,
        source: q.source,
      }),
    };
  }

  private async planForm(
    values: Record<string, string>,
    items: Record<string, string>[],
    problem?: FormError,
  ) {
    const list = [
      ...items,
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
  }

  @Get('action-plans/new')
  @RequirePermission(Permission.PugManage)
  @Render('pug/action-plan-form')
  newPlan(@Query() raw: Record<string, unknown>) {
    return this.planForm(
      { regionId: textOf(raw.regionId), source: 'ksgp', title: '', year: '', description: '' },
      [],
    );
  }

  @Post('action-plans')
  @RequirePermission(Permission.PugManage)
  @AuditedManually()
  async createPlan(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    const raw = body ?? {};
    const descriptions = rows(raw.itemDescription);
    const owners = rows(raw.itemOwnerInstitutionId);
    const deadlines = rows(raw.itemDeadline);
    const indicators = rows(raw.itemIndicator);
    const items = descriptions.map((description, i) => ({
      description,
      ownerInstitutionId: owners[i] ?? '',
      deadline: deadlines[i] ?? '',
      indicator: indicators[i] ?? '',
    }));
    const typed = items.filter(
      (i) => i.description.trim() || i.ownerInstitutionId || i.deadline || i.indicator.trim(),
    );
    const values = {
      regionId: textOf(raw.regionId),
      source: textOf(raw.source),
      title: textOf(raw.title),
      year: textOf(raw.year),
      description: textOf(raw.description),
    };
    await this.kit.form(
      req,
      reply,
      { action: Permission.PugManage, flash: 'pug.flash.planCreated' },
      async () => {
        const input = await parseForm(CreatePlanDto, {
          regionId: raw.regionId,
          source: raw.source,
          title: raw.title,
          year: num(raw.year),
          description: blankNull(raw.description),
          items: typed.map((i) => ({ ...i, indicator: blankNull(i.indicator) })),
        });
        return `/pug/action-plans/${(await this.plans.create(input)).id}`;
      },
      async (problem) =>
        this.kit.render(
          req,
          reply,
          'pug/action-plan-form',
          await this.planForm(values, typed, problem),
          problem.status,
        ),
    );
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

  private async planEditForm(id: string, values: Record<string, string>, problem?: FormError) {
    const detail = await this.plans.get(id);
    return {
      title: 'pug.plans.edit.title',
      plan: toPlan(detail.plan, detail.counts),
      form: values,
      sources: ACTION_PLAN_SOURCES.map((value) => ({ value, selected: value === values.source })),
      ...problem,
    };
  }

  @Get('action-plans/:id/edit')
  @RequirePermission(Permission.PugManage)
  @Render('pug/action-plan-edit')
  async editPlan(@Param('id', idPipe()) id: string) {
    const { plan } = await this.plans.get(id);
    return this.planEditForm(id, {
      source: plan.source,
      title: plan.title,
      year: String(plan.year),
      description: plan.description ?? '',
      version: String(plan.version),
    });
  }

  /** Changes a plan's title, year, source or description (its region and items stay). */
  @Post('action-plans/:id')
  @RequirePermission(Permission.PugManage)
  @AuditedManually()
  async updatePlan(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @Param('id', idPipe()) id: string,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    const raw = body ?? {};
    await this.plans.get(id);
    await this.kit.form(
      req,
      reply,
      { action: Permission.PugManage, resourceId: id, flash: 'pug.flash.planUpdated' },
      async () => {
        const input = await parseForm(UpdatePlanDto, {
          version: num(raw.version) ?? raw.version,
          source: raw.source,
          title: raw.title,
          year: num(raw.year) ?? raw.year,
          description: blankNull(raw.description),
        });
        await this.plans.update(id, input);
        return `/pug/action-plans/${id}`;
      },
      async (problem) =>
        this.kit.render(
          req,
          reply,
          'pug/action-plan-edit',
          await this.planEditForm(
            id,
            Object.fromEntries(
              ['source', 'title', 'year', 'description', 'version'].map((k) => [k, textOf(raw[k])]),
            ),
            problem,
          ),
          problem.status,
        ),
    );
  }

  private async itemForm(id: string, values: Record<string, string>, problem?: FormError) {
    const item = toItem(await this.plans.item(id));
    const detail = await this.plans.get(item.planId);
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
  }

  @Get('action-plan-items/:id/edit')
  @RequirePermission(Permission.PugManage)
  @Render('pug/item-form')
  async editItem(@Param('id', idPipe()) id: string) {
    const { item } = await this.plans.item(id);
    return this.itemForm(id, {
      description: item.description,
      ownerInstitutionId: item.ownerInstitutionId ?? '',
      deadline: item.deadline,
      indicator: item.indicator ?? '',
      version: String(item.version),
    });
  }

  /** Corrects an item's description, owner, planned deadline or indicator (its status comes from monitoring). */
  @Post('action-plan-items/:id')
  @RequirePermission(Permission.PugManage)
  @AuditedManually()
  async updateItem(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @Param('id', idPipe()) id: string,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    const raw = body ?? {};
    const { item } = await this.plans.item(id);
    await this.kit.form(
      req,
      reply,
      { action: Permission.PugManage, resourceId: id, flash: 'pug.flash.itemUpdated' },
      async () => {
        const input = await parseForm(UpdateItemDto, {
          version: num(raw.version) ?? raw.version,
          description: raw.description,
          ownerInstitutionId: raw.ownerInstitutionId,
          deadline: raw.deadline,
          indicator: blankNull(raw.indicator),
        });
        await this.plans.updateItem(id, input);
        return `/pug/action-plans/${item.planId}#items`;
      },
      async (problem) =>
        this.kit.render(
          req,
          reply,
          'pug/item-form',
          await this.itemForm(
            id,
            Object.fromEntries(
              ['description', 'ownerInstitutionId', 'deadline', 'indicator', 'version'].map((k) => [
                k,
                textOf(raw[k]),
              ]),
            ),
            problem,
          ),
          problem.status,
        ),
    );
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
      filters: { regionId: textOf(raw.regionId), kind: textOf(raw.kind), year: textOf(raw.year) },
      regions: await this.regionOptions(textOf(raw.regionId)),
      kinds: TRAINING_KINDS,
      canManage: this.canManage(req),
    };
    const parsed = await validateInput(TrainingListQueryDto, raw, 'query');
    if (parsed.error) {
      const problem = this.kit.problem(req, parsed.error);
      reply.status(problem.status);
      return { ...base, ...problem, trainings: [], pagination: null };
    }
    const q = parsed.value;
    const { items, total } = await this.trainings.list(q);
    return {
      ...base,
      trainings: items.map(toTraining),
      pagination: paginationView(total, q.page, q.pageSize, '/pug/trainings', {
        regionId: q.regionId,
        kind: q.kind,
        year: q.year,
      }),
    };
  }

  private async trainingForm(
    values: Record<string, string>,
    participants: Record<string, string>[],
    problem?: FormError,
    trainingId: string | null = null,
  ) {
    const list = [
      ...participants,
      ...Array.from({ length: EXTRA_ROWS }, () => ({ institutionId: '', female: '', male: '' })),
    ];
    const institutions = await institutionOptions(this.institutions, [
      values.organiserInstitutionId,
      ...list.map((p) => p.institutionId),
    ]);
    const region = trainingId ? await this.regions.get(values.regionId).catch(() => null) : null;
    return {
      title: trainingId ? 'pug.trainings.edit.title' : 'pug.trainings.new.title',
      trainingId,
      region,
      form: values,
      regions: trainingId ? [] : await this.regionOptions(values.regionId),
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
  }

  /** The participant rows of a training form that have anything typed. */
  private postedParticipants(raw: Record<string, unknown>) {
    const insts = rows(raw.participantInstitutionId);
    const female = rows(raw.participantFemale);
    const male = rows(raw.participantMale);
    return insts
      .map((institutionId, i) => ({ institutionId, female: female[i] ?? '', male: male[i] ?? '' }))
      .filter((p) => p.institutionId || p.female || p.male);
  }

  private participantsInput(participants: { institutionId: string; female: string; male: string }[]) {
    return participants.map((p) => ({
      institutionId: p.institutionId,
      female: num(p.female) ?? 0,
      male: num(p.male) ?? 0,
    }));
  }

  @Get('trainings/new')
  @RequirePermission(Permission.PugManage)
  @Render('pug/training-form')
  newTraining(@Query() raw: Record<string, unknown>) {
    return this.trainingForm(
      {
        regionId: textOf(raw.regionId),
        kind: 'gender_awareness',
        title: '',
        startDate: '',
        endDate: '',
        place: '',
        organiserInstitutionId: '',
      },
      [],
    );
  }

  @Post('trainings')
  @RequirePermission(Permission.PugManage)
  @AuditedManually()
  async createTraining(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    const raw = body ?? {};
    const participants = this.postedParticipants(raw);
    const values = Object.fromEntries(
      ['regionId', 'kind', 'title', 'startDate', 'endDate', 'place', 'organiserInstitutionId'].map((k) => [
        k,
        textOf(raw[k]),
      ]),
    );
    await this.kit.form(
      req,
      reply,
      { action: Permission.PugManage, flash: 'pug.flash.trainingCreated' },
      async () => {
        const input = await parseForm(CreateTrainingDto, {
          regionId: raw.regionId,
          kind: raw.kind,
          title: raw.title,
          startDate: raw.startDate,
          endDate: blankNull(raw.endDate),
          place: blankNull(raw.place),
          organiserInstitutionId: blankNull(raw.organiserInstitutionId),
          participants: this.participantsInput(participants),
        });
        return `/pug/trainings/${(await this.trainings.create(input)).id}`;
      },
      async (problem) =>
        this.kit.render(
          req,
          reply,
          'pug/training-form',
          await this.trainingForm(values, participants, problem),
          problem.status,
        ),
    );
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
  async editTraining(@Param('id', idPipe()) id: string) {
    const { training, participants } = await this.trainings.get(id);
    return this.trainingForm(
      {
        regionId: training.regionId,
        kind: training.kind,
        title: training.title,
        startDate: training.startDate,
        endDate: training.endDate,
        place: training.place ?? '',
        organiserInstitutionId: training.organiserInstitutionId ?? '',
        version: String(training.version),
      },
      participants.map((p) => ({
        institutionId: p.institutionId,
        female: String(p.female),
        male: String(p.male),
      })),
      undefined,
      id,
    );
  }

  /** Changes a training; the participants posted replace the whole list (its region stays). */
  @Post('trainings/:id')
  @RequirePermission(Permission.PugManage)
  @AuditedManually()
  async updateTraining(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @Param('id', idPipe()) id: string,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    const raw = body ?? {};
    const { training } = await this.trainings.get(id);
    const participants = this.postedParticipants(raw);
    const values = {
      ...Object.fromEntries(
        ['kind', 'title', 'startDate', 'endDate', 'place', 'organiserInstitutionId', 'version'].map((k) => [
          k,
          textOf(raw[k]),
        ]),
      ),
      regionId: training.regionId,
    };
    await this.kit.form(
      req,
      reply,
      { action: Permission.PugManage, resourceId: id, flash: 'pug.flash.trainingUpdated' },
      async () => {
        const input = await parseForm(UpdateTrainingDto, {
          version: num(raw.version) ?? raw.version,
          kind: raw.kind,
          title: raw.title,
          startDate: raw.startDate,
          // Empty: the start date (as when recording it).
          endDate: blank(raw.endDate),
          place: blankNull(raw.place),
          organiserInstitutionId: blankNull(raw.organiserInstitutionId),
          participants: this.participantsInput(participants),
        });
        await this.trainings.update(id, input);
        return `/pug/trainings/${id}`;
      },
      async (problem) =>
        this.kit.render(
          req,
          reply,
          'pug/training-form',
          await this.trainingForm(values, participants, problem, id),
          problem.status,
        ),
    );
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
      regions: await this.regionOptions(textOf(raw.regionId)),
      formRegions: await this.regionOptions(form.regionId),
      levels: AWARD_LEVELS,
      formLevels: AWARD_LEVELS.map((value) => ({ value, selected: value === form.level })),
      form,
      canManage: this.canManage(req),
    };
    const parsed = await validateInput(AwardListQueryDto, raw, 'query');
    if (parsed.error)
      return { ...base, ...(problem ?? this.kit.problem(req, parsed.error)), awards: [], pagination: null };
    const q = parsed.value;
    const { items, total } = await this.trainings.listAwards(q);
    return {
      ...base,
      ...problem,
      awards: items.map(toAward),
      pagination: paginationView(total, q.page, q.pageSize, '/pug/awards', {
        regionId: q.regionId,
        level: q.level,
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

  private async awardForm(id: string, values: Record<string, string>, problem?: FormError) {
    return {
      title: 'pug.awards.edit.title',
      award: toAward(await this.trainings.getAward(id)),
      form: values,
      levels: AWARD_LEVELS.map((value) => ({ value, selected: value === values.level })),
      ...problem,
    };
  }

  @Get('awards/:id/edit')
  @RequirePermission(Permission.PugManage)
  @Render('pug/award-form')
  async editAward(@Param('id', idPipe()) id: string) {
    const award = await this.trainings.getAward(id);
    return this.awardForm(id, {
      year: String(award.year),
      level: award.level,
      givenBy: award.givenBy ?? '',
      notes: award.notes ?? '',
      version: String(award.version),
    });
  }

  /** Changes an award's year, level, giver or notes (its region and name stay). */
  @Post('awards/:id')
  @RequirePermission(Permission.PugManage)
  @AuditedManually()
  async updateAward(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @Param('id', idPipe()) id: string,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    const raw = body ?? {};
    await this.trainings.getAward(id);
    await this.kit.form(
      req,
      reply,
      { action: Permission.PugManage, resourceId: id, flash: 'pug.flash.awardUpdated' },
      async () => {
        const input = await parseForm(UpdateAwardDto, {
          version: num(raw.version) ?? raw.version,
          year: num(raw.year) ?? raw.year,
          level: raw.level,
          givenBy: blankNull(raw.givenBy),
          notes: blankNull(raw.notes),
        });
        await this.trainings.updateAward(id, input);
        return '/pug/awards';
      },
      async (problem) =>
        this.kit.render(
          req,
          reply,
          'pug/award-form',
          await this.awardForm(
            id,
            Object.fromEntries(
              ['year', 'level', 'givenBy', 'notes', 'version'].map((k) => [k, textOf(raw[k])]),
            ),
            problem,
          ),
          problem.status,
        ),
    );
  }

  @Get('awards/:id/delete')
  @RequirePermission(Permission.PugManage)
  @Render('pug/confirm')
  async confirmAwardDelete(@Param('id', idPipe()) id: string) {
    const award = toAward(await this.trainings.getAward(id));
    return {
      title: 'pug.awards.delete.title',
      confirmKey: 'pug.awards.delete',
      subject: `${award.awardName} ${award.year} — ${award.regionName}`,
      actionUrl: `/pug/awards/${id}/delete`,
      cancelUrl: '/pug/awards',
      version: award.version,
    };
  }

  @Post('awards/:id/delete')
  @RequirePermission(Permission.PugManage)
  @AuditedManually()
  async deleteAward(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @Param('id', idPipe()) id: string,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    const raw = body ?? {};
    const award = toAward(await this.trainings.getAward(id));
    await this.kit.form(
      req,
      reply,
      { action: Permission.PugManage, resourceId: id, flash: 'pug.flash.awardDeleted' },
      async () => {
        const input = await parseForm(VersionQueryDto, { version: raw.version });
        await this.trainings.removeAward(id, input.version);
        return '/pug/awards';
      },
      (problem) =>
        this.kit.render(
          req,
          reply,
          'pug/confirm',
          {
            title: 'pug.awards.delete.title',
            confirmKey: 'pug.awards.delete',
            subject: `${award.awardName} ${award.year} — ${award.regionName}`,
            actionUrl: `/pug/awards/${id}/delete`,
            cancelUrl: '/pug/awards',
            version: award.version,
            ...problem,
          },
          problem.status,
        ),
    );
  }
}
