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
  IsUUID,
  Length,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { HttpStatus } from '@nestjs/common';
import { AppException, ErrorCode } from '../../../platform/common/app.exception';
import {
  EmptyAsNull,
  EmptyAsUndefined,
  FormArray,
  FormBoolean,
  FormInt,
  IsDateOnly,
  Trim,
} from '../../../platform/common/validation';
import { CsrfFormDto } from '../../../web/forms';
import { SERVICE_ROLES, ServiceRole } from '../../../institutions/service-roles';
import {
  CONSENT_GIVERS,
  CONSENT_METHODS,
  ConsentGiver,
  ConsentMethod,
  DATA_CATEGORIES,
  DataCategory,
  TEXT_MAX,
} from '../referral.constants';

export class ConsentScopeDto {
  @ApiProperty({
    enum: SERVICE_ROLES,
    isArray: true,
    description: 'Service roles it covers (any institution providing them)',
  })
  @IsIn(SERVICE_ROLES, { each: true })
  @ArrayUnique()
  @ArrayMaxSize(SERVICE_ROLES.length)
  @IsArray()
  serviceRoles: ServiceRole[];

  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: 'Institutions it covers (for any service role)',
  })
  @IsUUID('all', { each: true })
  @ArrayUnique()
  @ArrayMaxSize(50)
  @IsArray()
  institutionIds: string[];

  @ApiProperty({ enum: DATA_CATEGORIES, isArray: true, description: 'Data categories that may be shared' })
  @IsIn(DATA_CATEGORIES, { each: true })
  @ArrayUnique()
  @ArrayMaxSize(DATA_CATEGORIES.length)
  @IsArray()
  categories: DataCategory[];

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, description: 'Last day it holds' })
  @IsOptional()
  @IsDateOnly()
  expiresOn?: string | null;
}

export class RecordConsentDto extends ConsentScopeDto {
  @ApiProperty({ enum: CONSENT_GIVERS, description: 'For a child: parent or guardian' })
  @IsIn(CONSENT_GIVERS)
  givenBy: ConsentGiver;

  @ApiPropertyOptional({
    maxLength: 120,
    nullable: true,
    type: String,
    description: "Parent's or guardian's name",
  })
  @Trim()
  @IsOptional()
  @Length(1, 120)
  @IsString()
  giverName?: string | null;

  @ApiProperty({ format: 'date' })
  @IsDateOnly()
  givenOn: string;

  @ApiProperty({
    enum: CONSENT_METHODS,
    description: 'signed_form: upload the scan next (POST /api/consents/{id}/scan)',
  })
  @IsIn(CONSENT_METHODS)
  method: ConsentMethod;

  @ApiPropertyOptional({
    maxLength: 120,
    nullable: true,
    type: String,
    description: 'Verbal consent: the witness',
  })
  @Trim()
  @IsOptional()
  @Length(1, 120)
  @IsString()
  witnessName?: string | null;
}

export class ConsentOverrideDto extends ConsentScopeDto {
  @ApiProperty({
    minLength: 10,
    maxLength: TEXT_MAX,
    description: 'Why the child is in danger and cannot wait for consent',
  })
  @Trim()
  @Length(10, TEXT_MAX)
  @IsString()
  reason: string;
}

export class WithdrawConsentDto {
  @ApiProperty({ minimum: 1 })
  @Min(1)
  @IsInt()
  version: number;

  @ApiPropertyOptional({ maxLength: TEXT_MAX })
  @Trim()
  @IsOptional()
  @MaxLength(TEXT_MAX)
  @IsString()
  reason?: string;
}

export class StatisticsConsentDto {
  @ApiProperty({ description: 'Count the case in the anonymous statistics' })
  @IsBoolean()
  included: boolean;

  @ApiProperty({ minimum: 0, description: 'The version read (0 when never recorded)' })
  @Min(0)
  @IsInt()
  version: number;
}

// ---- page forms (multipart for the consent with its scan) -------------------------------------

class ConsentScopeFormDto extends CsrfFormDto {
  @FormArray()
  @IsIn(SERVICE_ROLES, { each: true })
  @ArrayUnique()
  @IsArray()
  serviceRoles: ServiceRole[];

  @FormArray()
  @IsUUID('all', { each: true })
  @ArrayUnique()
  @ArrayMaxSize(50)
  @IsArray()
  institutionIds: string[];

  @FormArray()
  @IsIn(DATA_CATEGORIES, { each: true })
  @ArrayUnique()
  @IsArray()
  categories: DataCategory[];

  @EmptyAsNull()
  @IsOptional()
  @IsDateOnly()
  expiresOn?: string | null;
}

export class ConsentFormDto extends ConsentScopeFormDto {
  @IsIn(CONSENT_GIVERS)
  givenBy: ConsentGiver;

  @Trim()
  @EmptyAsNull()
  @IsOptional()
  @Length(1, 120)
  @IsString()
  giverName?: string | null;

  @IsDateOnly()
  givenOn: string;

  @IsIn(CONSENT_METHODS)
  method: ConsentMethod;

  @Trim()
  @EmptyAsNull()
  @IsOptional()
  @Length(1, 120)
  @IsString()
  witnessName?: string | null;
}

/** Withdraw one part of a consent: exactly one of a service role or an institution. */
export class WithdrawConsentPartDto extends WithdrawConsentDto {
  @ApiPropertyOptional({
    enum: SERVICE_ROLES,
    description: 'The service role withdrawn (or `institutionId`)',
  })
  @ValidateIf((o: WithdrawConsentPartDto) => o.institutionId === undefined)
  @IsIn(SERVICE_ROLES)
  serviceRole?: ServiceRole;

