import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { QueryBoolean, QueryText } from '../../platform/common/pagination';
import { IsCalendarDate } from '../../web/input';
import {
  CASE_EXPORT_PERSONAL_FIELDS,
  CASE_EXPORT_REASONS,
  type ExportReason,
  type PersonalField,
} from '../case-export.service';
import { GROUPINGS, type Grouping } from '../statistics.service';
import { CODE_GROUPINGS, type CodeGrouping } from '../national-codes';
import {
  NATIONAL_EXPORT_PERSONAL_FIELDS,
  NATIONAL_EXPORT_REASONS,
  NATIONAL_MISSING,
  type NationalExportReason,
  type NationalPersonalField,
} from '../national-export.service';

export class StatisticsQueryDto {
  @ApiProperty({ format: 'date', description: 'First day of the period (date the complaint was received)' })
  @QueryText()
  @IsCalendarDate()
  from: string;

  @ApiProperty({ format: 'date', description: 'Last day of the period, inclusive' })
  @QueryText()
  @IsCalendarDate()
  to: string;

  @ApiPropertyOptional({ maxLength: 80 })
  @QueryText()
  @IsOptional()
  @IsString()
  @MaxLength(80)
  district?: string;

  @ApiPropertyOptional({ enum: GROUPINGS, default: 'simfoni' })
  @QueryText()
  @IsOptional()
  @IsIn(GROUPINGS)
  grouping?: Grouping;

  @ApiPropertyOptional({
    enum: CODE_GROUPINGS,
    default: 'lentera',
    description:
      "Codes of the SIMFONI-PPA tables: Lentera's own (default) or the national groups (README: National code lists)",
  })
  @QueryText()
  @IsOptional()
  @IsIn(CODE_GROUPINGS)
  codes?: CodeGrouping;

  @ApiPropertyOptional({
    type: Boolean,
    description:
      'External figures: only cases whose statistics consent is "included", small cells (1–4) shown as "<5" with complementary suppression',
  })
  @QueryBoolean()
  @IsOptional()
  @IsBoolean()
  external?: boolean;
}

export class StatisticsExportQueryDto extends StatisticsQueryDto {
  @ApiProperty({ enum: ['csv', 'xlsx'] })
  @QueryText()
  @IsIn(['csv', 'xlsx'])
  format: 'csv' | 'xlsx';

  @ApiPropertyOptional({ description: 'One table by its id (default: every table of the grouping)' })
  @QueryText()
  @IsOptional()
  @IsString()
  @MaxLength(80)
  table?: string;
}

export class PresentedRowDto {
  @ApiProperty({ description: "The row's code (a district or institution name for data rows)" }) key: string;
  @ApiProperty({ description: "The row in the caller's language (Accept-Language)" }) label: string;
  @ApiProperty({ type: 'array', items: { oneOf: [{ type: 'integer' }, { type: 'string' }] } })
  values: (number | string)[];
  @ApiProperty({ nullable: true, oneOf: [{ type: 'integer' }, { type: 'string' }] }) total:
    number | string | null;
}

export class PresentedTableDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: "The table's title in the caller's language" }) title: string;
  @ApiProperty({ description: "What the rows are, in the caller's language" }) rowHeader: string;
  @ApiProperty({ type: [String], description: "The columns' codes" }) columns: string[];
  @ApiProperty({ type: [String], description: "The columns in the caller's language" })
  columnLabels: string[];
  @ApiProperty({ type: [PresentedRowDto] }) rows: PresentedRowDto[];
  @ApiProperty({ nullable: true, type: 'array', items: { oneOf: [{ type: 'integer' }, { type: 'string' }] } })
  columnTotals: (number | string)[] | null;
  @ApiProperty({ nullable: true, oneOf: [{ type: 'integer' }, { type: 'string' }] }) grandTotal:
    number | string | null;
  @ApiProperty({ enum: ['both', 'columns', 'none'] }) totals: string;
  @ApiProperty() caseBased: boolean;
  @ApiProperty() suppressed: boolean;
}

export class StatisticsResponseDto {
  @ApiProperty({ enum: GROUPINGS }) grouping: string;
  @ApiProperty({ enum: CODE_GROUPINGS }) codes: string;
  @ApiProperty({ format: 'date' }) from: string;
  @ApiProperty({ format: 'date' }) to: string;
  @ApiProperty({ nullable: true, type: String }) district: string | null;
  @ApiProperty() external: boolean;
  @ApiProperty({ format: 'date-time' }) generatedAt: string;
  @ApiProperty({ type: [PresentedTableDto] }) tables: PresentedTableDto[];
}

export class DashboardQueryDto {
  @ApiProperty({ format: 'date' })
  @QueryText()
  @IsCalendarDate()
  from: string;

  @ApiProperty({ format: 'date' })
  @QueryText()
  @IsCalendarDate()
  to: string;

  @ApiPropertyOptional({ maxLength: 80 })
  @QueryText()
  @IsOptional()
  @IsString()
  @MaxLength(80)
  district?: string;
}

