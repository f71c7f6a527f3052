import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DirParam, PageSizeParam, SortDirection, SortParam } from '../../../platform/common/list-sort';
import { PREVENTION_LIST_SORT } from '../prevention-list-sort';
import { VOLUNTEER_TRAINING_LIST_SORT } from '../volunteer-training-list-sort';
import { COMMUNITY_GROUP_LIST_SORT } from '../community-group-list-sort';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
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
import {
  DEFAULT_PAGE_SIZE,
  PageQueryDto,
  PaginatedDto,
  QueryBoolean,
  QueryText,
} from '../../../platform/common/pagination';
import { FormInt, Optional, Trim } from '../../../platform/common/validation';
import { FileResponseDto } from '../../../pug/dto/pug-institutions.dto';
import { InstitutionRefDto, institutionRef, iso, VersionField } from '../../../pug/dto/common.dto';
import { toFile } from '../../../pug/dto/pug-institutions.mappers';
import { PugFile } from '../../../pug/entities/pug-file.entity';
import { IsCalendarDate } from '../../../web/input';
import { CommunityVolunteer } from '../../community/community.entities';
import { CommunityActivity } from '../entities/community-activity.entity';
import { VolunteerTraining } from '../entities/volunteer-links.entity';
import { CommunityGroup } from '../entities/community-group.entity';
import { PreventionActivity } from '../entities/prevention-activity.entity';
import { participantsOf } from '../prevention.service';
import {
  COMMUNITY_ACTIVITY_KINDS,
  COMMUNITY_GROUP_KINDS,
  CommunityActivityKind,
  CommunityGroupKind,
  MAX_COUNT,
  PREVENTION_KINDS,
  PreventionKind,
} from '../programme.constants';

const MAX_PARTNERS = 50;
const MAX_VOLUNTEERS = 300;

function Count() {
  return (target: object, key: string) => {
    ApiPropertyOptional({ minimum: 0, maximum: MAX_COUNT, type: 'integer', default: 0 })(target, key);
    Optional()(target, key);
    Max(MAX_COUNT)(target, key);
    Min(0)(target, key);
    IsInt()(target, key);
  };
}

// ---- prevention activities ----------------------------------------------------------------------------

export class PreventionListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'date' })
  @QueryText()
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ format: 'date' })
  @QueryText()
  @IsOptional()
  @IsCalendarDate()
  to?: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @QueryText()
  @IsOptional()
  @MaxLength(100)
  @IsString()
  district?: string;

  @ApiPropertyOptional({ enum: PREVENTION_KINDS })
  @QueryText()
  @IsOptional()
  @IsIn(PREVENTION_KINDS)
  kind?: PreventionKind;

  @SortParam(PREVENTION_LIST_SORT) sort?: string;
  @DirParam() dir?: SortDirection;
}

/** The list page's query: the API's, with the page's choice of page sizes. */
export class PreventionListPageQueryDto extends PreventionListQueryDto {
  @PageSizeParam() override pageSize: number = DEFAULT_PAGE_SIZE;
}

export class PreventionSummaryQueryDto {
  @ApiProperty({ minimum: 1990, maximum: 2100, type: 'integer' })
  @FormInt()
  @Max(2100)
  @Min(1990)
  @IsInt()
  year: number;

  @ApiPropertyOptional({ maxLength: 100 })
  @QueryText()
  @IsOptional()
  @MaxLength(100)
  @IsString()
  district?: string;
}

export class CreatePreventionDto {
  @ApiProperty({ enum: PREVENTION_KINDS })
  @IsIn(PREVENTION_KINDS)
  kind: PreventionKind;

  @ApiProperty({ minLength: 3, maxLength: 300, example: 'Sosialisasi KDRT dan trafiking' })
  @Trim()
  @Length(3, 300)
  @IsString()
  title: string;

  @ApiProperty({ format: 'date', description: 'Not in the future' })
  @IsCalendarDate()
  activityDate: string;

  @ApiProperty({ description: "One of the centre's districts" })
  @Length(1, 100)
  @IsString()
  district: string;

  @ApiPropertyOptional({ maxLength: 200, nullable: true })
  @Trim()
  @Optional({ nullable: true })
  @MaxLength(200)
  @IsString()
  place?: string | null;

  @ApiPropertyOptional({ maxLength: 300, nullable: true, example: 'Ibu-ibu PKK kelurahan' })
  @Trim()
  @Optional({ nullable: true })
  @MaxLength(300)
  @IsString()
  audience?: string | null;

