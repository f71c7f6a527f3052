import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DirParam, PageSizeParam, SortDirection, SortParam } from '../../platform/common/list-sort';
import { ACTION_PLAN_LIST_SORT } from '../action-plan-list-sort';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { DEFAULT_PAGE_SIZE, PageQueryDto, PaginatedDto, QueryText } from '../../platform/common/pagination';
import { FormInt, NestedArray, Optional, Trim } from '../../platform/common/validation';
import { ItemWithStatus, PlanDetail, RoundDetail } from '../pug-action-plans.service';
import { PugActionPlan } from '../entities/pug-action-plan.entity';
import { IsCalendarDate } from '../../web/input';
import {
  ACTION_PLAN_SOURCES,
  ActionPlanSource,
  ITEM_STATUSES,
  ItemStatus,
  RECORDED_ITEM_STATUSES,
  RecordedItemStatus,
} from '../reference-data';
import { InstitutionRefDto, institutionRef, iso, VersionField } from './common.dto';

export const MAX_ITEMS = 200;
export const MAX_FACILITATORS = 30;

export class PlanListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @QueryText()
  @IsOptional()
  @IsUUID('all')
  regionId?: string;

  @ApiPropertyOptional({ enum: ACTION_PLAN_SOURCES })
  @QueryText()
  @IsOptional()
  @IsIn(ACTION_PLAN_SOURCES)
  source?: ActionPlanSource;

  @SortParam(ACTION_PLAN_LIST_SORT) sort?: string;
  @DirParam() dir?: SortDirection;
}

/** The list page's query: the API's, with the page's choice of page sizes. */
export class PlanListPageQueryDto extends PlanListQueryDto {
  @PageSizeParam() override pageSize: number = DEFAULT_PAGE_SIZE;
}

export class ItemInputDto {
  @ApiProperty({
    minLength: 3,
    maxLength: 1000,
    example: 'Pembentukan Tim Focal Point PUG di Dinas Kesehatan',
  })
  @Trim()
  @Length(3, 1000)
  @IsString()
  description: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  ownerInstitutionId: string;

  @ApiProperty({ format: 'date' })
  @IsCalendarDate()
  deadline: string;

  @ApiPropertyOptional({ maxLength: 500, nullable: true, example: 'SK Tim Focal Point PUG ditetapkan' })
  @Trim()
  @Optional({ nullable: true })
  @MaxLength(500)
  @IsString()
  indicator?: string | null;
}

export class UpdateItemDto {
  @VersionField() version: number;

  @ApiPropertyOptional({ minLength: 3, maxLength: 1000 })
  @Trim()
  @Optional()
  @Length(3, 1000)
  @IsString()
  description?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID('all')
  ownerInstitutionId?: string;

  @ApiPropertyOptional({ format: 'date', description: "The plan's deadline (agreements move it separately)" })
  @Optional()
  @IsCalendarDate()
  deadline?: string;

  @ApiPropertyOptional({ maxLength: 500, nullable: true })
  @Trim()
  @Optional({ nullable: true })
  @MaxLength(500)
  @IsString()
  indicator?: string | null;
}

export class CreatePlanDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  regionId: string;

  @ApiProperty({
    enum: ACTION_PLAN_SOURCES,
    description: 'ksgp: participatory gender study; randa: regional action plan',
  })
  @IsIn(ACTION_PLAN_SOURCES)
  source: ActionPlanSource;

  @ApiProperty({ minLength: 3, maxLength: 300, example: 'Rencana Aksi KSGP 2010' })
  @Trim()
  @Length(3, 300)
  @IsString()
  title: string;

  @ApiProperty({ minimum: 1990, maximum: 2100, type: 'integer' })
  @Max(2100)
  @Min(1990)
  @IsInt()
  year: number;

  @ApiPropertyOptional({ maxLength: 2000, nullable: true })
  @Optional({ nullable: true })
  @MaxLength(2000)
  @IsString()
  description?: string | null;

  @ApiPropertyOptional({ type: [ItemInputDto], maxItems: MAX_ITEMS })
  @Optional()
  @ArrayMaxSize(MAX_ITEMS)
  @NestedArray(() => ItemInputDto)
  items?: ItemInputDto[];
}

export class UpdatePlanDto {
  @VersionField() version: number;

  @ApiPropertyOptional({ enum: ACTION_PLAN_SOURCES })
  @Optional()
  @IsIn(ACTION_PLAN_SOURCES)
  source?: ActionPlanSource;

