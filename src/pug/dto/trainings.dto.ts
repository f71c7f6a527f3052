import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DirParam, PageSizeParam, SortDirection, SortParam } from '../../platform/common/list-sort';
import { AWARD_LIST_SORT, TRAINING_LIST_SORT } from '../training-list-sort';
import {
  ArrayMaxSize,
  ArrayUnique,
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
import { PugAward } from '../entities/pug-training.entity';
import { TrainingDetail } from '../pug-trainings.service';
import { IsCalendarDate } from '../../web/input';
import { AWARD_LEVELS, AWARD_NAME, AwardLevel, TRAINING_KINDS, TrainingKind } from '../reference-data';
import { InstitutionRefDto, institutionRef, iso, VersionField } from './common.dto';

export const MAX_PARTICIPANT_ROWS = 200;
const MAX_PEOPLE = 10_000;

export class TrainingListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @QueryText()
  @IsOptional()
  @IsUUID('all')
  regionId?: string;

  @ApiPropertyOptional({ enum: TRAINING_KINDS })
  @QueryText()
  @IsOptional()
  @IsIn(TRAINING_KINDS)
  kind?: TrainingKind;

  @ApiPropertyOptional({ minimum: 1990, maximum: 2100, type: 'integer' })
  @FormInt()
  @IsOptional()
  @Max(2100)
  @Min(1990)
  @IsInt()
  year?: number;

  @SortParam(TRAINING_LIST_SORT) sort?: string;
  @DirParam() dir?: SortDirection;
}

/** The list page's query: the API's, with the page's choice of page sizes. */
export class TrainingListPageQueryDto extends TrainingListQueryDto {
  @PageSizeParam() override pageSize: number = DEFAULT_PAGE_SIZE;
}

export class ParticipantInputDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  institutionId: string;

  @ApiProperty({ minimum: 0, maximum: MAX_PEOPLE, type: 'integer' })
  @Max(MAX_PEOPLE)
  @Min(0)
  @IsInt()
  female: number;

  @ApiProperty({ minimum: 0, maximum: MAX_PEOPLE, type: 'integer' })
  @Max(MAX_PEOPLE)
  @Min(0)
  @IsInt()
  male: number;
}

class TrainingFieldsDto {
  @ApiProperty({
    enum: TRAINING_KINDS,
    description: 'gender_awareness: penyadaran gender; pprg: PPRG training',
  })
  @IsIn(TRAINING_KINDS)
  kind: TrainingKind;

  @ApiProperty({ minLength: 3, maxLength: 300 })
  @Trim()
  @Length(3, 300)
  @IsString()
  title: string;

  @ApiProperty({ format: 'date' })
  @IsCalendarDate()
  startDate: string;

  @ApiPropertyOptional({ format: 'date', nullable: true })
  @Optional({ nullable: true })
  @IsCalendarDate()
  endDate?: string | null;

  @ApiPropertyOptional({ maxLength: 200, nullable: true })
  @Trim()
  @Optional({ nullable: true })
  @MaxLength(200)
  @IsString()
  place?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @Optional({ nullable: true })
  @IsUUID('all')
  organiserInstitutionId?: string | null;

  @ApiProperty({
    type: [ParticipantInputDto],
    maxItems: MAX_PARTICIPANT_ROWS,
    description: 'By institution and sex',
  })
  @ArrayMaxSize(MAX_PARTICIPANT_ROWS)
  @ArrayUnique((p: ParticipantInputDto) => p?.institutionId)
  @NestedArray(() => ParticipantInputDto)
  participants: ParticipantInputDto[];
}

export class CreateTrainingDto extends TrainingFieldsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  regionId: string;
}

export class UpdateTrainingDto {
  @VersionField() version: number;

  @ApiPropertyOptional({ enum: TRAINING_KINDS })
  @Optional()
  @IsIn(TRAINING_KINDS)
  kind?: TrainingKind;

  @ApiPropertyOptional({ minLength: 3, maxLength: 300 })
  @Trim()
  @Optional()
  @Length(3, 300)
  @IsString()
  title?: string;

  @ApiPropertyOptional({ format: 'date' })
  @Optional()
  @IsCalendarDate()
  startDate?: string;

  @ApiPropertyOptional({ format: 'date' })
  @Optional()
  @IsCalendarDate()
  endDate?: string;

  @ApiPropertyOptional({ maxLength: 200, nullable: true })
  @Trim()
  @Optional({ nullable: true })
  @MaxLength(200)
  @IsString()
  place?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @Optional({ nullable: true })
  @IsUUID('all')
  organiserInstitutionId?: string | null;

  @ApiPropertyOptional({
    type: [ParticipantInputDto],
    maxItems: MAX_PARTICIPANT_ROWS,
    description: 'Replaces the list',
  })
  @Optional()
  @ArrayMaxSize(MAX_PARTICIPANT_ROWS)
  @ArrayUnique((p: ParticipantInputDto) => p?.institutionId)
  @NestedArray(() => ParticipantInputDto)
  participants?: ParticipantInputDto[];
}