  @Count() femaleChildren?: number;
  @Count() maleChildren?: number;
  @Count() femaleAdults?: number;
  @Count() maleAdults?: number;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: 10_000_000,
    type: 'integer',
    nullable: true,
    description: 'Leaflets printed or sent, estimated listeners or readers',
  })
  @Optional({ nullable: true })
  @Max(10_000_000)
  @Min(0)
  @IsInt()
  reach?: number | null;

  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: MAX_PARTNERS })
  @Optional()
  @IsArray()
  @ArrayMaxSize(MAX_PARTNERS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  partnerInstitutionIds?: string[];

  @ApiPropertyOptional({ maxLength: 5000, nullable: true, description: 'Encrypted' })
  @Optional({ nullable: true })
  @MaxLength(5000)
  @IsString()
  notes?: string | null;
}

export class UpdatePreventionDto {
  @VersionField() version: number;

  @ApiPropertyOptional({ enum: PREVENTION_KINDS })
  @Optional()
  @IsIn(PREVENTION_KINDS)
  kind?: PreventionKind;

  @ApiPropertyOptional({ minLength: 3, maxLength: 300 })
  @Trim()
  @Optional()
  @Length(3, 300)
  @IsString()
  title?: string;

  @ApiPropertyOptional({ format: 'date' })
  @Optional()
  @IsCalendarDate()
  activityDate?: string;

  @ApiPropertyOptional()
  @Optional()
  @Length(1, 100)
  @IsString()
  district?: string;

  @ApiPropertyOptional({ maxLength: 200, nullable: true })
  @Trim()
  @Optional({ nullable: true })
  @MaxLength(200)
  @IsString()
  place?: string | null;

  @ApiPropertyOptional({ maxLength: 300, nullable: true })
  @Trim()
  @Optional({ nullable: true })
  @MaxLength(300)
  @IsString()
  audience?: string | null;

  @Count() femaleChildren?: number;
  @Count() maleChildren?: number;
  @Count() femaleAdults?: number;
  @Count() maleAdults?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 10_000_000, type: 'integer', nullable: true })
  @Optional({ nullable: true })
  @Max(10_000_000)
  @Min(0)
  @IsInt()
  reach?: number | null;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    maxItems: MAX_PARTNERS,
    description: 'Replaces the list',
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(MAX_PARTNERS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  partnerInstitutionIds?: string[];

  @ApiPropertyOptional({ maxLength: 5000, nullable: true })
  @Optional({ nullable: true })
  @MaxLength(5000)
  @IsString()
  notes?: string | null;
}

export class ParticipantsDto {
  @ApiProperty() femaleChildren: number;
  @ApiProperty() maleChildren: number;
  @ApiProperty() femaleAdults: number;
  @ApiProperty() maleAdults: number;
  @ApiProperty() total: number;
}

export class PreventionResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: PREVENTION_KINDS }) kind: string;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'date' }) activityDate: string;
  @ApiProperty() quarter: number;
  @ApiProperty() district: string;
  @ApiProperty({ nullable: true }) place: string | null;
  @ApiProperty({ nullable: true }) audience: string | null;
  @ApiProperty({ type: ParticipantsDto }) participants: ParticipantsDto;
  @ApiProperty({ nullable: true }) reach: number | null;
  @ApiProperty({ type: [InstitutionRefDto] }) partners: InstitutionRefDto[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty() version: number;
}

export class PreventionDetailDto extends PreventionResponseDto {
  @ApiProperty({ nullable: true }) notes: string | null;
  @ApiProperty({ type: [FileResponseDto] }) materials: FileResponseDto[];
}

export class PreventionPageDto extends PaginatedDto(PreventionResponseDto) {}

export function toPrevention(a: PreventionActivity): PreventionResponseDto {
  return {
    id: a.id,
    kind: a.kind,
    title: a.title,
    activityDate: a.activityDate,
    quarter: Math.floor((Number(a.activityDate.slice(5, 7)) - 1) / 3) + 1,
    district: a.district,
    place: a.place,
    audience: a.audience,
    participants: participantsOf(a),
    reach: a.reach,
    partners: (a.partners ?? []).map((p) => institutionRef(p)!).sort((x, y) => x.name.localeCompare(y.name)),
    createdAt: iso(a.createdAt),
    updatedAt: iso(a.updatedAt),
    version: a.version,
  };
}

export function toPreventionDetail(a: PreventionActivity, materials: PugFile[]): PreventionDetailDto {
  return { ...toPrevention(a), notes: a.notes, materials: materials.map((f) => toFile(f)!) };
}

