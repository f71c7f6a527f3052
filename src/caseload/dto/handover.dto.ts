import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsOptional, IsUUID } from 'class-validator';
import { FormArray } from '../../platform/common/validation';
import { CsrfFormDto } from '../../web/forms';
import { HANDOVER_MAX_CASES } from '../caseload.constants';

/** Most counselors one handover shares the cases between. */
export const HANDOVER_MAX_TARGETS = 20;

/**
 * A caseload handover: the cases, shared round-robin between the target counselors in the order given
 * (one target: every case to them).
 */
export class HandoverDto {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    maxItems: HANDOVER_MAX_CASES,
    description: 'The cases to hand over',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(HANDOVER_MAX_CASES)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  caseIds: string[];

  @ApiProperty({
    type: [String],
    format: 'uuid',
    maxItems: HANDOVER_MAX_TARGETS,
    description: 'The counselors who take them over (active counselors), shared round-robin',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(HANDOVER_MAX_TARGETS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  toCounselorIds: string[];
}

/** The handover page's forms: choosing the cases and the targets, then confirming. */
export class HandoverFormDto extends CsrfFormDto {
  @FormArray()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(HANDOVER_MAX_CASES)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  caseIds: string[];

  @FormArray()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(HANDOVER_MAX_TARGETS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  toCounselorIds: string[];

  /** Whose caseload the page showed (to go back to it). */
  @IsOptional()
  @Transform(({ value }) => (value === '' ? undefined : value))
  @IsUUID('all')
  from?: string;

  /** Absent: show the plan to confirm; `yes`: hand over. */
  @IsOptional()
  @Transform(({ value }) => (value === '' ? undefined : value))
  @IsIn(['yes'])
  confirm?: string;
}

/** The handover page's choice of whose caseload to show. */
export class HandoverPageQueryDto {
  @IsOptional()
  @Transform(({ value }) => (value === '' ? undefined : value))
  @IsUUID('all')
  from?: string;
}

export class HandoverMoveDto {
  @ApiProperty() caseId: string;
  @ApiProperty() caseNumber: string;
  @ApiPropertyOptional({ type: String, nullable: true }) previousCounselorId: string | null;
  @ApiProperty() counselorId: string;
}

export class HandoverResultDto {
  @ApiProperty({ type: [HandoverMoveDto] }) moves: HandoverMoveDto[];
}
