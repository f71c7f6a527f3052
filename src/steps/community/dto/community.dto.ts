import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  Min,
} from 'class-validator';
import { DirParam, PageSizeParam, SortDirection, SortParam } from '../../../platform/common/list-sort';
import {
  DEFAULT_PAGE_SIZE,
  PageQueryDto,
  PaginatedDto,
  QueryBoolean,
  QueryText,
} from '../../../platform/common/pagination';
import { MY_MONITORING_LIST_SORT, VOLUNTEER_LIST_SORT } from '../community-list-sort';
import {
  EmptyAsNull,
  EmptyAsUndefined,
  FormBoolean,
  IsDateOnly,
  Trim,
} from '../../../platform/common/validation';
import { CsrfFormDto, OptionalNotNull } from '../../../web/forms';
import { PHONE_PATTERN } from '../../../institutions/dto/institution.dto';
import { TEXT_MAX } from '../../referral/referral.constants';
import { ASSIGNMENT_STATUSES, VISIT_SITUATIONS, VisitSituation } from '../community.constants';

export class VolunteerListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ type: Boolean })
  @QueryBoolean()
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ maxLength: 100, description: 'Part of the name or group' })
  @QueryText()
  @IsOptional()
  @MaxLength(100)
  @IsString()
  q?: string;

  @SortParam(VOLUNTEER_LIST_SORT) sort?: string;
  @DirParam() dir?: SortDirection;
}

/** The list page's query: the API's, with the page's choice of page sizes. */
export class VolunteerListPageQueryDto extends VolunteerListQueryDto {
  @PageSizeParam() override pageSize: number = DEFAULT_PAGE_SIZE;
}

/** A volunteer's own assignments: a page, in an order of what the volunteer sees. */
export class MyMonitoringQueryDto extends PageQueryDto {
  @SortParam(MY_MONITORING_LIST_SORT) sort?: string;
  @DirParam() dir?: SortDirection;
}

/** The page's query: the API's, with the page's choice of page sizes. */
export class MyMonitoringPageQueryDto extends MyMonitoringQueryDto {
  @PageSizeParam() override pageSize: number = DEFAULT_PAGE_SIZE;
}

export class CreateVolunteerDto {
  @ApiProperty({ maxLength: 120 })
  @Trim()
  @Length(2, 120)
  @IsString()
  name: string;

  @ApiProperty({ maxLength: 120, description: 'The community group (e.g. PKK RW 05, Kader PATBM)' })
  @Trim()
  @Length(2, 120)
  @IsString()
  groupName: string;

  @ApiPropertyOptional({ maxLength: 80, nullable: true, type: String })
  @Trim()
  @IsOptional()
  @MaxLength(80)
  @IsString()
  district?: string | null;

  @ApiPropertyOptional({ maxLength: 40, nullable: true, type: String, description: 'Encrypted at rest' })
  @IsOptional()
  @Matches(PHONE_PATTERN)
  @IsString()
  phone?: string | null;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'Their account (role community_volunteer)',
  })
  @IsOptional()
  @IsUUID('all')
  userId?: string | null;
}

export class UpdateVolunteerDto {
  @ApiProperty({ minimum: 1 })
  @Min(1)
  @IsInt()
  version: number;

  @ApiPropertyOptional({ maxLength: 120 })
  @Trim()
  @OptionalNotNull()
  @Length(2, 120)
  @IsString()
  name?: string;

  @ApiPropertyOptional({ maxLength: 120 })
  @Trim()
  @OptionalNotNull()
  @Length(2, 120)
  @IsString()
  groupName?: string;

  @ApiPropertyOptional({ maxLength: 80, nullable: true, type: String })
  @Trim()
  @IsOptional()
  @MaxLength(80)
  @IsString()
  district?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @Matches(PHONE_PATTERN)
  @IsString()
  phone?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @IsOptional()
  @IsUUID('all')
  userId?: string | null;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsBoolean()
  isActive?: boolean;
}

export class VolunteerFormDto extends CsrfFormDto {
  @Trim()
  @Length(2, 120)
  @IsString()
  name: string;

  @Trim()
  @Length(2, 120)
  @IsString()
  groupName: string;

  @Trim()
  @EmptyAsNull()
  @IsOptional()
  @MaxLength(80)
  @IsString()
  district?: string | null;

  @EmptyAsNull()
  @IsOptional()
  @Matches(PHONE_PATTERN)
  @IsString()
  phone?: string | null;

  @EmptyAsNull()
  @IsOptional()
  @IsUUID('all')
  userId?: string | null;

  @FormBoolean()
  @IsOptional()
  @IsBoolean()
  isActive?: boolean;

  @EmptyAsUndefined()
  @Type(() => Number)
  @IsOptional()
  @Min(1)
  @IsInt()
  version?: number;
}