  @ApiPropertyOptional({ minLength: 3, maxLength: 300 })
  @Trim()
  @Optional()
  @Length(3, 300)
  @IsString()
  title?: string;

  @ApiPropertyOptional({ minimum: 1990, maximum: 2100, type: 'integer' })
  @Optional()
  @Max(2100)
  @Min(1990)
  @IsInt()
  year?: number;

  @ApiPropertyOptional({ maxLength: 2000, nullable: true })
  @Optional({ nullable: true })
  @MaxLength(2000)
  @IsString()
  description?: string | null;
}

export class UpdateInputDto {
  @ApiProperty({ format: 'uuid', description: 'An item of the plan' })
  @IsUUID('all')
  itemId: string;

  @ApiProperty({ enum: RECORDED_ITEM_STATUSES, description: '`late` is derived, never recorded' })
  @IsIn(RECORDED_ITEM_STATUSES)
  status: RecordedItemStatus;

  @ApiPropertyOptional({ maxLength: 1000, nullable: true, description: 'Encrypted' })
  @Optional({ nullable: true })
  @MaxLength(1000)
  @IsString()
  note?: string | null;
}

export class AgreementInputDto {
  @ApiProperty({ minLength: 3, maxLength: 1000 })
  @Trim()
  @Length(3, 1000)
  @IsString()
  description: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'The item whose deadline it moves' })
  @Optional({ nullable: true })
  @IsUUID('all')
  itemId?: string | null;

  @ApiPropertyOptional({ format: 'date', nullable: true, example: '2012-09-17' })
  @Optional({ nullable: true })
  @IsCalendarDate()
  newDeadline?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @Optional({ nullable: true })
  @IsUUID('all')
  ownerInstitutionId?: string | null;
}

export class CreateRoundDto {
  @ApiProperty({ format: 'date', example: '2012-08-13' })
  @IsCalendarDate()
  startDate: string;

  @ApiPropertyOptional({
    format: 'date',
    nullable: true,
    example: '2012-08-15',
    description: 'Default: the start date',
  })
  @Optional({ nullable: true })
  @IsCalendarDate()
  endDate?: string | null;

  @ApiProperty({ type: [String], maxItems: MAX_FACILITATORS, description: 'Names and roles (encrypted)' })
  @IsArray()
  @ArrayMaxSize(MAX_FACILITATORS)
  @Length(2, 200, { each: true })
  @IsString({ each: true })
  facilitators: string[];

  @ApiPropertyOptional({ maxLength: 10000, nullable: true, description: 'Encrypted' })
  @Optional({ nullable: true })
  @MaxLength(10000)
  @IsString()
  findings?: string | null;

  @ApiProperty({ type: [UpdateInputDto], maxItems: MAX_ITEMS })
  @ArrayMaxSize(MAX_ITEMS)
  @ArrayUnique((u: UpdateInputDto) => u?.itemId)
  @NestedArray(() => UpdateInputDto)
  updates: UpdateInputDto[];

  @ApiProperty({ type: [AgreementInputDto], maxItems: MAX_ITEMS })
  @ArrayMaxSize(MAX_ITEMS)
  @NestedArray(() => AgreementInputDto)
  agreements: AgreementInputDto[];
}

// ---- responses ----------------------------------------------------------------------------------------

export class StatusCountsDto {
  @ApiProperty() not_started: number;
  @ApiProperty() in_progress: number;
  @ApiProperty() done: number;
  @ApiProperty() late: number;
}

export class PlanResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) regionId: string;
  @ApiProperty() regionName: string;
  @ApiProperty({ enum: ACTION_PLAN_SOURCES }) source: string;
  @ApiProperty() title: string;
  @ApiProperty() year: number;
  @ApiProperty({ nullable: true }) description: string | null;
  @ApiProperty({ type: StatusCountsDto, description: 'Items by derived status' }) counts: StatusCountsDto;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty() version: number;
}

export class PlanPageDto extends PaginatedDto(PlanResponseDto) {}