export class KindCountsDto {
  @ApiProperty() socialization: number;
  @ApiProperty() broadcast: number;
  @ApiProperty() leaflet_print: number;
  @ApiProperty() leaflet_email: number;
  @ApiProperty() website_post: number;
  @ApiProperty() mass_media: number;
}

export class SummaryCellDto {
  @ApiProperty() activities: number;
  @ApiProperty({ type: KindCountsDto }) byKind: KindCountsDto;
  @ApiProperty({ type: ParticipantsDto }) participants: ParticipantsDto;
  @ApiProperty() reach: number;
}

export class SummaryRowDto extends SummaryCellDto {
  @ApiProperty({ minimum: 1, maximum: 4 }) quarter: number;
  @ApiProperty() district: string;
}

export class QuarterSummaryDto extends SummaryCellDto {
  @ApiProperty({ minimum: 1, maximum: 4 }) quarter: number;
}

export class DistrictSummaryDto extends SummaryCellDto {
  @ApiProperty() district: string;
}

export class PreventionSummaryDto {
  @ApiProperty() year: number;
  @ApiProperty({ type: [String] }) districts: string[];
  @ApiProperty({ type: [SummaryRowDto], description: 'Quarter × district, only those with activities' })
  rows: SummaryRowDto[];
  @ApiProperty({ type: [QuarterSummaryDto] }) byQuarter: QuarterSummaryDto[];
  @ApiProperty({ type: [DistrictSummaryDto] }) byDistrict: DistrictSummaryDto[];
  @ApiProperty({ type: SummaryCellDto }) total: SummaryCellDto;
}

// ---- community groups and their activities ------------------------------------------------------------

export class GroupListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: COMMUNITY_GROUP_KINDS })
  @QueryText()
  @IsOptional()
  @IsIn(COMMUNITY_GROUP_KINDS)
  kind?: CommunityGroupKind;

  @ApiPropertyOptional({ maxLength: 100 })
  @QueryText()
  @IsOptional()
  @MaxLength(100)
  @IsString()
  district?: string;

  @ApiPropertyOptional({ type: Boolean })
  @QueryBoolean()
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ maxLength: 100 })
  @QueryText()
  @IsOptional()
  @MaxLength(100)
  @IsString()
  q?: string;

  @SortParam(COMMUNITY_GROUP_LIST_SORT) sort?: string;
  @DirParam() dir?: SortDirection;
}

/** The list page's query: the API's, with the page's choice of page sizes. */
export class GroupListPageQueryDto extends GroupListQueryDto {
  @PageSizeParam() override pageSize: number = DEFAULT_PAGE_SIZE;
}

export class CreateGroupDto {
  @ApiProperty({
    enum: COMMUNITY_GROUP_KINDS,
    description: 'pkk, posyandu, religious, kube (joint business group), youth',
  })
  @IsIn(COMMUNITY_GROUP_KINDS)
  kind: CommunityGroupKind;

  @ApiProperty({ minLength: 2, maxLength: 200 })
  @Trim()
  @Length(2, 200)
  @IsString()
  name: string;

  @ApiProperty({ description: "One of the centre's districts" })
  @Length(1, 100)
  @IsString()
  district: string;

  @ApiPropertyOptional({ maxLength: 200, nullable: true, description: 'Kelurahan / RW' })
  @Trim()
  @Optional({ nullable: true })
  @MaxLength(200)
  @IsString()
  area?: string | null;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    description: 'The organisation, when it is in the partner network',
  })
  @Optional({ nullable: true })
  @IsUUID('all')
  institutionId?: string | null;

  @ApiPropertyOptional({ default: true })
  @Optional()
  @IsBoolean()
  isActive?: boolean;

  @ApiPropertyOptional({ maxLength: 1000, nullable: true })
  @Optional({ nullable: true })
  @MaxLength(1000)
  @IsString()
  description?: string | null;
}

export class UpdateGroupDto {
  @VersionField() version: number;

  @ApiPropertyOptional({ enum: COMMUNITY_GROUP_KINDS })
  @Optional()
  @IsIn(COMMUNITY_GROUP_KINDS)
  kind?: CommunityGroupKind;

  @ApiPropertyOptional({ minLength: 2, maxLength: 200 })
  @Trim()
  @Optional()
  @Length(2, 200)
  @IsString()
  name?: string;

  @ApiPropertyOptional()
  @Optional()
  @Length(1, 100)
  @IsString()
  district?: string;

  @ApiPropertyOptional({ maxLength: 200, nullable: true })
  @Trim()
  @Optional({ nullable: true })
  @MaxLength(200)
  @IsString()
  area?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @Optional({ nullable: true })
  @IsUUID('all')
  institutionId?: string | null;