class StageCountDto {
  @ApiProperty() stage: string;
  @ApiProperty() count: number;
}
class MonthCountDto {
  @ApiProperty({ example: '2026-01' }) month: string;
  @ApiProperty() count: number;
}
class OverdueDto {
  @ApiProperty() referralAnswers: number;
  @ApiProperty() actionItems: number;
  @ApiProperty() shelterStays: number;
}
class OccupancyDto {
  @ApiProperty() name: string;
  @ApiProperty() capacity: number;
  @ApiProperty() occupied: number;
}
class MedianDto {
  @ApiProperty({ nullable: true, type: Number }) median: number | null;
  @ApiProperty() cases: number;
}
class InstitutionMedianDto {
  @ApiProperty() institution: string;
  @ApiProperty({ nullable: true, type: Number }) median: number | null;
  @ApiProperty() referrals: number;
}
export class DashboardResponseDto {
  @ApiProperty({ format: 'date' }) today: string;
  @ApiProperty({ type: [StageCountDto] }) openByStage: StageCountDto[];
  @ApiProperty({ type: [MonthCountDto] }) newPerMonth: MonthCountDto[];
  @ApiProperty({ type: OverdueDto }) overdue: OverdueDto;
  @ApiProperty({ type: [OccupancyDto] }) occupancy: OccupancyDto[];
  @ApiProperty({ type: MedianDto }) intakeToCounseling: MedianDto;
  @ApiProperty({ type: [InstitutionMedianDto] }) referralToAcceptance: InstitutionMedianDto[];
}

export class CaseExportDto {
  @ApiProperty({ format: 'date' })
  @IsCalendarDate()
  from: string;

  @ApiProperty({ format: 'date' })
  @IsCalendarDate()
  to: string;

  @ApiPropertyOptional({ maxLength: 80 })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  district?: string;

  @ApiPropertyOptional({
    enum: CASE_EXPORT_PERSONAL_FIELDS,
    isArray: true,
    description: 'Personal data to include, field by field (default none); needs a reason',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(CASE_EXPORT_PERSONAL_FIELDS.length)
  @IsIn(CASE_EXPORT_PERSONAL_FIELDS, { each: true })
  personalFields?: PersonalField[];

  @ApiPropertyOptional({ enum: CASE_EXPORT_REASONS, description: 'Required when personal fields are chosen' })
  @IsOptional()
  @IsIn(CASE_EXPORT_REASONS)
  reason?: ExportReason;

  @ApiProperty({ enum: ['csv', 'xlsx'] })
  @IsIn(['csv', 'xlsx'])
  format: 'csv' | 'xlsx';
}

export class ExportJobDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['running', 'done', 'failed'] }) status: 'running' | 'done' | 'failed';
  @ApiProperty({ description: 'Cases written so far' }) done: number;
  @ApiProperty({ description: 'Cases to write' }) total: number;
  @ApiProperty({ minimum: 0, maximum: 100 }) percent: number;
  @ApiProperty({ nullable: true, type: String, description: 'Error code when failed' }) code: string | null;
}

export class NationalExportDryRunDto {
  @ApiProperty({ format: 'date', description: 'First day of the period (date the complaint was received)' })
  @IsCalendarDate()
  from: string;

  @ApiProperty({ format: 'date', description: 'Last day of the period, inclusive' })
  @IsCalendarDate()
  to: string;
}

export class NationalExportDto extends NationalExportDryRunDto {
  @ApiProperty({ enum: ['csv', 'xlsx'] })
  @IsIn(['csv', 'xlsx'])
  format: 'csv' | 'xlsx';

  @ApiPropertyOptional({
    enum: NATIONAL_EXPORT_PERSONAL_FIELDS,
    isArray: true,
    description:
      'Personal data the national form asks for ("by name by address"), field by field (default none); needs the reason',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(NATIONAL_EXPORT_PERSONAL_FIELDS.length)
  @IsIn(NATIONAL_EXPORT_PERSONAL_FIELDS, { each: true })
  personalFields?: NationalPersonalField[];

  @ApiPropertyOptional({
    enum: NATIONAL_EXPORT_REASONS,
    description: 'Required when personal fields are chosen',
  })
  @IsOptional()
  @IsIn(NATIONAL_EXPORT_REASONS)
  reason?: NationalExportReason;
}

class NationalDryRunCaseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'The case number' }) number: string;
  @ApiProperty({ enum: NATIONAL_MISSING, isArray: true }) missing: string[];
  @ApiProperty({ type: [String], description: "What is missing, in the caller's language" })
  missingLabels: string[];
}

export class NationalExportDryRunResponseDto {
  @ApiProperty({ format: 'date' }) from: string;
  @ApiProperty({ format: 'date' }) to: string;
  @ApiProperty({ description: 'Consented cases of the period with nothing missing' }) complete: number;
  @ApiProperty({
    description:
      'regionCode is missing for every case until official region codes are recorded (issue 21 item 1)',
  })
  note: string;
  @ApiProperty({ type: [NationalDryRunCaseDto] }) cases: NationalDryRunCaseDto[];
}