export class ItemResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) planId: string;
  @ApiProperty() position: number;
  @ApiProperty() description: string;
  @ApiProperty({ type: InstitutionRefDto, nullable: true }) ownerInstitution: InstitutionRefDto | null;
  @ApiProperty({ format: 'date', description: "The plan's deadline" }) plannedDeadline: string;
  @ApiProperty({ format: 'date', description: 'The deadline in force (moved by the latest agreement)' })
  deadline: string;
  @ApiProperty() deadlineMoved: boolean;
  @ApiProperty({ nullable: true }) indicator: string | null;
  @ApiProperty({
    enum: ITEM_STATUSES,
    description: 'Derived: the latest monitoring, late when past its deadline',
  })
  status: ItemStatus;
  @ApiProperty({ enum: RECORDED_ITEM_STATUSES }) recordedStatus: string;
  @ApiProperty({ format: 'date', nullable: true }) lastMonitoredOn: string | null;
  @ApiProperty() version: number;
}

export class RoundUpdateResponseDto {
  @ApiProperty({ format: 'uuid' }) itemId: string;
  @ApiProperty({ nullable: true }) itemDescription: string | null;
  @ApiProperty({ enum: RECORDED_ITEM_STATUSES }) status: string;
  @ApiProperty({ nullable: true }) note: string | null;
}

export class AgreementResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() description: string;
  @ApiProperty({ format: 'uuid', nullable: true }) itemId: string | null;
  @ApiProperty({ format: 'date', nullable: true }) newDeadline: string | null;
  @ApiProperty({ type: InstitutionRefDto, nullable: true }) ownerInstitution: InstitutionRefDto | null;
}

export class RoundResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) planId: string;
  @ApiProperty({ format: 'date' }) startDate: string;
  @ApiProperty({ format: 'date' }) endDate: string;
  @ApiProperty({ type: [String] }) facilitators: string[];
  @ApiProperty({ nullable: true }) findings: string | null;
  @ApiProperty({ type: [RoundUpdateResponseDto] }) updates: RoundUpdateResponseDto[];
  @ApiProperty({ type: [AgreementResponseDto] }) agreements: AgreementResponseDto[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class PlanDetailDto extends PlanResponseDto {
  @ApiProperty({ type: [ItemResponseDto] }) items: ItemResponseDto[];
  @ApiProperty({ type: [RoundResponseDto], description: 'Latest first' }) rounds: RoundResponseDto[];
}

export function toPlan(plan: PugActionPlan, counts: Record<ItemStatus, number>): PlanResponseDto {
  return {
    id: plan.id,
    regionId: plan.regionId,
    regionName: plan.region?.name ?? '',
    source: plan.source,
    title: plan.title,
    year: plan.year,
    description: plan.description,
    counts,
    createdAt: iso(plan.createdAt),
    updatedAt: iso(plan.updatedAt),
    version: plan.version,
  };
}

export function toItem(i: ItemWithStatus): ItemResponseDto {
  return {
    id: i.item.id,
    planId: i.item.planId,
    position: i.item.position,
    description: i.item.description,
    ownerInstitution: institutionRef(i.item.ownerInstitution),
    plannedDeadline: i.item.deadline,
    deadline: i.derived.deadline,
    deadlineMoved: i.derived.deadlineMoved,
    indicator: i.item.indicator,
    status: i.derived.status,
    recordedStatus: i.derived.recordedStatus,
    lastMonitoredOn: i.derived.lastMonitoredOn,
    version: i.item.version,
  };
}

export function toRound(r: RoundDetail): RoundResponseDto {
  return {
    id: r.round.id,
    planId: r.round.planId,
    startDate: r.round.startDate,
    endDate: r.round.endDate,
    facilitators: r.round.facilitators ?? [],
    findings: r.round.findings,
    updates: r.updates.map((u) => ({
      itemId: u.itemId,
      itemDescription: u.item?.description ?? null,
      status: u.status,
      note: u.note,
    })),
    agreements: r.agreements.map((a) => ({
      id: a.id,
      description: a.description,
      itemId: a.itemId,
      newDeadline: a.newDeadline,
      ownerInstitution: institutionRef(a.ownerInstitution),
    })),
    createdAt: iso(r.round.createdAt),
  };
}

export function toPlanDetail(d: PlanDetail): PlanDetailDto {
  return { ...toPlan(d.plan, d.counts), items: d.items.map(toItem), rounds: d.rounds.map(toRound) };
}

/** Used by page filters: `?year=` */
export class YearQueryDto {
  @ApiPropertyOptional({ minimum: 1990, maximum: 2100, type: 'integer' })
  @FormInt()
  @IsOptional()
  @Max(2100)
  @Min(1990)
  @IsInt()
  year?: number;
}
