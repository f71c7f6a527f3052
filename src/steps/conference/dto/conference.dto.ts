import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
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
  MaxLength,
  Min,
} from 'class-validator';
import { PaginatedDto } from '../../../platform/common/pagination';
import { NestedArray, NestedObject, Trim } from '../../../platform/common/validation';
import { IsCalendarDate } from '../../../web/input';
import { CsrfFormDto } from '../../../web/forms';
import {
  ACTION_ITEM_STATUSES,
  MAX_ACTION_ITEMS,
  MAX_ATTENDEES,
  MAX_DECISIONS,
} from '../conference.constants';

export const AGENDA_MAX = 5_000;
export const MINUTES_MAX = 20_000;
export const DECISION_MAX = 2_000;
export const ACTION_MAX = 1_000;
export const OTHER_NAME_MAX = 150;

// ---- requests

export class AttendeesInputDto {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: 'Staff users present',
    maxItems: MAX_ATTENDEES,
  })
  @IsArray()
  @ArrayMaxSize(MAX_ATTENDEES)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  staffUserIds: string[];

  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: 'Partner institutions represented',
    maxItems: MAX_ATTENDEES,
  })
  @IsArray()
  @ArrayMaxSize(MAX_ATTENDEES)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  institutionIds: string[];

  @ApiProperty({
    type: [String],
    description: 'Names of other attendees (encrypted)',
    maxItems: MAX_ATTENDEES,
  })
  @IsArray()
  @ArrayMaxSize(MAX_ATTENDEES)
  @IsString({ each: true })
  @Length(1, OTHER_NAME_MAX, { each: true })
  others: string[];
}

export class ActionItemInputDto {
  @ApiProperty({ minLength: 1, maxLength: ACTION_MAX })
  @Trim()
  @IsString()
  @Length(1, ACTION_MAX)
  description: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A staff user responsible (may then update the item)' })
  @IsOptional()
  @IsUUID('all')
  ownerUserId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A partner institution responsible' })
  @IsOptional()
  @IsUUID('all')
  ownerInstitutionId?: string;

  @ApiProperty({ example: '2026-02-01', description: 'YYYY-MM-DD, not before the conference' })
  @IsCalendarDate()
  dueDate: string;
}

export class CreateConferenceDto {
  @ApiProperty({ example: '2026-01-15', description: 'YYYY-MM-DD, not in the future' })
  @IsCalendarDate()
  heldAt: string;

  @ApiProperty({ type: AttendeesInputDto })
  @NestedObject(() => AttendeesInputDto)
  attendees: AttendeesInputDto;

  @ApiPropertyOptional({ maxLength: AGENDA_MAX })
  @IsOptional()
  @IsString()
  @MaxLength(AGENDA_MAX)
  agenda?: string;

  @ApiPropertyOptional({ maxLength: MINUTES_MAX })
  @IsOptional()
  @IsString()
  @MaxLength(MINUTES_MAX)
  minutes?: string;

  @ApiProperty({ type: [String], maxItems: MAX_DECISIONS })
  @IsArray()
  @ArrayMaxSize(MAX_DECISIONS)
  @IsString({ each: true })
  @Length(1, DECISION_MAX, { each: true })
  decisions: string[];

  @ApiProperty({ type: [ActionItemInputDto], maxItems: MAX_ACTION_ITEMS })
  @ArrayMaxSize(MAX_ACTION_ITEMS)
  @NestedArray(() => ActionItemInputDto)
  actionItems: ActionItemInputDto[];
}

export class UpdateActionItemDto {
  @ApiProperty({ enum: ACTION_ITEM_STATUSES })
  @IsIn(ACTION_ITEM_STATUSES)
  status: string;

  @ApiProperty({
    description: 'The version read; a stale one gives 409 VERSION_CONFLICT',
    minimum: 1,
    type: 'integer',
  })
  @IsInt()
  @Min(1)
  version: number;
}

export class ActionItemFormDto extends CsrfFormDto {
  @IsIn(ACTION_ITEM_STATUSES)
  status: string;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  version: number;
}

// ---- responses

export class NamedRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ nullable: true, type: String }) name: string | null;
}

export class AttendeesDto {
  @ApiProperty({ type: [NamedRefDto] }) staff: NamedRefDto[];
  @ApiProperty({ type: [NamedRefDto] }) institutions: NamedRefDto[];
  @ApiProperty({ type: [String] }) others: string[];
}

export class ActionItemResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) conferenceId: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ nullable: true, type: String }) ownerUserId: string | null;
  @ApiProperty({ nullable: true, type: String }) ownerUserName: string | null;
  @ApiProperty({ nullable: true, type: String }) ownerInstitutionId: string | null;
  @ApiProperty({ nullable: true, type: String }) ownerInstitutionName: string | null;
  @ApiProperty() dueDate: string;
  @ApiProperty({ enum: ACTION_ITEM_STATUSES }) status: string;
  @ApiProperty({ description: 'Open after its due date' }) overdue: boolean;
  @ApiProperty({ type: 'integer' }) version: number;
}

export class ConferenceResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty() heldAt: string;
  @ApiProperty({ type: AttendeesDto }) attendees: AttendeesDto;
  @ApiProperty({ nullable: true, type: String }) agenda: string | null;
  @ApiProperty({ nullable: true, type: String }) minutes: string | null;
  @ApiProperty({ type: [String] }) decisions: string[];
  @ApiProperty({ type: [ActionItemResponseDto] }) actionItems: ActionItemResponseDto[];
  @ApiProperty({ nullable: true, type: String }) createdByName: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class ConferencePageDto extends PaginatedDto(ConferenceResponseDto) {}
