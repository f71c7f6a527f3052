import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
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
import { PARTNERSHIP_LIST_SORT } from '../partnership-list-sort';
import {
  EmptyAsNull,
  EmptyAsUndefined,
  FormArray,
  IsDateOnly,
  Trim,
} from '../../../platform/common/validation';
import { CsrfFormDto, OptionalNotNull } from '../../../web/forms';
import { InstitutionRefDto } from '../../referral/dto/consent.dto';
import { TEXT_MAX } from '../../referral/referral.constants';
import {
  AGREEMENT_STATUSES,
  AgreementStatus,
  GOALS_MAX,
  PARTNERSHIP_SERVICES,
  PartnershipService,
  RECOVERY_PLAN_STATUSES,
  RECOVERY_SERVICE_STATUSES,
  RecoveryServiceStatus,
} from '../partnership.constants';

export class AgreementListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @QueryText()
  @IsOptional()
  @IsUUID('all')
  institutionId?: string;

  @ApiPropertyOptional({ enum: AGREEMENT_STATUSES })
  @QueryText()
  @IsOptional()
  @IsIn(AGREEMENT_STATUSES)
  status?: AgreementStatus;

  @ApiPropertyOptional({ enum: PARTNERSHIP_SERVICES })
  @QueryText()
  @IsOptional()
  @IsIn(PARTNERSHIP_SERVICES)
  service?: PartnershipService;

  @ApiPropertyOptional({ type: Boolean, description: 'true: in force today' })
  @QueryBoolean()
  @IsOptional()
  @IsBoolean()
  inForce?: boolean;

  @SortParam(PARTNERSHIP_LIST_SORT) sort?: string;
  @DirParam() dir?: SortDirection;
}

/** The list page's query: the API's, with the page's choice of page sizes. */
export class AgreementListPageQueryDto extends AgreementListQueryDto {
  @PageSizeParam() override pageSize: number = DEFAULT_PAGE_SIZE;
}

export class CreateAgreementDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  institutionId: string;

  @ApiProperty({ maxLength: 80, example: '463/15/PKS/2025' })
  @Trim()
  @Length(1, 80)
  @IsString()
  number: string;

  @ApiProperty({ maxLength: 200 })
  @Trim()
  @Length(3, 200)
  @IsString()
  title: string;

  @ApiProperty({ format: 'date' })
  @IsDateOnly()
  signedOn: string;

  @ApiProperty({ format: 'date' })
  @IsDateOnly()
  validFrom: string;

  @ApiPropertyOptional({ format: 'date', nullable: true, type: String })
  @IsOptional()
  @IsDateOnly()
  validUntil?: string | null;

  @ApiProperty({ enum: PARTNERSHIP_SERVICES, isArray: true })
  @IsIn(PARTNERSHIP_SERVICES, { each: true })
  @ArrayUnique()
  @ArrayMinSize(1)
  @ArrayMaxSize(PARTNERSHIP_SERVICES.length)
  @IsArray()
  services: PartnershipService[];

  @ApiPropertyOptional({ enum: AGREEMENT_STATUSES, default: 'active' })
  @IsOptional()
  @IsIn(AGREEMENT_STATUSES)
  status?: AgreementStatus;

  @ApiPropertyOptional({ maxLength: TEXT_MAX, nullable: true, type: String })
  @IsOptional()
  @MaxLength(TEXT_MAX)
  @IsString()
  notes?: string | null;
}

export class UpdateAgreementDto {
  @ApiProperty({ minimum: 1 })
  @Min(1)
  @IsInt()
  version: number;

  @ApiPropertyOptional({ maxLength: 200 })
  @Trim()
  @OptionalNotNull()
  @Length(3, 200)
  @IsString()
  title?: string;

  @ApiPropertyOptional({ format: 'date' })
  @OptionalNotNull()
  @IsDateOnly()
  validFrom?: string;