export class ParticipantResponseDto {
  @ApiProperty({ type: InstitutionRefDto }) institution: InstitutionRefDto;
  @ApiProperty() female: number;
  @ApiProperty() male: number;
  @ApiProperty() total: number;
}

export class ParticipantTotalsDto {
  @ApiProperty() female: number;
  @ApiProperty() male: number;
  @ApiProperty() total: number;
  @ApiProperty() institutions: number;
}

export class TrainingResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) regionId: string;
  @ApiProperty() regionName: string;
  @ApiProperty({ enum: TRAINING_KINDS }) kind: string;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'date' }) startDate: string;
  @ApiProperty({ format: 'date' }) endDate: string;
  @ApiProperty({ nullable: true }) place: string | null;
  @ApiProperty({ type: InstitutionRefDto, nullable: true }) organiserInstitution: InstitutionRefDto | null;
  @ApiProperty({ type: [ParticipantResponseDto] }) participants: ParticipantResponseDto[];
  @ApiProperty({ type: ParticipantTotalsDto }) totals: ParticipantTotalsDto;
  @ApiProperty() version: number;
}

export class TrainingPageDto extends PaginatedDto(TrainingResponseDto) {}

export function toTraining(d: TrainingDetail): TrainingResponseDto {
  return {
    id: d.training.id,
    regionId: d.training.regionId,
    regionName: d.training.region?.name ?? '',
    kind: d.training.kind,
    title: d.training.title,
    startDate: d.training.startDate,
    endDate: d.training.endDate,
    place: d.training.place,
    organiserInstitution: institutionRef(d.training.organiserInstitution),
    participants: d.participants.map((p) => ({
      institution: institutionRef(p.institution)!,
      female: p.female,
      male: p.male,
      total: p.female + p.male,
    })),
    totals: d.totals,
    version: d.training.version,
  };
}

// ---- awards -------------------------------------------------------------------------------------------

export class AwardListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @QueryText()
  @IsOptional()
  @IsUUID('all')
  regionId?: string;

  @ApiPropertyOptional({ enum: AWARD_LEVELS })
  @QueryText()
  @IsOptional()
  @IsIn(AWARD_LEVELS)
  level?: AwardLevel;

  @SortParam(AWARD_LIST_SORT) sort?: string;
  @DirParam() dir?: SortDirection;
}

/** The list page's query: the API's, with the page's choice of page sizes. */
export class AwardListPageQueryDto extends AwardListQueryDto {
  @PageSizeParam() override pageSize: number = DEFAULT_PAGE_SIZE;
}

export class CreateAwardDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  regionId: string;

  @ApiProperty({ minimum: 1990, maximum: 2100, type: 'integer', example: 2012 })
  @Max(2100)
  @Min(1990)
  @IsInt()
  year: number;

  @ApiProperty({ enum: AWARD_LEVELS })
  @IsIn(AWARD_LEVELS)
  level: AwardLevel;

  @ApiPropertyOptional({ maxLength: 100, nullable: true, default: AWARD_NAME })
  @Trim()
  @Optional({ nullable: true })
  @Length(3, 100)
  @IsString()
  awardName?: string | null;

  @ApiPropertyOptional({ maxLength: 200, nullable: true, example: 'Kementerian PPPA' })
  @Trim()
  @Optional({ nullable: true })
  @MaxLength(200)
  @IsString()
  givenBy?: string | null;

  @ApiPropertyOptional({ maxLength: 1000, nullable: true })
  @Optional({ nullable: true })
  @MaxLength(1000)
  @IsString()
  notes?: string | null;
}

export class UpdateAwardDto {
  @VersionField() version: number;

  @ApiPropertyOptional({ minimum: 1990, maximum: 2100, type: 'integer' })
  @Optional()
  @Max(2100)
  @Min(1990)
  @IsInt()
  year?: number;

  @ApiPropertyOptional({ enum: AWARD_LEVELS })
  @Optional()
  @IsIn(AWARD_LEVELS)
  level?: AwardLevel;

  @ApiPropertyOptional({ maxLength: 200, nullable: true })
  @Trim()
  @Optional({ nullable: true })
  @MaxLength(200)
  @IsString()
  givenBy?: string | null;

  @ApiPropertyOptional({ maxLength: 1000, nullable: true })
  @Optional({ nullable: true })
  @MaxLength(1000)
  @IsString()
  notes?: string | null;
}

export class AwardResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) regionId: string;
  @ApiProperty() regionName: string;
  @ApiProperty() year: number;
  @ApiProperty() awardName: string;
  @ApiProperty({ enum: AWARD_LEVELS }) level: string;
  @ApiProperty({ nullable: true }) givenBy: string | null;
  @ApiProperty({ nullable: true }) notes: string | null;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty() version: number;
}

export class AwardPageDto extends PaginatedDto(AwardResponseDto) {}

export function toAward(a: PugAward): AwardResponseDto {
  return {
    id: a.id,
    regionId: a.regionId,
    regionName: a.region?.name ?? '',
    year: a.year,
    awardName: a.awardName,
    level: a.level,
    givenBy: a.givenBy,
    notes: a.notes,
    updatedAt: iso(a.updatedAt),
    version: a.version,
  };
}
