import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { DirParam, PageSizeParam, SortDirection, SortParam } from '../../../platform/common/list-sort';
import { DEFAULT_PAGE_SIZE, PageQueryDto, PaginatedDto } from '../../../platform/common/pagination';
import { SAFE_HOUSE_LIST_SORT } from '../safe-house-list-sort';
import { FormBoolean, Optional, Trim } from '../../../platform/common/validation';
import { CsrfFormDto, OptionalNotNull } from '../../../web/forms';
import { FormInt, EmptyAsUndefined } from '../../../platform/common/validation';
import { DISCHARGE_REASONS, MAX_CAPACITY, SHELTER_STAY_STATUSES } from '../shelter.constants';

// ---- safe houses (shelter.manage)

/** The safe-house list's query: page and order. */
export class SafeHouseListQueryDto extends PageQueryDto {
  @SortParam(SAFE_HOUSE_LIST_SORT) sort?: string;
  @DirParam() dir?: SortDirection;
}

/** The list page's query: the API's, with the page's choice of page sizes. */
export class SafeHouseListPageQueryDto extends SafeHouseListQueryDto {
  @PageSizeParam() override pageSize: number = DEFAULT_PAGE_SIZE;
}

export class CreateSafeHouseDto {
  @ApiProperty({
    minLength: 2,
    maxLength: 80,
    example: 'Rumah Melati',
    description: 'A code name, never the address',
  })
  @Trim()
  @IsString()
  @Length(2, 80)
  name: string;

  @ApiProperty({ minimum: 1, maximum: MAX_CAPACITY, type: 'integer' })
  @IsInt()
  @Min(1)
  @Max(MAX_CAPACITY)
  capacity: number;

  @ApiPropertyOptional({ maxLength: 300, description: "Encrypted under the safe house's own key" })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(300)
  address?: string;

  @ApiPropertyOptional({ default: true })
  @OptionalNotNull()
  @IsBoolean()
  isActive?: boolean;
}

export class UpdateSafeHouseDto {
  @ApiProperty({
    description: 'The version read; a stale one gives 409 VERSION_CONFLICT',
    minimum: 1,
    type: 'integer',
  })
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional({ minLength: 2, maxLength: 80 })
  @OptionalNotNull()
  @Trim()
  @IsString()
  @Length(2, 80)
  name?: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_CAPACITY,
    type: 'integer',
    description: 'Not below the places taken now (422 SAFE_HOUSE_CAPACITY_BELOW_OCCUPANCY)',
  })
  @OptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(MAX_CAPACITY)
  capacity?: number;

  @ApiPropertyOptional({ maxLength: 300, nullable: true, type: String, description: 'null clears it' })
  @Optional({ nullable: true })
  @Trim()
  @IsString()
  @MaxLength(300)
  address?: string | null;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsBoolean()
  isActive?: boolean;
}

export class SafeHouseResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: 'integer' }) capacity: number;
  @ApiProperty({ type: 'integer', description: 'Active stays now' }) occupied: number;
  @ApiProperty({ type: 'integer' }) free: number;
  @ApiProperty() isActive: boolean;
  @ApiProperty({ nullable: true, type: String }) address: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ type: 'integer', description: 'Send it back when changing the safe house' }) version: number;
}

export class SafeHousePageDto extends PaginatedDto(SafeHouseResponseDto) {}

// ---- stays

export class DischargeShelterStayDto {
  @ApiProperty({ enum: DISCHARGE_REASONS })
  @IsIn(DISCHARGE_REASONS)
  reason: string;

  @ApiProperty({
    description: 'The stay version read; a stale one gives 409 VERSION_CONFLICT',
    minimum: 1,
    type: 'integer',
  })
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional({ maxLength: 2000, description: 'Recorded, encrypted, in the case history' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class ShelterStayResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ format: 'uuid' }) safeHouseId: string;
  @ApiProperty({ description: 'The code name' }) safeHouseName: string;
  @ApiProperty({ enum: SHELTER_STAY_STATUSES }) status: string;
  @ApiProperty({ format: 'date-time' }) admittedAt: string;
  @ApiProperty({ type: 'integer' }) plannedDays: number;
  @ApiProperty({ example: '2026-01-29' }) plannedUntil: string;
  @ApiProperty({ description: 'Still admitted after the planned date' }) overdue: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) dischargedAt: string | null;
  @ApiProperty({ nullable: true, enum: DISCHARGE_REASONS, type: String }) dischargeReason: string | null;
  @ApiProperty({ nullable: true, type: String }) admittedByName: string | null;
  @ApiProperty({ type: 'integer' }) version: number;
}

export class ShelterStayPageDto extends PaginatedDto(ShelterStayResponseDto) {}

// ---- occupancy

export class OccupancyHouseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: 'integer' }) capacity: number;
  @ApiProperty({ type: 'integer' }) occupied: number;
  @ApiProperty({ type: 'integer' }) free: number;
  @ApiProperty() isActive: boolean;
}

export class OccupancyStayDto {
  @ApiProperty({ format: 'uuid' }) stayId: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty() caseNumber: string;
  @ApiProperty({ format: 'uuid' }) safeHouseId: string;
  @ApiProperty() safeHouseName: string;
  @ApiProperty({ format: 'date-time' }) admittedAt: string;
  @ApiProperty() plannedUntil: string;
  @ApiProperty() overdue: boolean;
  @ApiProperty({ type: 'integer', description: 'Days past the planned date (0 when not overdue)' })
  daysOverdue: number;
}

export class OccupancyTotalsDto {
  @ApiProperty({ type: 'integer' }) capacity: number;
  @ApiProperty({ type: 'integer' }) occupied: number;
  @ApiProperty({ type: 'integer' }) free: number;
}

export class OccupancyDto {
  @ApiProperty({
    type: [OccupancyHouseDto],
    description: 'Active safe houses, and inactive ones still occupied',
  })
  houses: OccupancyHouseDto[];
  @ApiProperty({
    type: [OccupancyStayDto],
    description: "Active stays of the cases the caller works on; case numbers only, never the victim's name",
  })
  stays: OccupancyStayDto[];
  @ApiProperty({ type: OccupancyTotalsDto, description: 'Over the active safe houses' })
  totals: OccupancyTotalsDto;
  @ApiProperty({ example: '2026-01-15' }) today: string;
}

// ---- page forms

export class SafeHouseFormDto extends CsrfFormDto {
  @Trim()
  @IsString()
  @Length(2, 80)
  name: string;

  @FormInt()
  @IsInt()
  @Min(1)
  @Max(MAX_CAPACITY)
  capacity: number;

  @EmptyAsUndefined()
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(300)
  address?: string;

  @FormBoolean()
  @IsOptional()
  @IsBoolean()
  isActive?: boolean;
}

export class SafeHouseEditFormDto extends SafeHouseFormDto {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version: number;
}

export class DischargeFormDto extends CsrfFormDto {
  @IsIn(DISCHARGE_REASONS)
  reason: string;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  version: number;

  @EmptyAsUndefined()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}
