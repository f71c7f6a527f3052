import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, MaxLength, Min } from 'class-validator';
import { EmptyAsUndefined, FormInt, Trim } from '../../platform/common/validation';
import { CsrfFormDto } from '../../web/forms';
import { IsCalendarDate } from '../../web/input';
import { FOLLOW_UP_STATUSES, FOLLOW_UP_TEXT_MAX } from '../tasks.constants';

/** A counselor schedules a follow-up on a case: the day, what to do, with whom. */
export class CreateFollowUpDto {
  @ApiProperty({ example: '2026-12-14', description: 'YYYY-MM-DD: the day it is due (today or later)' })
  @IsCalendarDate()
  dueOn: string;

  @ApiProperty({ minLength: 3, maxLength: FOLLOW_UP_TEXT_MAX, description: 'What to do' })
  @Trim()
  @IsString()
  @Length(3, FOLLOW_UP_TEXT_MAX)
  what: string;

  @ApiPropertyOptional({ maxLength: FOLLOW_UP_TEXT_MAX, description: 'With whom' })
  @Trim()
  @EmptyAsUndefined()
  @IsOptional()
  @IsString()
  @MaxLength(FOLLOW_UP_TEXT_MAX)
  withWhom?: string;
}

/** Completing a follow-up: the version read, and optionally what came of it. */
export class CompleteFollowUpDto {
  @ApiProperty({ minimum: 1, type: 'integer', description: 'The version read (409 when stale)' })
  @FormInt()
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional({ maxLength: FOLLOW_UP_TEXT_MAX, description: 'What came of it' })
  @Trim()
  @EmptyAsUndefined()
  @IsOptional()
  @IsString()
  @MaxLength(FOLLOW_UP_TEXT_MAX)
  outcome?: string;
}

export class CreateFollowUpFormDto extends CsrfFormDto {
  @IsCalendarDate() dueOn: string;
  @Trim() @IsString() @Length(3, FOLLOW_UP_TEXT_MAX) what: string;
  @Trim() @EmptyAsUndefined() @IsOptional() @IsString() @MaxLength(FOLLOW_UP_TEXT_MAX) withWhom?: string;
}

export class CompleteFollowUpFormDto extends CsrfFormDto {
  @FormInt() @IsInt() @Min(1) version: number;
  @Trim() @EmptyAsUndefined() @IsOptional() @IsString() @MaxLength(FOLLOW_UP_TEXT_MAX) outcome?: string;
}

export class FollowUpDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ example: '2026-12-14' }) dueOn: string;
  @ApiProperty({ description: 'Staff text about the case' }) what: string;
  @ApiProperty({ type: String, nullable: true }) withWhom: string | null;
  @ApiProperty({ enum: FOLLOW_UP_STATUSES }) status: string;
  @ApiProperty() ownerId: string;
  @ApiProperty() ownerName: string;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ type: String, nullable: true, example: '2026-12-14' }) doneOn: string | null;
  @ApiProperty({ type: String, nullable: true }) doneByName: string | null;
  @ApiProperty({ type: String, nullable: true }) outcome: string | null;
  @ApiProperty({ description: 'Send it back to complete the follow-up' }) version: number;
  @ApiProperty({ description: 'Due before today and not done' }) overdue: boolean;
}

export class FollowUpListDto {
  @ApiProperty({ type: FollowUpDto, isArray: true, description: 'The case’s follow-ups, latest due first' })
  items: FollowUpDto[];
}
