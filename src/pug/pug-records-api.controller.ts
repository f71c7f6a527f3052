import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentAuth, RequirePermission } from '../platform/auth/auth.decorators';
import { Permission } from '../platform/auth/permissions';
import { paginated } from '../platform/common/pagination';
import { AuthContext } from '../platform/common/request-context';
import { ApiErrors, idPipe } from '../web/forms';
import {
  CreatePlanDto,
  CreateRoundDto,
  ItemInputDto,
  ItemResponseDto,
  PlanDetailDto,
  PlanListQueryDto,
  PlanPageDto,
  RoundResponseDto,
  toItem,
  toPlan,
  toPlanDetail,
  toRound,
  UpdateItemDto,
  UpdatePlanDto,
} from './dto/action-plans.dto';
import { VersionQueryDto } from '../web/input';
import {
  AwardListQueryDto,
  AwardPageDto,
  AwardResponseDto,
  CreateAwardDto,
  CreateTrainingDto,
  toAward,
  toTraining,
  TrainingListQueryDto,
  TrainingPageDto,
  TrainingResponseDto,
  UpdateAwardDto,
  UpdateTrainingDto,
} from './dto/trainings.dto';
import { PugActionPlansService } from './pug-action-plans.service';
import { PugTrainingsService } from './pug-trainings.service';

/** Action plans (KSGP, RANDA) and their monitoring rounds; item status derived from the rounds. */
@ApiTags('pug')
@Controller('api/action-plans')
export class ActionPlansApiController {
  constructor(private readonly plans: PugActionPlansService) {}

  @Get()
  @RequirePermission(Permission.PugRead)
  @ApiOperation({
    summary: 'List action plans with their items counted by derived status (sortable: sort, dir)',
  })
  @ApiOkResponse({ type: PlanPageDto })
  @ApiErrors(400, 401, 403)
  async list(@Query() q: PlanListQueryDto): Promise<PlanPageDto> {
    const { items, total } = await this.plans.list(q);
    return paginated(
      items.map((i) => toPlan(i.plan, i.counts)),
      total,
      q,
    );
  }

  @Post()
  @RequirePermission(Permission.PugManage)
  @ApiOperation({
    summary: 'Record an action plan with its items (description, owner institution, deadline, indicator)',
  })
  @ApiCreatedResponse({ type: PlanDetailDto })
  @ApiErrors(400, 401, 403, 422)
  async create(@Body() dto: CreatePlanDto): Promise<PlanDetailDto> {
    const plan = await this.plans.create(dto);
    return toPlanDetail(await this.plans.get(plan.id));
  }

  @Get(':id')
  @RequirePermission(Permission.PugRead)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: 'An action plan: items with derived status and deadline, monitoring rounds' })
  @ApiOkResponse({ type: PlanDetailDto })
  @ApiErrors(400, 401, 403, 404)
  async get(@Param('id', idPipe()) id: string): Promise<PlanDetailDto> {
    return toPlanDetail(await this.plans.get(id));
  }

  @Patch(':id')
  @RequirePermission(Permission.PugManage)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: "Change an action plan's title, year, source or description" })
  @ApiOkResponse({ type: PlanDetailDto })
  @ApiErrors(400, 401, 403, 404, 409)
  async update(@Param('id', idPipe()) id: string, @Body() dto: UpdatePlanDto): Promise<PlanDetailDto> {
    await this.plans.update(id, dto);
    return toPlanDetail(await this.plans.get(id));
  }

  @Post(':id/items')
  @RequirePermission(Permission.PugManage)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: 'Add an item to an action plan' })
  @ApiCreatedResponse({ type: ItemResponseDto })
  @ApiErrors(400, 401, 403, 404, 422)
  async addItem(@Param('id', idPipe()) id: string, @Body() dto: ItemInputDto): Promise<ItemResponseDto> {
    const item = await this.plans.addItem(id, dto);
    return toItem(await this.plans.item(item.id));
  }

  @Post(':id/monitoring-rounds')
  @RequirePermission(Permission.PugManage)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({
    summary:
      "Record a monitoring round: dates, facilitators, findings, each item's status found and the agreements (new deadlines)",
  })
  @ApiCreatedResponse({ type: RoundResponseDto })
  @ApiErrors(400, 401, 403, 404, 422)
  async createRound(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe()) id: string,
    @Body() dto: CreateRoundDto,
  ): Promise<RoundResponseDto> {
    const round = await this.plans.createRound(id, dto, auth.userId);
    return toRound(await this.plans.getRound(round.id));
  }
}

@ApiTags('pug')
@Controller('api/action-plan-items')
export class ActionPlanItemsApiController {
  constructor(private readonly plans: PugActionPlansService) {}

