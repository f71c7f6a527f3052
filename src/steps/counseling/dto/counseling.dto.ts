import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { RISK_LEVELS } from '../../../case/case.constants';
import { PaginatedDto } from '../../../platform/common/pagination';
import { FormArray, FormBoolean, Trim } from '../../../platform/common/validation';
import { CsrfFormDto } from '../../../web/forms';
import { FormInt, EmptyAsUndefined } from '../../../platform/common/validation';
import { IsCalendarDate } from '../../../web/input';
import { NOTES_MAX, RISK_FACTORS, SAFETY_PLAN_MAX } from '../counseling.constants';

// ---- requests (JSON API)

export class CreateCounselingSessionDto {
  @ApiProperty({ example: '2026-01-14', description: 'YYYY-MM-DD, not in the future' })
  @IsCalendarDate()
  heldAt: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 720, type: 'integer' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(720)
  durationMinutes?: number;

  @ApiPropertyOptional({ maxLength: NOTES_MAX, description: 'Encrypted at rest' })
  @IsOptional()
  @IsString()
  @MaxLength(NOTES_MAX)
  notes?: string;
}

export class CreateRiskAssessmentDto {
  @ApiProperty({ example: '2026-01-14', description: 'YYYY-MM-DD, not in the future' })
  @IsCalendarDate()
  assessedAt: string;

  @ApiProperty({ description: "Whether the victim's life is threatened (needed for shelter admission)" })
  @IsBoolean()
  threatToLife: boolean;

  @ApiProperty({ enum: RISK_LEVELS })
  @IsIn(RISK_LEVELS)
  riskLevel: string;

  @ApiProperty({ enum: RISK_FACTORS, isArray: true })
  @IsArray()
  @ArrayMaxSize(RISK_FACTORS.length)
  @ArrayUnique()
  @IsIn(RISK_FACTORS, { each: true })
  factors: string[];

  @ApiPropertyOptional({ maxLength: NOTES_MAX, description: 'Encrypted at rest' })
  @IsOptional()
  @IsString()
  @MaxLength(NOTES_MAX)
  notes?: string;
}

export class UpdateSafetyPlanDto {
  @ApiProperty({ minLength: 1, maxLength: SAFETY_PLAN_MAX, description: 'Encrypted at rest' })
  @Trim()
  @IsString()
  @Length(1, SAFETY_PLAN_MAX)
  plan: string;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'The plan version read (0 when there was none); another gives 409 VERSION_CONFLICT',
  })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  version: number;
}

// ---- page forms

export class CounselingSessionFormDto extends CsrfFormDto {
  @IsCalendarDate()
  heldAt: string;

  @FormInt()
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(720)
  durationMinutes?: number;

  @EmptyAsUndefined()
  @IsOptional()
  @IsString()
  @MaxLength(NOTES_MAX)
  notes?: string;
}

export class RiskAssessmentFormDto extends CsrfFormDto {
  @IsCalendarDate()
  assessedAt: string;

  /** An unticked checkbox is not sent at all. */
  @FormBoolean()
  @IsOptional()
  @IsBoolean()
  threatToLife?: boolean;

  @IsIn(RISK_LEVELS)
  riskLevel: string;

  @FormArray()
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(RISK_FACTORS.length)
  @ArrayUnique()
  @IsIn(RISK_FACTORS, { each: true })
  factors?: string[];

  @EmptyAsUndefined()
  @IsOptional()
  @IsString()
  @MaxLength(NOTES_MAX)
  notes?: string;
}

export class SafetyPlanFormDto extends CsrfFormDto {
  @Trim()
  @IsString()
  @Length(1, SAFETY_PLAN_MAX)
  plan: string;

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  version: number;
}

// ---- responses

export class CounselingSessionResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ example: '2026-01-14' }) heldAt: string;
  @ApiProperty() counselorId: string;
  @ApiProperty({ nullable: true, type: String }) counselorName: string | null;
  @ApiProperty({ nullable: true, type: 'integer' }) durationMinutes: number | null;
  @ApiProperty({ nullable: true, type: String }) notes: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class CounselingSessionPageDto extends PaginatedDto(CounselingSessionResponseDto) {}

export class RiskAssessmentResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ example: '2026-01-14' }) assessedAt: string;
  @ApiProperty() assessorId: string;
  @ApiProperty({ nullable: true, type: String }) assessorName: string | null;
  @ApiProperty() threatToLife: boolean;
  @ApiProperty({ enum: RISK_LEVELS }) riskLevel: string;
  @ApiProperty({ enum: RISK_FACTORS, isArray: true }) factors: string[];
  @ApiProperty({ nullable: true, type: String }) notes: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ description: 'Whether this is the case’s current (latest) assessment' }) latest: boolean;
}

export class RiskAssessmentPageDto extends PaginatedDto(RiskAssessmentResponseDto) {}

export class SafetyPlanResponseDto {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ type: 'integer', description: '0 when the case has no plan yet; send it back when saving' })
  version: number;
  @ApiProperty({ nullable: true, type: String }) plan: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) createdAt: string | null;
  @ApiProperty({ nullable: true, type: String }) authorId: string | null;
  @ApiProperty({ nullable: true, type: String }) authorName: string | null;
}
