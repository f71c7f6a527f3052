import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, MaxLength, Min } from 'class-validator';
import { PaginatedDto } from '../../../platform/common/pagination';
import { Optional } from '../../../platform/common/validation';
import { EmptyAsUndefined } from '../../../platform/common/validation';
import { IsCalendarDate } from '../../../web/input';
import { CsrfFormDto } from '../../../web/forms';
import { SERVICE_NOTES_MAX, SERVICE_STATUSES, SERVICE_TYPES } from '../support-service.constants';

const CHANGES = ['delivered', 'cancelled'] as const;

export class CreateSupportServiceDto {
  @ApiProperty({ enum: SERVICE_TYPES })
  @IsIn(SERVICE_TYPES)
  type: string;

  @ApiProperty({ example: '2026-01-20', description: 'YYYY-MM-DD' })
  @IsCalendarDate()
  plannedDate: string;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'Partner institution; null or absent = the centre itself',
  })
  @Optional({ nullable: true })
  @IsUUID('all')
  providerInstitutionId?: string | null;

  @ApiPropertyOptional({ maxLength: SERVICE_NOTES_MAX, description: 'Encrypted at rest' })
  @IsOptional()
  @IsString()
  @MaxLength(SERVICE_NOTES_MAX)
  notes?: string;
}

export class UpdateSupportServiceDto {
  @ApiProperty({
    description: 'The version read; a stale one gives 409 VERSION_CONFLICT',
    minimum: 1,
    type: 'integer',
  })
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional({
    enum: CHANGES,
    description:
      'From planned only; a delivered or cancelled service is final (409 CASE_SERVICE_STATUS_FINAL)',
  })
  @IsOptional()
  @IsIn(CHANGES)
  status?: string;

  @ApiPropertyOptional({
    example: '2026-01-20',
    description: 'With status delivered; default today; not in the future',
  })
  @IsOptional()
  @IsCalendarDate()
  deliveredAt?: string;

  @ApiPropertyOptional({
    maxLength: SERVICE_NOTES_MAX,
    nullable: true,
    type: String,
    description: 'null clears them',
  })
  @Optional({ nullable: true })
  @IsString()
  @MaxLength(SERVICE_NOTES_MAX)
  notes?: string | null;
}

export class SupportServiceResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ enum: SERVICE_TYPES }) type: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) providerInstitutionId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'null = the service centre' })
  providerInstitutionName: string | null;
  @ApiProperty({ enum: SERVICE_STATUSES }) status: string;
  @ApiProperty() plannedDate: string;
  @ApiProperty({ nullable: true, type: String }) deliveredAt: string | null;
  @ApiProperty({ nullable: true, type: String }) notes: string | null;
  @ApiProperty({ nullable: true, type: String }) createdByName: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ type: 'integer' }) version: number;
}

export class SupportServicePageDto extends PaginatedDto(SupportServiceResponseDto) {}

// ---- page forms

export class SupportServiceFormDto extends CsrfFormDto {
  @IsIn(SERVICE_TYPES)
  type: string;

  @IsCalendarDate()
  plannedDate: string;

  @EmptyAsUndefined()
  @IsOptional()
  @IsUUID('all')
  providerInstitutionId?: string;

  @EmptyAsUndefined()
  @IsOptional()
  @IsString()
  @MaxLength(SERVICE_NOTES_MAX)
  notes?: string;
}

export class SupportServiceUpdateFormDto extends CsrfFormDto {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version: number;

  @EmptyAsUndefined()
  @IsOptional()
  @IsIn(CHANGES)
  status?: string;

  @EmptyAsUndefined()
  @IsOptional()
  @IsCalendarDate()
  deliveredAt?: string;

  @EmptyAsUndefined()
  @IsOptional()
  @IsString()
  @MaxLength(SERVICE_NOTES_MAX)
  notes?: string;
}