  @Get(':id')
  @RequirePermission(Permission.PugRead)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: 'An action-plan item with its derived status and deadline' })
  @ApiOkResponse({ type: ItemResponseDto })
  @ApiErrors(400, 401, 403, 404)
  async get(@Param('id', idPipe()) id: string): Promise<ItemResponseDto> {
    return toItem(await this.plans.item(id));
  }

  @Patch(':id')
  @RequirePermission(Permission.PugManage)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({
    summary:
      "Correct an item's description, owner, planned deadline or indicator (status comes from monitoring)",
  })
  @ApiOkResponse({ type: ItemResponseDto })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  async update(@Param('id', idPipe()) id: string, @Body() dto: UpdateItemDto): Promise<ItemResponseDto> {
    await this.plans.updateItem(id, dto);
    return toItem(await this.plans.item(id));
  }
}

@ApiTags('pug')
@Controller('api/monitoring-rounds')
export class MonitoringRoundsApiController {
  constructor(private readonly plans: PugActionPlansService) {}

  @Get(':id')
  @RequirePermission(Permission.PugRead)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: 'A monitoring round with its item statuses and agreements' })
  @ApiOkResponse({ type: RoundResponseDto })
  @ApiErrors(400, 401, 403, 404)
  async get(@Param('id', idPipe()) id: string): Promise<RoundResponseDto> {
    return toRound(await this.plans.getRound(id));
  }
}

/** Trainings (gender awareness, PPRG): participants by institution and sex. */
@ApiTags('pug')
@Controller('api/pug-trainings')
export class PugTrainingsApiController {
  constructor(private readonly trainings: PugTrainingsService) {}

  @Get()
  @RequirePermission(Permission.PugRead)
  @ApiOperation({ summary: 'List trainings (filter by region, kind, year; sortable: sort, dir)' })
  @ApiOkResponse({ type: TrainingPageDto })
  @ApiErrors(400, 401, 403)
  async list(@Query() q: TrainingListQueryDto): Promise<TrainingPageDto> {
    const { items, total } = await this.trainings.list(q);
    return paginated(items.map(toTraining), total, q);
  }

  @Post()
  @RequirePermission(Permission.PugManage)
  @ApiOperation({ summary: 'Record a training with its participants by institution and sex' })
  @ApiCreatedResponse({ type: TrainingResponseDto })
  @ApiErrors(400, 401, 403, 422)
  async create(@Body() dto: CreateTrainingDto): Promise<TrainingResponseDto> {
    const training = await this.trainings.create(dto);
    return toTraining(await this.trainings.get(training.id));
  }

  @Get(':id')
  @RequirePermission(Permission.PugRead)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: TrainingResponseDto })
  @ApiErrors(400, 401, 403, 404)
  async get(@Param('id', idPipe()) id: string): Promise<TrainingResponseDto> {
    return toTraining(await this.trainings.get(id));
  }

  @Patch(':id')
  @RequirePermission(Permission.PugManage)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: 'Change a training (participants: the whole list)' })
  @ApiOkResponse({ type: TrainingResponseDto })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  async update(
    @Param('id', idPipe()) id: string,
    @Body() dto: UpdateTrainingDto,
  ): Promise<TrainingResponseDto> {
    await this.trainings.update(id, dto);
    return toTraining(await this.trainings.get(id));
  }
}

/** Anugerah Parahita Ekapraya (pratama, madya, utama) by year. */
@ApiTags('pug')
@Controller('api/pug-awards')
export class PugAwardsApiController {
  constructor(private readonly trainings: PugTrainingsService) {}

  @Get()
  @RequirePermission(Permission.PugRead)
  @ApiOperation({ summary: 'List awards, newest year first (filter by region, level; sortable: sort, dir)' })
  @ApiOkResponse({ type: AwardPageDto })
  @ApiErrors(400, 401, 403)
  async list(@Query() q: AwardListQueryDto): Promise<AwardPageDto> {
    const { items, total } = await this.trainings.listAwards(q);
    return paginated(items.map(toAward), total, q);
  }

  @Post()
  @RequirePermission(Permission.PugManage)
  @ApiOperation({ summary: 'Record an award (one per region, year and award)' })
  @ApiCreatedResponse({ type: AwardResponseDto })
  @ApiErrors(400, 401, 403, 409, 422)
  async create(@Body() dto: CreateAwardDto): Promise<AwardResponseDto> {
    return toAward(await this.trainings.getAward((await this.trainings.createAward(dto)).id));
  }

  @Get(':id')
  @RequirePermission(Permission.PugRead)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: AwardResponseDto })
  @ApiErrors(400, 401, 403, 404)
  async get(@Param('id', idPipe()) id: string): Promise<AwardResponseDto> {
    return toAward(await this.trainings.getAward(id));
  }

  @Patch(':id')
  @RequirePermission(Permission.PugManage)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: AwardResponseDto })
  @ApiErrors(400, 401, 403, 404, 409)
  async update(@Param('id', idPipe()) id: string, @Body() dto: UpdateAwardDto): Promise<AwardResponseDto> {
    return toAward(await this.trainings.updateAward(id, dto));
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission(Permission.PugManage)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiNoContentResponse()
  @ApiErrors(400, 401, 403, 404, 409)
  async remove(@Param('id', idPipe()) id: string, @Query() q: VersionQueryDto): Promise<void> {
    await this.trainings.removeAward(id, q.version);
  }
}
