import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, MaxLength, Min } from 'class-validator';
import { PageQueryDto, PaginatedDto, QueryBoolean, QueryText } from '../../common/pagination';
import { FormBoolean, Trim } from '../../common/validation';
import { Institution, INSTITUTION_TYPES, InstitutionType } from '../institution.entity';
import { CsrfFormDto, OptionalNotNull } from './admin-http';

export class InstitutionListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: INSTITUTION_TYPES })
  @QueryText()
  @IsOptional()
  @IsIn(INSTITUTION_TYPES)
  type?: InstitutionType;

  @ApiPropertyOptional({ type: Boolean, description: 'true: active only; false: inactive only' })
  @QueryBoolean()
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ maxLength: 100, description: 'Part of the name (case-insensitive)' })
  @QueryText()
  @IsOptional()
  @MaxLength(100)
  @IsString()
  q?: string;
}

export class CreateInstitutionDto {
  @ApiProperty({ minLength: 2, maxLength: 200, example: 'RSUD Kota — Pusat Krisis Terpadu' })
  @Trim()
  @Length(2, 200)
  @IsString()
  name: string;

  @ApiProperty({ enum: INSTITUTION_TYPES })
  @IsIn(INSTITUTION_TYPES)
  type: InstitutionType;

  @ApiPropertyOptional({ default: true })
  @OptionalNotNull()
  @IsBoolean()
  isActive?: boolean;
}

export class UpdateInstitutionDto {
  @ApiProperty({ description: 'The version read; a stale one gives 409 VERSION_CONFLICT', minimum: 1 })
  @Min(1)
  @IsInt()
  version: number;

  @ApiPropertyOptional({ minLength: 2, maxLength: 200 })
  @Trim()
  @OptionalNotNull()
  @Length(2, 200)
  @IsString()
  name?: string;

  @ApiPropertyOptional({ enum: INSTITUTION_TYPES })
  @OptionalNotNull()
  @IsIn(INSTITUTION_TYPES)
  type?: InstitutionType;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsBoolean()
  isActive?: boolean;
}

/** The create form (`/admin/institutions/new`). An unticked checkbox is not sent at all. */
export class InstitutionFormDto extends CsrfFormDto {
  @Trim()
  @Length(2, 200)
  @IsString()
  name: string;

  @IsIn(INSTITUTION_TYPES)
  type: InstitutionType;

  @FormBoolean()
  @IsOptional()
  @IsBoolean()
  isActive?: boolean;
}

/** The edit form (`/admin/institutions/:id`). */
export class InstitutionEditFormDto extends InstitutionFormDto {
  @Type(() => Number)
  @Min(1)
  @IsInt()
  version: number;
}

export class InstitutionResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: INSTITUTION_TYPES }) type: string;
  @ApiProperty() isActive: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ description: 'Send it back when changing the record (optimistic locking)' }) version: number;
}

export class InstitutionPageDto extends PaginatedDto(InstitutionResponseDto) {}

export function toInstitutionResponse(i: Institution): InstitutionResponseDto {
  return {
    id: i.id,
    name: i.name,
    type: i.type,
    isActive: i.isActive,
    createdAt: new Date(i.createdAt).toISOString(),
    updatedAt: new Date(i.updatedAt).toISOString(),
    version: i.version,
  };
}