  @ApiPropertyOptional()
  @Optional()
  @IsBoolean()
  isActive?: boolean;

  @ApiPropertyOptional({ maxLength: 1000, nullable: true })
  @Optional({ nullable: true })
  @MaxLength(1000)
  @IsString()
  description?: string | null;
}

export class GroupResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: COMMUNITY_GROUP_KINDS }) kind: string;
  @ApiProperty() name: string;
  @ApiProperty() district: string;
  @ApiProperty({ nullable: true }) area: string | null;
  @ApiProperty({ type: InstitutionRefDto, nullable: true }) institution: InstitutionRefDto | null;
  @ApiProperty() isActive: boolean;
  @ApiProperty({ nullable: true }) description: string | null;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty() version: number;
}

export class GroupPageDto extends PaginatedDto(GroupResponseDto) {}

export function toGroup(g: CommunityGroup): GroupResponseDto {
  return {
    id: g.id,
    kind: g.kind,
    name: g.name,
    district: g.district,
    area: g.area,
    institution: institutionRef(g.institution),
    isActive: g.isActive,
    description: g.description,
    updatedAt: iso(g.updatedAt),
    version: g.version,
  };
}

export class CreateCommunityActivityDto {
  @ApiProperty({ enum: COMMUNITY_ACTIVITY_KINDS })
  @IsIn(COMMUNITY_ACTIVITY_KINDS)
  kind: CommunityActivityKind;

  @ApiProperty({ minLength: 3, maxLength: 300, description: 'No case content' })
  @Trim()
  @Length(3, 300)
  @IsString()
  title: string;

  @ApiProperty({ format: 'date', description: 'Not in the future' })
  @IsCalendarDate()
  activityDate: string;

  @ApiPropertyOptional({ nullable: true, description: "Default: the group's district" })
  @Optional({ nullable: true })
  @Length(1, 100)
  @IsString()
  district?: string | null;

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_COUNT, type: 'integer', nullable: true })
  @Optional({ nullable: true })
  @Max(MAX_COUNT)
  @Min(0)
  @IsInt()
  participants?: number | null;

  @ApiPropertyOptional({ maxLength: 5000, nullable: true, description: 'Encrypted; no case content' })
  @Optional({ nullable: true })
  @MaxLength(5000)
  @IsString()
  notes?: string | null;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    maxItems: MAX_VOLUNTEERS,
    description: "Volunteers (kader) who took part: the community module's registry",
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(MAX_VOLUNTEERS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  volunteerIds?: string[];
}

export class UpdateCommunityActivityDto {
  @VersionField() version: number;

  @ApiPropertyOptional({ enum: COMMUNITY_ACTIVITY_KINDS })
  @Optional()
  @IsIn(COMMUNITY_ACTIVITY_KINDS)
  kind?: CommunityActivityKind;

  @ApiPropertyOptional({ minLength: 3, maxLength: 300 })
  @Trim()
  @Optional()
  @Length(3, 300)
  @IsString()
  title?: string;

  @ApiPropertyOptional({ format: 'date' })
  @Optional()
  @IsCalendarDate()
  activityDate?: string;

  @ApiPropertyOptional()
  @Optional()
  @Length(1, 100)
  @IsString()
  district?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_COUNT, type: 'integer', nullable: true })
  @Optional({ nullable: true })
  @Max(MAX_COUNT)
  @Min(0)
  @IsInt()
  participants?: number | null;

  @ApiPropertyOptional({ maxLength: 5000, nullable: true })
  @Optional({ nullable: true })
  @MaxLength(5000)
  @IsString()
  notes?: string | null;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    maxItems: MAX_VOLUNTEERS,
    description: 'Replaces the list',
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(MAX_VOLUNTEERS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  volunteerIds?: string[];
}

export class VolunteerRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true }) district: string | null;
  @ApiProperty() isActive: boolean;
}

export function volunteerRef(v: CommunityVolunteer): VolunteerRefDto {
  return { id: v.id, name: v.name, district: v.district, isActive: v.isActive };
}

export class CommunityActivityResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) groupId: string;
  @ApiProperty({ enum: COMMUNITY_ACTIVITY_KINDS }) kind: string;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'date' }) activityDate: string;
  @ApiProperty() district: string;
  @ApiProperty({ nullable: true }) participants: number | null;
  @ApiProperty({ type: [VolunteerRefDto] }) volunteers: VolunteerRefDto[];
  @ApiProperty({ nullable: true }) notes: string | null;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty() version: number;
}

