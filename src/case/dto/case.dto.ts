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
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { DirParam, SortDirection, SortParam } from '../../platform/common/list-sort';
import { PageQueryDto, PaginatedDto } from '../../platform/common/pagination';
import { CASE_LIST_SORT } from '../case-list-sort';
import { COUNSELOR_LIST_SORT } from '../counselor-list-sort';
import { NestedArray, NestedObject, Trim } from '../../platform/common/validation';
import { OptionalNotNull } from '../../web/forms';
import {
  CLOSURE_REASONS,
  COMPLAINT_CHANNELS,
  DISABILITIES,
  EDUCATION_LEVELS,
  GBV_CORE_TYPES,
  MARITAL_STATUSES,
  OCCUPATIONS,
  PLACE_TYPES,
  RELATIONSHIPS,
  REPORTER_RELATIONSHIPS,
  RISK_LEVELS,
  SAFE_TO_CALL,
  SEXES,
  VIOLENCE_TYPES,
} from '../case.constants';
import { CASE_STAGES, TRANSITION_NAMES } from '../workflow/case-workflow';
import { READER_KINDS } from '../disclosure/disclosure.rules';

const PHONE_SAFE_DESCRIPTION =
  "Whether a call-back on the victim's phone is safe (the perpetrator may hold or hear it): yes, no or unknown";
const DANGER_DESCRIPTION = 'Whether the victim was in immediate danger when the complaint was received';

export const DATE_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const DATE_MESSAGE = { message: 'must be a date YYYY-MM-DD' };