export class VolunteerResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() groupName: string;
  @ApiProperty({ nullable: true, type: String }) district: string | null;
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) userId: string | null;
  @ApiProperty({ nullable: true, type: String }) username: string | null;
  @ApiProperty() isActive: boolean;
  @ApiProperty({ description: 'Active monitoring assignments' }) activeAssignments: number;
  @ApiProperty() version: number;
}

export class VolunteerPageDto extends PaginatedDto(VolunteerResponseDto) {}

export class AssignMonitoringDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  volunteerId: string;

  @ApiProperty({
    minLength: 3,
    maxLength: TEXT_MAX,
    description: 'What to watch for; the volunteer reads it',
  })
  @Trim()
  @Length(3, TEXT_MAX)
  @IsString()
  instructions: string;

  @ApiPropertyOptional({ format: 'date', description: 'Default: today' })
  @IsOptional()
  @IsDateOnly()
  startedOn?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The consent relied on (default: the latest covering community monitoring)',
  })
  @IsOptional()
  @IsUUID('all')
  consentId?: string;
}

export class EndAssignmentDto {
  @ApiProperty({ minimum: 1 })
  @Min(1)
  @IsInt()
  version: number;
}

export class RecordVisitDto {
  @ApiProperty({ format: 'date' })
  @IsDateOnly()
  visitedOn: string;

  @ApiProperty({ enum: VISIT_SITUATIONS })
  @IsIn(VISIT_SITUATIONS)
  situation: VisitSituation;

  @ApiPropertyOptional({ maxLength: TEXT_MAX })
  @Trim()
  @IsOptional()
  @MaxLength(TEXT_MAX)
  @IsString()
  notes?: string;

  @ApiPropertyOptional({ maxLength: TEXT_MAX, description: 'Concerns to pass on to the counselor' })
  @Trim()
  @IsOptional()
  @MaxLength(TEXT_MAX)
  @IsString()
  concerns?: string;
}

export class AssignMonitoringFormDto extends CsrfFormDto {
  @IsUUID('all')
  volunteerId: string;

  @Trim()
  @Length(3, TEXT_MAX)
  @IsString()
  instructions: string;

  @EmptyAsUndefined()
  @IsOptional()
  @IsDateOnly()
  startedOn?: string;
}

export class EndAssignmentFormDto extends CsrfFormDto {
  @Type(() => Number)
  @Min(1)
  @IsInt()
  version: number;
}

export class RecordVisitFormDto extends CsrfFormDto {
  @IsDateOnly()
  visitedOn: string;

  @IsIn(VISIT_SITUATIONS)
  situation: VisitSituation;

  @Trim()
  @EmptyAsUndefined()
  @IsOptional()
  @MaxLength(TEXT_MAX)
  @IsString()
  notes?: string;

  @Trim()
  @EmptyAsUndefined()
  @IsOptional()
  @MaxLength(TEXT_MAX)
  @IsString()
  concerns?: string;
}

export class VisitResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date' }) visitedOn: string;
  @ApiProperty({ enum: VISIT_SITUATIONS }) situation: string;
  @ApiProperty({ nullable: true, type: String }) notes: string | null;
  @ApiProperty({ nullable: true, type: String }) concerns: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

/** The staff's view of an assignment. */
export class AssignmentResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ type: VolunteerResponseDto }) volunteer: VolunteerResponseDto;
  @ApiProperty() instructions: string;
  @ApiProperty({ format: 'date' }) startedOn: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) endedOn: string | null;
  @ApiProperty({ enum: ASSIGNMENT_STATUSES }) status: string;
  @ApiProperty({ type: [VisitResponseDto] }) visits: VisitResponseDto[];
  @ApiProperty() version: number;
}

export class AssignmentPageDto extends PaginatedDto(AssignmentResponseDto) {}

export class MonitoredPersonDto {
  @ApiProperty({ nullable: true, type: String, description: 'Only when the consent shares identity' }) name:
    string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Only when the consent shares contact' })
  address: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Only when the consent shares contact' }) phone:
    string | null;
}

/** The volunteer's view: only what monitoring needs — never the narrative or anyone's notes but theirs. */
export class VolunteerAssignmentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({
    enum: ['full', 'summary'],
    description: 'summary: the assignment ended or its consent was withdrawn',
  })
  access: string;
  @ApiProperty({ type: MonitoredPersonDto, nullable: true }) person: MonitoredPersonDto | null;
  @ApiProperty({ nullable: true, type: String }) instructions: string | null;
  @ApiProperty({ format: 'date' }) startedOn: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) endedOn: string | null;
  @ApiProperty({ enum: ASSIGNMENT_STATUSES }) status: string;
  @ApiProperty({ type: [VisitResponseDto], description: 'Your own visits' }) visits: VisitResponseDto[];
}

export class VolunteerAssignmentPageDto extends PaginatedDto(VolunteerAssignmentDto) {}
