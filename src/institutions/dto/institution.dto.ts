import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDateString,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  Min,
} from 'class-validator';
import { DirParam, PageSizeParam, SortDirection, SortParam } from '../../platform/common/list-sort';
import {
  PageQueryDto,
  PaginatedDto,
  QueryBoolean,
  QueryText,
  DEFAULT_PAGE_SIZE,
} from '../../platform/common/pagination';
import { INSTITUTION_LIST_SORT } from '../institution-list-sort';
import { FormArray, FormBoolean, Trim } from '../../platform/common/validation';
import { Institution, INSTITUTION_TYPES, InstitutionType } from '../institution.entity';
import { SERVICE_ROLES, ServiceRole } from '../service-roles';
import { CsrfFormDto, OptionalNotNull } from '../../web/forms';

/** A calendar date `YYYY-MM-DD` that exists. */
function IsCalendarDate() {
  return applyDecorators(
    Matches(/^\d{4}-\d{2}-\d{2}$/),
    IsDateString({ strict: true, strictSeparator: true }),
  );
}

/** Form field: an empty text means "none" (null). */
const EmptyAsNull = () =>
  Transform(({ value }) => (typeof value === 'string' && value.trim() === '' ? null : value));

export const PHONE_PATTERN = /^[+0-9][0-9 ()-]{3,38}$/;

/** Contacts, service roles and active period: the same on the API and the forms. */
class InstitutionPartnerFieldsDto {
  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 40, example: '024-8318066' })
  @EmptyAsNull()
  @IsOptional()
  @Matches(PHONE_PATTERN)
  @MaxLength(40)
  @IsString()
  phone?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 120, example: 'ppa@polrestabes.example' })
  @EmptyAsNull()
  @IsOptional()
  @IsEmail()
  @MaxLength(120)
  @IsString()
  email?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    maxLength: 300,
    description: "The institution's office address",
  })
  @Trim()
  @EmptyAsNull()
  @IsOptional()
  @MaxLength(300)
  @IsString()
  address?: string | null;

  @ApiPropertyOptional({ enum: SERVICE_ROLES, isArray: true, description: 'The service roles it provides' })
  @OptionalNotNull()
  @IsIn(SERVICE_ROLES, { each: true })
  @ArrayUnique()
  @ArrayMaxSize(SERVICE_ROLES.length)
  @IsArray()
  serviceRoles?: ServiceRole[];

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    format: 'date',
    description: 'First day as a partner (YYYY-MM-DD)',
  })
  @EmptyAsNull()
  @IsOptional()
  @IsCalendarDate()
  activeFrom?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    format: 'date',
    description: 'Last day as a partner (YYYY-MM-DD)',
  })
  @EmptyAsNull()
  @IsOptional()
  @IsCalendarDate()
  activeUntil?: string | null;
}

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

  @SortParam(INSTITUTION_LIST_SORT) sort?: string;
  @DirParam() dir?: SortDirection;
}

/** The list page's query: the API's, with the page's choice of page sizes. */
export class InstitutionListPageQueryDto extends InstitutionListQueryDto {
  @PageSizeParam() override pageSize: number = DEFAULT_PAGE_SIZE;
}

export class CreateInstitutionDto extends InstitutionPartnerFieldsDto {
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

export class UpdateInstitutionDto extends InstitutionPartnerFieldsDto {
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
  @EmptyAsNull()
  @IsOptional()
  @Matches(PHONE_PATTERN)
  @MaxLength(40)
  @IsString()
  phone?: string | null;

  @EmptyAsNull()
  @IsOptional()
  @IsEmail()
  @MaxLength(120)
  @IsString()
  email?: string | null;

  @Trim()
  @EmptyAsNull()
  @IsOptional()
  @MaxLength(300)
  @IsString()
  address?: string | null;

  @FormArray()
  @IsIn(SERVICE_ROLES, { each: true })
  @ArrayUnique()
  @ArrayMaxSize(SERVICE_ROLES.length)
  @IsArray()
  serviceRoles: ServiceRole[];

  @EmptyAsNull()
  @IsOptional()
  @IsCalendarDate()
  activeFrom?: string | null;

  @EmptyAsNull()
  @IsOptional()
  @IsCalendarDate()
  activeUntil?: string | null;

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
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty({ nullable: true, type: String }) address: string | null;
  @ApiProperty({ enum: SERVICE_ROLES, isArray: true }) serviceRoles: string[];
  @ApiProperty({ nullable: true, type: String, format: 'date' }) activeFrom: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) activeUntil: string | null;
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
    phone: i.phone ?? null,
    email: i.email ?? null,
    address: i.address ?? null,
    serviceRoles: i.serviceRoles ?? [],
    activeFrom: i.activeFrom ?? null,
    activeUntil: i.activeUntil ?? null,
    createdAt: new Date(i.createdAt).toISOString(),
    updatedAt: new Date(i.updatedAt).toISOString(),
    version: i.version,
  };
}