export class CommunityActivityPageDto extends PaginatedDto(CommunityActivityResponseDto) {}

export function toCommunityActivity(a: CommunityActivity): CommunityActivityResponseDto {
  return {
    id: a.id,
    groupId: a.groupId,
    kind: a.kind,
    title: a.title,
    activityDate: a.activityDate,
    district: a.district,
    participants: a.participants,
    volunteers: (a.volunteers ?? []).map(volunteerRef).sort((x, y) => x.name.localeCompare(y.name)),
    notes: a.notes,
    updatedAt: iso(a.updatedAt),
    version: a.version,
  };
}

// ---- group volunteers and volunteer trainings ---------------------------------------------------------

export class SetGroupVolunteersDto {
  @VersionField() version: number;

  @ApiProperty({
    type: [String],
    format: 'uuid',
    maxItems: MAX_VOLUNTEERS,
    description: "Volunteers (kader) of the community module's registry",
  })
  @IsArray()
  @ArrayMaxSize(MAX_VOLUNTEERS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  volunteerIds: string[];
}

export class GroupDetailDto extends GroupResponseDto {
  @ApiProperty({ type: [VolunteerRefDto] }) volunteers: VolunteerRefDto[];
}

export class VolunteerTrainingListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Trainings this volunteer attended' })
  @QueryText()
  @IsOptional()
  @IsUUID('all')
  volunteerId?: string;

  @ApiPropertyOptional({ minimum: 1990, maximum: 2100, type: 'integer' })
  @FormInt()
  @IsOptional()
  @Max(2100)
  @Min(1990)
  @IsInt()
  year?: number;

  @SortParam(VOLUNTEER_TRAINING_LIST_SORT) sort?: string;
  @DirParam() dir?: SortDirection;
}

/** The list page's query: the API's, with the page's choice of page sizes. */
export class VolunteerTrainingListPageQueryDto extends VolunteerTrainingListQueryDto {
  @PageSizeParam() override pageSize: number = DEFAULT_PAGE_SIZE;
}

export class CreateVolunteerTrainingDto {
  @ApiProperty({ minLength: 3, maxLength: 300 })
  @Trim()
  @Length(3, 300)
  @IsString()
  title: string;

  @ApiPropertyOptional({
    maxLength: 300,
    nullable: true,
    example: 'Pemantauan korban setelah kembali ke rumah',
  })
  @Trim()
  @Optional({ nullable: true })
  @MaxLength(300)
  @IsString()
  topic?: string | null;

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
    type: [String],
    format: 'uuid',
    maxItems: MAX_VOLUNTEERS,
    description: 'Volunteers who attended',
  })
  @IsArray()
  @ArrayMaxSize(MAX_VOLUNTEERS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  volunteerIds: string[];
}

export class UpdateVolunteerTrainingDto {
  @VersionField() version: number;

  @ApiPropertyOptional({ minLength: 3, maxLength: 300 })
  @Trim()
  @Optional()
  @Length(3, 300)
  @IsString()
  title?: string;

  @ApiPropertyOptional({ maxLength: 300, nullable: true })
  @Trim()
  @Optional({ nullable: true })
  @MaxLength(300)
  @IsString()
  topic?: string | null;

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
    type: [String],
    format: 'uuid',
    maxItems: MAX_VOLUNTEERS,
    description: 'Replaces the list',
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(MAX_VOLUNTEERS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  volunteerIds?: string[];
}

export class VolunteerTrainingResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true }) topic: string | null;
  @ApiProperty({ format: 'date' }) startDate: string;
  @ApiProperty({ format: 'date' }) endDate: string;
  @ApiProperty({ nullable: true }) place: string | null;
  @ApiProperty({ type: InstitutionRefDto, nullable: true }) organiserInstitution: InstitutionRefDto | null;
  @ApiProperty({ type: [VolunteerRefDto] }) participants: VolunteerRefDto[];
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty() version: number;
}

export class VolunteerTrainingPageDto extends PaginatedDto(VolunteerTrainingResponseDto) {}

export function toVolunteerTraining(t: VolunteerTraining): VolunteerTrainingResponseDto {
  return {
    id: t.id,
    title: t.title,
    topic: t.topic,
    startDate: t.startDate,
    endDate: t.endDate,
    place: t.place,
    organiserInstitution: institutionRef(t.organiserInstitution),
    participants: (t.participants ?? []).map(volunteerRef).sort((x, y) => x.name.localeCompare(y.name)),
    updatedAt: iso(t.updatedAt),
    version: t.version,
  };
}