  @ApiPropertyOptional({ format: 'uuid', description: 'The institution withdrawn (or `serviceRole`)' })
  @ValidateIf((o: WithdrawConsentPartDto) => o.serviceRole === undefined)
  @IsUUID('all')
  institutionId?: string;
}

export class ConsentOverrideFormDto extends ConsentScopeFormDto {
  @Trim()
  @Length(10, TEXT_MAX)
  @IsString()
  reason: string;
}

/**
 * The part of a consent a request names: exactly one of a service role or an institution (neither is
 * refused by the DTO's rules, both here).
 */
export function consentPartOf(dto: {
  serviceRole?: ServiceRole;
  institutionId?: string;
}): { serviceRole: ServiceRole } | { institutionId: string } {
  if (dto.serviceRole !== undefined && dto.institutionId !== undefined)
    throw new AppException(ErrorCode.ValidationFailed, HttpStatus.BAD_REQUEST, {}, [
      { field: 'institutionId', rule: 'consentPartOne' },
    ]);
  return dto.serviceRole !== undefined
    ? { serviceRole: dto.serviceRole }
    : { institutionId: dto.institutionId! };
}

/** The confirmation page's form: the part named by `serviceRole` or `institutionId`, and a reason. */
export class WithdrawConsentPartFormDto extends CsrfFormDto {
  @Type(() => Number)
  @Min(1)
  @IsInt()
  version: number;

  @EmptyAsUndefined()
  @ValidateIf((o: WithdrawConsentPartFormDto) => o.institutionId === undefined)
  @IsIn(SERVICE_ROLES)
  serviceRole?: ServiceRole;

  @EmptyAsUndefined()
  @ValidateIf((o: WithdrawConsentPartFormDto) => o.serviceRole === undefined)
  @IsUUID('all')
  institutionId?: string;

  @Trim()
  @EmptyAsUndefined()
  @IsOptional()
  @MaxLength(TEXT_MAX)
  @IsString()
  reason?: string;
}

/** The confirmation page's query: which part. */
export class WithdrawConsentPartQueryDto {
  @EmptyAsUndefined()
  @ValidateIf((o: WithdrawConsentPartQueryDto) => o.institutionId === undefined)
  @IsIn(SERVICE_ROLES)
  serviceRole?: ServiceRole;

  @EmptyAsUndefined()
  @ValidateIf((o: WithdrawConsentPartQueryDto) => o.serviceRole === undefined)
  @IsUUID('all')
  institutionId?: string;
}

export class WithdrawConsentFormDto extends CsrfFormDto {
  @Type(() => Number)
  @Min(1)
  @IsInt()
  version: number;

  @Trim()
  @EmptyAsUndefined()
  @IsOptional()
  @MaxLength(TEXT_MAX)
  @IsString()
  reason?: string;
}

export class StatisticsConsentFormDto extends CsrfFormDto {
  @FormBoolean()
  @IsBoolean()
  included: boolean;

  @FormInt()
  @Min(0)
  @IsInt()
  version: number;
}

// ---- responses ------------------------------------------------------------------------------

export class InstitutionRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

export class WithdrawnConsentPartDto {
  @ApiPropertyOptional({ enum: SERVICE_ROLES }) serviceRole?: string;
  @ApiPropertyOptional({ type: InstitutionRefDto }) institution?: InstitutionRefDto;
  @ApiProperty({ format: 'date-time' }) at: string;
}

export class ConsentResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ enum: ['consent', 'override'] }) kind: string;
  @ApiProperty({ enum: CONSENT_GIVERS, nullable: true, type: String }) givenBy: string | null;
  @ApiProperty({ nullable: true, type: String }) giverName: string | null;
  @ApiProperty({ format: 'date' }) givenOn: string;
  @ApiProperty({ enum: CONSENT_METHODS, nullable: true, type: String }) method: string | null;
  @ApiProperty({ nullable: true, type: String }) witnessName: string | null;
  @ApiProperty({ description: 'A signed form has its scan uploaded' }) hasScan: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'Override: the written reason' }) overrideReason:
    string | null;
  @ApiProperty({ enum: SERVICE_ROLES, isArray: true }) serviceRoles: string[];
  @ApiProperty({ type: [InstitutionRefDto] }) institutions: InstitutionRefDto[];
  @ApiProperty({ enum: DATA_CATEGORIES, isArray: true }) categories: string[];
  @ApiProperty({ format: 'date', nullable: true, type: String }) expiresOn: string | null;
  @ApiProperty({ enum: ['active', 'withdrawn'] }) status: string;
  @ApiProperty({
    description: 'Active, not expired and (signed form) with its scan: referrals may rely on it',
  })
  effective: boolean;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) withdrawnAt: string | null;
  @ApiProperty({ nullable: true, type: String }) withdrawalReason: string | null;
  @ApiProperty({
    type: [WithdrawnConsentPartDto],
    description: 'Service roles and institutions withdrawn one by one (the scope above is what still holds)',
  })
  withdrawnParts: WithdrawnConsentPartDto[];
  @ApiProperty({ nullable: true, type: String }) recordedBy: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty() version: number;
}

export class StatisticsConsentResponseDto {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ nullable: true, type: Boolean, description: 'null: not asked yet' }) included:
    boolean | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) recordedAt: string | null;
  @ApiProperty({ description: '0 when never recorded' }) version: number;
}

export class CaseConsentDto {
  @ApiProperty({ type: [ConsentResponseDto] }) consents: ConsentResponseDto[];
  @ApiProperty({ type: StatisticsConsentResponseDto }) statistics: StatisticsConsentResponseDto;
}