  @ApiPropertyOptional({ format: 'date', nullable: true, type: String })
  @IsOptional()
  @IsDateOnly()
  validUntil?: string | null;

  @ApiPropertyOptional({ enum: PARTNERSHIP_SERVICES, isArray: true })
  @OptionalNotNull()
  @IsIn(PARTNERSHIP_SERVICES, { each: true })
  @ArrayUnique()
  @ArrayMinSize(1)
  @IsArray()
  services?: PartnershipService[];

  @ApiPropertyOptional({ enum: AGREEMENT_STATUSES })
  @OptionalNotNull()
  @IsIn(AGREEMENT_STATUSES)
  status?: AgreementStatus;

  @ApiPropertyOptional({ maxLength: TEXT_MAX, nullable: true, type: String })
  @IsOptional()
  @MaxLength(TEXT_MAX)
  @IsString()
  notes?: string | null;
}

export class AgreementFormDto extends CsrfFormDto {
  @IsUUID('all')
  institutionId: string;

  @Trim()
  @Length(1, 80)
  @IsString()
  number: string;

  @Trim()
  @Length(3, 200)
  @IsString()
  title: string;

  @IsDateOnly()
  signedOn: string;

  @IsDateOnly()
  validFrom: string;

  @EmptyAsNull()
  @IsOptional()
  @IsDateOnly()
  validUntil?: string | null;

  @FormArray()
  @IsIn(PARTNERSHIP_SERVICES, { each: true })
  @ArrayUnique()
  @ArrayMinSize(1)
  @IsArray()
  services: PartnershipService[];

  @IsIn(AGREEMENT_STATUSES)
  status: AgreementStatus;

  @EmptyAsNull()
  @IsOptional()
  @MaxLength(TEXT_MAX)
  @IsString()
  notes?: string | null;

  @EmptyAsUndefined()
  @Type(() => Number)
  @IsOptional()
  @Min(1)
  @IsInt()
  version?: number;
}

export class AgreementResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: InstitutionRefDto }) institution: InstitutionRefDto;
  @ApiProperty() number: string;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'date' }) signedOn: string;
  @ApiProperty({ format: 'date' }) validFrom: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) validUntil: string | null;
  @ApiProperty({ enum: PARTNERSHIP_SERVICES, isArray: true }) services: string[];
  @ApiProperty({ enum: AGREEMENT_STATUSES }) status: string;
  @ApiProperty({ description: 'Active and within its dates today' }) inForce: boolean;
  @ApiProperty({ nullable: true, type: String }) notes: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty() version: number;
}

export class AgreementPageDto extends PaginatedDto(AgreementResponseDto) {}

// ---- recovery plan -----------------------------------------------------------------------------