export class VictimInputDto {
  @ApiProperty({ maxLength: 150 }) @Trim() @IsString() @Length(1, 150) fullName: string;
  @ApiPropertyOptional({ description: 'NIK: 16 digits' })
  @IsOptional()
  @Trim()
  @Matches(/^\d{16}$/)
  nik?: string;
  @ApiProperty({ enum: SEXES }) @IsIn(SEXES) sex: string;
  @ApiPropertyOptional({ example: '2010-04-01' })
  @IsOptional()
  @Matches(DATE_PATTERN, DATE_MESSAGE)
  birthDate?: string;
  @ApiPropertyOptional({ description: 'When the date of birth is unknown' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(120)
  estimatedAge?: number;
  @ApiPropertyOptional({ maxLength: 300 }) @IsOptional() @Trim() @IsString() @MaxLength(300) address?: string;
  @ApiPropertyOptional({ maxLength: 80 }) @IsOptional() @Trim() @IsString() @MaxLength(80) district?: string;
  @ApiPropertyOptional() @IsOptional() @Trim() @Matches(/^\+?[0-9 ()-]{6,20}$/) phone?: string;
  @ApiPropertyOptional({ enum: SAFE_TO_CALL, description: PHONE_SAFE_DESCRIPTION })
  @IsOptional()
  @IsIn(SAFE_TO_CALL)
  phoneSafeToCall?: string;
  @ApiPropertyOptional({ enum: EDUCATION_LEVELS }) @IsOptional() @IsIn(EDUCATION_LEVELS) education?: string;
  @ApiPropertyOptional({ enum: OCCUPATIONS }) @IsOptional() @IsIn(OCCUPATIONS) occupation?: string;
  @ApiPropertyOptional({ enum: MARITAL_STATUSES })
  @IsOptional()
  @IsIn(MARITAL_STATUSES)
  maritalStatus?: string;
  @ApiPropertyOptional({ enum: DISABILITIES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(DISABILITIES.length)
  @ArrayUnique()
  @IsIn(DISABILITIES, { each: true })
  disabilities?: string[];
  @ApiPropertyOptional({ description: 'ISO 3166 alpha-3, default IDN' })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/)
  nationality?: string;
}

export class ReporterInputDto {
  @ApiProperty({ enum: REPORTER_RELATIONSHIPS }) @IsIn(REPORTER_RELATIONSHIPS) relationship: string;
  @ApiPropertyOptional() @IsOptional() @Trim() @IsString() @MaxLength(150) name?: string;
  @ApiPropertyOptional() @IsOptional() @Trim() @Matches(/^\+?[0-9 ()-]{6,20}$/) phone?: string;
  @ApiPropertyOptional() @IsOptional() @Trim() @IsString() @MaxLength(300) address?: string;
}

export class PerpetratorInputDto {
  @ApiPropertyOptional({ enum: SEXES }) @IsOptional() @IsIn(SEXES) sex?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(120) age?: number;
  @ApiProperty({ enum: RELATIONSHIPS }) @IsIn(RELATIONSHIPS) relationship: string;
  @ApiPropertyOptional() @IsOptional() @Trim() @IsString() @MaxLength(150) name?: string;
}

export class IncidentInputDto {
  @ApiPropertyOptional() @IsOptional() @Matches(DATE_PATTERN, DATE_MESSAGE) date?: string;
  @ApiPropertyOptional({ description: 'End of the period, when it went on over time' })
  @IsOptional()
  @Matches(DATE_PATTERN, DATE_MESSAGE)
  dateEnd?: string;
  @ApiPropertyOptional({ example: '21:30' })
  @IsOptional()
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/)
  time?: string;
  @ApiProperty({ enum: PLACE_TYPES }) @IsIn(PLACE_TYPES) placeType: string;
  @ApiPropertyOptional() @IsOptional() @Trim() @IsString() @MaxLength(300) location?: string;
  @ApiProperty({ enum: VIOLENCE_TYPES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(VIOLENCE_TYPES.length)
  @ArrayUnique()
  @IsIn(VIOLENCE_TYPES, { each: true })
  violenceTypes: string[];
  @ApiPropertyOptional({
    enum: GBV_CORE_TYPES,
    isArray: true,
    description: 'GBVIMS types that apply; the core type is the first in decision order',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(GBV_CORE_TYPES.length)
  @ArrayUnique()
  @IsIn(GBV_CORE_TYPES, { each: true })
  gbvApplies?: string[];
  @ApiPropertyOptional({ description: 'As the victim told it' })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  narrative?: string;
}

export class CreateCaseDto {
  @ApiProperty({ enum: COMPLAINT_CHANNELS }) @IsIn(COMPLAINT_CHANNELS) channel: string;
  @ApiProperty({ example: '2026-03-01' }) @Matches(DATE_PATTERN, DATE_MESSAGE) receivedAt: string;
  @ApiPropertyOptional({ description: 'When the complaint was referred by an institution' })
  @IsOptional()
  @IsUUID('all')
  referringInstitutionId?: string;
  @ApiPropertyOptional({
    description:
      'Attach the complaint to an earlier record of the same victim: a `matchToken` from `POST /api/cases/duplicate-check` ' +
      'of this session, within its validity, used once, with the identifier it matched (NIK, or name and birth date) typed in `victim`. ' +
      'The victim typed here is kept as this intake typed it; nothing of the earlier record is shown.',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{16,64}$/)
  matchToken?: string;
  @ApiProperty({ type: VictimInputDto, description: 'The victim as told at this intake' })
  @NestedObject(() => VictimInputDto)
  victim: VictimInputDto;
  @ApiPropertyOptional({ type: ReporterInputDto, description: 'Absent when the victim reported' })
  @IsOptional()
  @NestedObject(() => ReporterInputDto)
  reporter?: ReporterInputDto;
  @ApiProperty({ type: [PerpetratorInputDto] })
  @ArrayMaxSize(20)
  @NestedArray(() => PerpetratorInputDto)
  perpetrators: PerpetratorInputDto[];
  @ApiProperty({ type: IncidentInputDto })
  @NestedObject(() => IncidentInputDto)
  incident: IncidentInputDto;
  @ApiPropertyOptional({ description: DANGER_DESCRIPTION })
  @IsOptional()
  @IsBoolean()
  immediateDanger?: boolean;
}

/** The victim as the quick intake records her: who she is, and how to call her back safely. */
export class QuickVictimInputDto {
  @ApiProperty({ maxLength: 150, description: 'Her name, or only her initials' })
  @Trim()
  @IsString()
  @Length(1, 150)
  fullName: string;
  @ApiProperty({ enum: SEXES }) @IsIn(SEXES) sex: string;
  @ApiPropertyOptional({ description: 'Her age (estimated); or `birthYear`' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(120)
  estimatedAge?: number;
  @ApiPropertyOptional({ description: 'Her birth year, when she gives that instead of an age' })
  @IsOptional()
  @IsInt()
  @Min(1900)
  @Max(2100)
  birthYear?: number;
  @ApiPropertyOptional({ description: 'A phone for a safe call-back' })
  @IsOptional()
  @Trim()
  @Matches(/^\+?[0-9 ()-]{6,20}$/)
  phone?: string;
  @ApiPropertyOptional({ enum: SAFE_TO_CALL, description: PHONE_SAFE_DESCRIPTION })
  @IsOptional()
  @IsIn(SAFE_TO_CALL)
  phoneSafeToCall?: string;
}

/**
 * `POST /api/cases/quick`: the minimum a front desk needs to open a case safely for a crisis walk-in;
 * the rest (identity, reporter, perpetrators, place and account of the incident) is completed later
 * by a correction (`PATCH /api/cases/{id}`). No duplicate check: the victim is registered as new.
 */
export class QuickCaseDto {
  @ApiProperty({ enum: COMPLAINT_CHANNELS }) @IsIn(COMPLAINT_CHANNELS) channel: string;
  @ApiProperty({ example: '2026-03-01' }) @Matches(DATE_PATTERN, DATE_MESSAGE) receivedAt: string;
  @ApiPropertyOptional({ description: 'When the complaint was referred by an institution' })
  @IsOptional()
  @IsUUID('all')
  referringInstitutionId?: string;
  @ApiProperty({ type: QuickVictimInputDto })
  @NestedObject(() => QuickVictimInputDto)
  victim: QuickVictimInputDto;
  @ApiProperty({ enum: VIOLENCE_TYPES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(VIOLENCE_TYPES.length)
  @ArrayUnique()
  @IsIn(VIOLENCE_TYPES, { each: true })
  violenceTypes: string[];
  @ApiProperty({ description: DANGER_DESCRIPTION }) @IsBoolean() immediateDanger: boolean;
}

export class DuplicateCheckDto {
  @ApiPropertyOptional() @IsOptional() @Trim() @Matches(/^\d{16}$/) nik?: string;
  @ApiPropertyOptional() @IsOptional() @Trim() @IsString() @Length(1, 150) fullName?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(DATE_PATTERN, DATE_MESSAGE) birthDate?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1900) @Max(2100) birthYear?: number;
}

/** A possible earlier record: never the victim's id, only a single-use token to attach a complaint to her. */
export class DuplicateMatchDto {
  @ApiProperty({
    description:
      'Single-use, valid 30 minutes, for this session and the identifiers checked: send it as `matchToken` with the intake',
  })
  matchToken: string;
  @ApiProperty() caseNumber: string;
  @ApiProperty() initials: string;
  @ApiProperty() intakeDate: string;
  @ApiProperty({ enum: ['nik', 'name_birth_year'] }) matchedBy: string;
}

export class CaseListQueryDto {
  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  page?: number;
  @ApiPropertyOptional({ default: 25, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize?: number;
  @ApiPropertyOptional({
    enum: [...CASE_STAGES, 'in_service'],
    description: "in_service: sheltered or in support (the front desk's neutral stage)",
  })
  @IsOptional()
  @IsIn([...CASE_STAGES, 'in_service'])
  stage?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID('all') counselorId?: string;
  @ApiPropertyOptional({ enum: RISK_LEVELS }) @IsOptional() @IsIn(RISK_LEVELS) risk?: string;
  @ApiPropertyOptional({ enum: ['true', 'false'] }) @IsOptional() @IsIn(['true', 'false']) child?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(DATE_PATTERN, DATE_MESSAGE) from?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(DATE_PATTERN, DATE_MESSAGE) to?: string;
  @ApiPropertyOptional({ description: 'Case number (or part of it)' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(40)
  number?: string;
  @ApiPropertyOptional({
    description:
      'Only my cases: assigned to me (counselor) or registered by me (front desk); none for other roles',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  mine?: string;
  @ApiPropertyOptional({
    description:
      'Only cases carrying an active flag of this kind (one of the settings’ `flagKinds`; another value: 400, field `flag`). ' +
      "Case workers only: a counselor's filter keeps to the cases assigned to them; the front desk: 400 FILTER_NOT_AVAILABLE",
    maxLength: 60,
  })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  flag?: string;
  /** Who may order by what: see caseSortColumnsFor (stage, risk and child: the coordinator only). */
  @SortParam(CASE_LIST_SORT) sort?: string;
  @DirParam() dir?: SortDirection;
}

export class AssignableCounselorDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'Display name' }) name: string;
}

export class AssignableCounselorPageDto extends PaginatedDto(AssignableCounselorDto) {}

/** The assignable counselors' query: page and order. */
export class CounselorListQueryDto extends PageQueryDto {
  @SortParam(COUNSELOR_LIST_SORT) sort?: string;
  @DirParam() dir?: SortDirection;
}

export class AssignCounselorDto {
  @ApiProperty() @IsUUID('all') counselorId: string;
  @ApiProperty() @IsInt() @Min(1) version: number;
}

export class TransitionDto {
  @ApiProperty({ enum: TRANSITION_NAMES }) @IsIn(TRANSITION_NAMES) transition: string;
  @ApiProperty({ description: 'The case version the caller saw' }) @IsInt() @Min(1) version: number;
  @ApiPropertyOptional({ description: 'Required to reopen; recorded in the history' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(2000)
  reason?: string;
  @ApiPropertyOptional({ enum: CLOSURE_REASONS }) @IsOptional() @IsIn(CLOSURE_REASONS) closureReason?: string;
  @ApiPropertyOptional({ description: 'admit_to_shelter: the safe house' })
  @IsOptional()
  @IsUUID('all')
  safeHouseId?: string;
  @ApiPropertyOptional({ description: 'admit_to_shelter: planned length in days' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  plannedDays?: number;
}

export class TransitionReasonDto {
  @ApiProperty() code: string;
  @ApiProperty() message: string;
}

export class TransitionOptionDto {
  @ApiProperty({ enum: TRANSITION_NAMES }) transition: string;
  @ApiProperty({ enum: CASE_STAGES }) to: string;
  @ApiProperty() allowed: boolean;
  @ApiProperty({ type: [TransitionReasonDto] }) reasons: TransitionReasonDto[];
}

export class TransitionOptionsDto {
  @ApiProperty() caseId: string;
  @ApiProperty({
    enum: [...CASE_STAGES, 'in_service'],
    description: 'As the caller may see it (see CaseSummaryDto.stage)',
  })
  stage: string;
  @ApiProperty() version: number;
  @ApiProperty({ type: [TransitionOptionDto] }) transitions: TransitionOptionDto[];
}

export class CaseSummaryDto {
  @ApiProperty() id: string;
  @ApiProperty() number: string;
  @ApiProperty({
    enum: [...CASE_STAGES, 'in_service'],
    description:
      "in_service: 'sheltered' or 'in_support' as shown to a reader who may not know of a shelter stay (the front desk)",
  })
  stage: string;
  @ApiProperty() version: number;
  @ApiProperty() receivedAt: string;
  @ApiProperty() channel: string;
  @ApiProperty({ description: "The victim's initials ('—' when the caller may not see even those)" })
  victimInitials: string;
  @ApiProperty({ nullable: true, type: Boolean, description: 'Null when the caller may not see it' })
  isChild: boolean | null;
  @ApiProperty({ nullable: true, type: String }) riskLevel: string | null;
  @ApiProperty({ nullable: true, type: String }) assignedCounselorId: string | null;
  @ApiProperty({ nullable: true, type: String }) assignedCounselorName: string | null;
  @ApiProperty({ type: [String] }) violenceTypes: string[];
  @ApiProperty({ nullable: true, type: String }) district: string | null;
  @ApiProperty({
    type: [String],
    description:
      "The case's active flags (their kinds, oldest first, then by kind): shown to coordinators and the assigned counselor only, empty for others",
  })
  flags: string[];
}

export class CaseListDto {
  @ApiProperty({ type: [CaseSummaryDto] }) items: CaseSummaryDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

/**
 * The victim as the caller may see her: coordinators and the assigned counselor her current record,
 * the front desk who registered the case what was typed at its intake, others less (null fields).
 */
export class VictimDto {
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Only for coordinators and the assigned counselor',
  })
  id: string | null;
  @ApiProperty({ nullable: true, type: String }) fullName: string | null;
  @ApiProperty() initials: string;
  @ApiProperty({ nullable: true, type: String }) nik: string | null;
  @ApiProperty({ nullable: true, type: String }) sex: string | null;
  @ApiProperty({ nullable: true, type: String }) birthDate: string | null;
  @ApiProperty({ nullable: true, type: Number }) estimatedAge: number | null;
  @ApiProperty({ nullable: true, type: String }) address: string | null;
  @ApiProperty({ nullable: true, type: String }) district: string | null;
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    enum: SAFE_TO_CALL,
    description: 'Whether a call-back on the phone is safe; shown with the phone',
  })
  phoneSafeToCall: string | null;
  @ApiProperty({ nullable: true, type: String }) education: string | null;
  @ApiProperty({ nullable: true, type: String }) occupation: string | null;
  @ApiProperty({ nullable: true, type: String }) maritalStatus: string | null;
  @ApiProperty({ type: [String] }) disabilities: string[];
  @ApiProperty({ nullable: true, type: String }) nationality: string | null;
}

export class VictimCaseRefDto {
  @ApiProperty() id: string;
  @ApiProperty() number: string;
  @ApiProperty() receivedAt: string;
  @ApiProperty() stage: string;
}

export class PerpetratorDto {
  @ApiProperty({ nullable: true, type: String }) sex: string | null;
  @ApiProperty({ nullable: true, type: Number }) age: number | null;
  @ApiProperty() relationship: string;
  @ApiProperty({ nullable: true, type: String }) name: string | null;
}

/** The incident as the caller may see it (null and empty fields for what they may not). */
export class IncidentDto {
  @ApiProperty({ nullable: true, type: String }) date: string | null;
  @ApiProperty({ nullable: true, type: String }) dateEnd: string | null;
  @ApiProperty({ nullable: true, type: String }) time: string | null;
  @ApiProperty({ nullable: true, type: String }) placeType: string | null;
  @ApiProperty({ type: [String] }) violenceTypes: string[];
  @ApiProperty({ type: [String] }) gbvApplies: string[];
  @ApiProperty({ nullable: true, type: String }) gbvCoreType: string | null;
  @ApiProperty({ nullable: true, type: String }) location: string | null;
  @ApiProperty({ nullable: true, type: String }) narrative: string | null;
}

export class CaseDetailDto extends CaseSummaryDto {
  @ApiProperty({
    enum: READER_KINDS,
    description: 'How the caller reads this case (who sees what: README, "Who sees what")',
  })
  readerKind: string;
  @ApiProperty({ nullable: true, type: String }) referringInstitutionId: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    enum: ['quick'],
    description:
      'quick: registered by the quick intake, the rest to be completed by a correction; null: the full intake',
  })
  intakeMode: string | null;
  @ApiProperty({
    nullable: true,
    type: Boolean,
    description: `${DANGER_DESCRIPTION} (null when not asked, or when the caller may not see it)`,
  })
  immediateDanger: boolean | null;
  @ApiProperty() registeredById: string;
  @ApiProperty() registeredAt: string;
  @ApiProperty({
    description: 'True once the retention period ended and the personal data was erased (npm run purge)',
  })
  erased: boolean;
  @ApiProperty({ type: VictimDto }) victim: VictimDto;
  @ApiProperty({
    type: [VictimCaseRefDto],
    description: "The victim's other cases: coordinators only (empty for everyone else)",
  })
  victimCases: VictimCaseRefDto[];
  @ApiProperty({
    nullable: true,
    type: String,
    description:
      'Who reported, when not the victim (null: the victim herself); `not_recorded`: registered by the quick intake, who reported not recorded yet',
  })
  reporterRelationship: string | null;
  @ApiProperty({ nullable: true, type: Object }) reporter: Record<string, unknown> | null;
  @ApiProperty({ type: [PerpetratorDto] }) perpetrators: PerpetratorDto[];
  @ApiProperty({ type: () => IncidentDto }) incident: IncidentDto;
  @ApiProperty({ nullable: true, type: Number }) victimAge: number | null;
  @ApiProperty({ nullable: true, type: String }) closureReason: string | null;
  @ApiProperty({ nullable: true, type: String }) closedAt: string | null;
  @ApiProperty() eventCount: number;
}

export class CaseEventDto {
  @ApiProperty() seq: number;
  @ApiProperty() type: string;
  @ApiProperty() at: string;
  @ApiProperty({ nullable: true, type: String }) actorName: string | null;
  @ApiProperty() actorRoles: string;
  @ApiProperty({ nullable: true, type: String }) actorInstitutionId: string | null;
  @ApiProperty({ description: 'Readable summary in the caller language' }) summary: string;
  @ApiProperty({ type: Object }) summaryArgs: Record<string, unknown>;
  @ApiProperty() hash: string;
}

export class CaseEventPageDto extends PaginatedDto(CaseEventDto) {}

export class ChainVerificationDto {
  @ApiProperty() ok: boolean;
  @ApiProperty({ description: 'Events found, recomputed from the stored events' }) eventCount: number;
  @ApiProperty({ nullable: true, type: String, description: 'Only when the history verifies' })
  headHash: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Only when the history verifies' })
  verificationCode: string | null;
  @ApiProperty({ nullable: true, type: Number }) brokenAtSeq: number | null;
  @ApiProperty({
    nullable: true,
    type: String,
    enum: ['sequence', 'link', 'hash', 'version', 'count', 'head', 'seal', 'unsealed'],
    description:
      'What does not verify: an event (sequence, link, hash, version), or an anchor of the case row (count, head, seal, unsealed)',
  })
  problem: string | null;
}

/**
 * Corrections of a victim's identity and contact; only the fields sent change, and `null` clears an
 * optional one (the name cannot be cleared).
 */
export class VictimCorrectionDto {
  @ApiPropertyOptional({ maxLength: 150 })
  @OptionalNotNull()
  @Trim()
  @IsString()
  @Length(1, 150)
  fullName?: string;
  @ApiPropertyOptional({ description: 'NIK: 16 digits' })
  @IsOptional()
  @Trim()
  @Matches(/^\d{16}$/)
  nik?: string;
  @ApiPropertyOptional({
    example: '2010-04-01',
    description:
      "Not in the future; the case's age (statistics) and child status follow, on every case of the victim",
  })
  @IsOptional()
  @Matches(DATE_PATTERN, DATE_MESSAGE)
  birthDate?: string;
  @ApiPropertyOptional({ maxLength: 300 }) @IsOptional() @Trim() @IsString() @MaxLength(300) address?: string;
  @ApiPropertyOptional() @IsOptional() @Trim() @Matches(/^\+?[0-9 ()-]{6,20}$/) phone?: string;
  @ApiPropertyOptional({ enum: SAFE_TO_CALL, description: PHONE_SAFE_DESCRIPTION })
  @IsOptional()
  @IsIn(SAFE_TO_CALL)
  phoneSafeToCall?: string;
  @ApiPropertyOptional({ maxLength: 80 }) @IsOptional() @Trim() @IsString() @MaxLength(80) district?: string;
  @ApiPropertyOptional({ enum: EDUCATION_LEVELS }) @IsOptional() @IsIn(EDUCATION_LEVELS) education?: string;
  @ApiPropertyOptional({ enum: OCCUPATIONS }) @IsOptional() @IsIn(OCCUPATIONS) occupation?: string;
  @ApiPropertyOptional({ enum: MARITAL_STATUSES })
  @IsOptional()
  @IsIn(MARITAL_STATUSES)
  maritalStatus?: string;
}

/**
 * Corrections of the incident as recorded at intake; only the fields sent change, and `null` clears
 * an optional one (the place type and violence types cannot be cleared).
 */
export class IncidentCorrectionDto {
  @ApiPropertyOptional({
    example: '2026-02-27',
    description: "Not in the future; the case's age (statistics) and child status follow",
  })
  @IsOptional()
  @Matches(DATE_PATTERN, DATE_MESSAGE)
  date?: string;
  @ApiPropertyOptional({ description: 'End of the period, when it went on over time (not before `date`)' })
  @IsOptional()
  @Matches(DATE_PATTERN, DATE_MESSAGE)
  dateEnd?: string;
  @ApiPropertyOptional({ example: '21:30' })
  @IsOptional()
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/)
  time?: string;
  @ApiPropertyOptional({ enum: PLACE_TYPES }) @OptionalNotNull() @IsIn(PLACE_TYPES) placeType?: string;
  @ApiPropertyOptional() @IsOptional() @Trim() @IsString() @MaxLength(300) location?: string;
  @ApiPropertyOptional({ enum: VIOLENCE_TYPES, isArray: true })
  @OptionalNotNull()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(VIOLENCE_TYPES.length)
  @ArrayUnique()
  @IsIn(VIOLENCE_TYPES, { each: true })
  violenceTypes?: string[];
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20000) narrative?: string;
}

/** `PATCH /api/cases/{id}`: corrections keep their earlier values in the case history. */
export class UpdateCaseDto {
  @ApiProperty({ description: 'The case version the caller saw' }) @IsInt() @Min(1) version: number;
  @ApiPropertyOptional({ type: VictimCorrectionDto })
  @IsOptional()
  @NestedObject(() => VictimCorrectionDto)
  victim?: VictimCorrectionDto;
  @ApiPropertyOptional({ type: IncidentCorrectionDto })
  @IsOptional()
  @NestedObject(() => IncidentCorrectionDto)
  incident?: IncidentCorrectionDto;
  @ApiPropertyOptional({
    type: [PerpetratorInputDto],
    description:
      "The perpetrators as they are now, in order, with the intake's fields and rules: the list sent replaces " +
      'the recorded one (send the recorded ones with a new one to add it; an empty list removes them all)',
  })
  @OptionalNotNull()
  @ArrayMaxSize(20)
  @NestedArray(() => PerpetratorInputDto)
  perpetrators?: PerpetratorInputDto[];
  @ApiPropertyOptional({
    type: ReporterInputDto,
    nullable: true,
    description: "Who reported, with the intake's fields and rules; `null`: the victim reported herself",
  })
  @IsOptional()
  @NestedObject(() => ReporterInputDto)
  reporter?: ReporterInputDto | null;
}