export class CreateRecoveryPlanDto {
  @ApiProperty({ type: [String], description: 'Goals of recovery and reintegration' })
  @Trim()
  @Length(3, 500, { each: true })
  @IsString({ each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(GOALS_MAX)
  @IsArray()
  goals: string[];
}

export class UpdateRecoveryPlanDto extends CreateRecoveryPlanDto {
  @ApiProperty({ minimum: 1 })
  @Min(1)
  @IsInt()
  version: number;
}

export class AddRecoveryServiceDto {
  @ApiProperty({ format: 'uuid', description: 'A partnership agreement in force that offers the service' })
  @IsUUID('all')
  agreementId: string;

  @ApiProperty({ enum: PARTNERSHIP_SERVICES })
  @IsIn(PARTNERSHIP_SERVICES)
  service: PartnershipService;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsDateOnly()
  startedOn?: string;

  @ApiPropertyOptional({ maxLength: TEXT_MAX })
  @Trim()
  @IsOptional()
  @MaxLength(TEXT_MAX)
  @IsString()
  notes?: string;
}

export class RecoveryServiceStatusDto {
  @ApiProperty({ minimum: 1 })
  @Min(1)
  @IsInt()
  version: number;

  @ApiProperty({ enum: RECOVERY_SERVICE_STATUSES })
  @IsIn(RECOVERY_SERVICE_STATUSES)
  status: RecoveryServiceStatus;

  @ApiPropertyOptional({ maxLength: TEXT_MAX })
  @Trim()
  @IsOptional()
  @MaxLength(TEXT_MAX)
  @IsString()
  notes?: string;
}

export class RecoveryNoteDto {
  @ApiProperty({ format: 'date' })
  @IsDateOnly()
  notedOn: string;

  @ApiProperty({ minLength: 3, maxLength: TEXT_MAX })
  @Trim()
  @Length(3, TEXT_MAX)
  @IsString()
  note: string;
}

export class CompleteRecoveryPlanDto {
  @ApiProperty({ minimum: 1 })
  @Min(1)
  @IsInt()
  version: number;

  @ApiPropertyOptional({ maxLength: TEXT_MAX })
  @Trim()
  @IsOptional()
  @MaxLength(TEXT_MAX)
  @IsString()
  note?: string;
}

// page forms
export class RecoveryPlanFormDto extends CsrfFormDto {
  @Trim()
  @Length(3, 10000)
  @IsString()
  goals: string;

  @EmptyAsUndefined()
  @Type(() => Number)
  @IsOptional()
  @Min(1)
  @IsInt()
  version?: number;
}

export class RecoveryServiceFormDto extends CsrfFormDto {
  @IsUUID('all')
  agreementId: string;

  @IsIn(PARTNERSHIP_SERVICES)
  service: PartnershipService;

  @EmptyAsUndefined()
  @IsOptional()
  @IsDateOnly()
  startedOn?: string;

  @Trim()
  @EmptyAsUndefined()
  @IsOptional()
  @MaxLength(TEXT_MAX)
  @IsString()
  notes?: string;
}

export class RecoveryServiceStatusFormDto extends CsrfFormDto {
  @Type(() => Number)
  @Min(1)
  @IsInt()
  version: number;

  @IsIn(RECOVERY_SERVICE_STATUSES)
  status: RecoveryServiceStatus;
}

export class RecoveryNoteFormDto extends CsrfFormDto {
  @IsDateOnly()
  notedOn: string;

  @Trim()
  @Length(3, TEXT_MAX)
  @IsString()
  note: string;
}

export class CompleteRecoveryPlanFormDto extends CsrfFormDto {
  @Type(() => Number)
  @Min(1)
  @IsInt()
  version: number;

  @Trim()
  @EmptyAsUndefined()
  @IsOptional()
  @MaxLength(TEXT_MAX)
  @IsString()
  note?: string;
}

export class RecoveryServiceResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) agreementId: string;
  @ApiProperty() agreementNumber: string;
  @ApiProperty({ type: InstitutionRefDto }) institution: InstitutionRefDto;
  @ApiProperty({ enum: PARTNERSHIP_SERVICES }) service: string;
  @ApiProperty({ enum: RECOVERY_SERVICE_STATUSES }) status: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) startedOn: string | null;
  @ApiProperty({ nullable: true, type: String }) notes: string | null;
  @ApiProperty({ enum: RECOVERY_SERVICE_STATUSES, isArray: true }) next: string[];
  @ApiProperty() version: number;
}

export class RecoveryNoteResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date' }) notedOn: string;
  @ApiProperty() note: string;
  @ApiProperty({ nullable: true, type: String }) author: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class RecoveryPlanResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ type: [String] }) goals: string[];
  @ApiProperty({ enum: RECOVERY_PLAN_STATUSES }) status: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) completedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) completionNote: string | null;
  @ApiProperty({ type: [RecoveryServiceResponseDto] }) services: RecoveryServiceResponseDto[];
  @ApiProperty({ type: [RecoveryNoteResponseDto] }) notes: RecoveryNoteResponseDto[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty() version: number;
}
