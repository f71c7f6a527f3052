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
} from 'class-validator';
import { DirParam, PageSizeParam, SortDirection, SortParam } from '../../../platform/common/list-sort';
import {
  DEFAULT_PAGE_SIZE,
  PageQueryDto,
  PaginatedDto,
  QueryBoolean,
  QueryText,
} from '../../../platform/common/pagination';
import { PARTNER_INBOX_SORT, REFERRAL_LIST_SORT } from '../referral-list-sort';
import {
  EmptyAsNull,
  EmptyAsUndefined,
  FormArray,
  FormBoolean,
  IsDateOnly,
  Trim,
} from '../../../platform/common/validation';
import { CsrfFormDto } from '../../../web/forms';
import { SERVICE_ROLES, ServiceRole } from '../../../institutions/service-roles';
import {
  DATA_CATEGORIES,
  DataCategory,
  OUTCOMES,
  Outcome,
  REFERRAL_STATUSES,
  ReferralStatus,
  TEXT_MAX,
  URGENCIES,
  Urgency,
} from '../referral.constants';
import { InstitutionRefDto } from './consent.dto';

export class CreateReferralDto {
  @ApiProperty({ enum: SERVICE_ROLES })
  @IsIn(SERVICE_ROLES)
  serviceRole: ServiceRole;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description:
      'The partner institution; null or absent = any eligible institution providing the role (the first to accept takes it)',
  })
  @IsOptional()
  @IsUUID('all')
  targetInstitutionId?: string | null;

  @ApiProperty({ enum: URGENCIES })
  @IsIn(URGENCIES)
  urgency: Urgency;

  @ApiProperty({ minLength: 3, maxLength: TEXT_MAX, description: 'Why, and what the partner is asked to do' })
  @Trim()
  @Length(3, TEXT_MAX)
  @IsString()
  reason: string;

  @ApiProperty({
    enum: DATA_CATEGORIES,
    isArray: true,
    description: 'What the partner may see: a subset of the consent',
  })
  @IsIn(DATA_CATEGORIES, { each: true })
  @ArrayUnique()
  @ArrayMaxSize(DATA_CATEGORIES.length)
  @IsArray()
  categories: DataCategory[];

  @ApiPropertyOptional({
    format: 'date',
    description: 'Answer expected by (default by urgency: 7, 2 or 0 days)',
  })
  @IsOptional()
  @IsDateOnly()
  dueDate?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The consent relied on (default: the latest that covers it)',
  })
  @IsOptional()
  @IsUUID('all')
  consentId?: string;
}

export class ReferralVersionDto {
  @ApiProperty({ minimum: 1, description: 'The version read; a stale one gives 409 VERSION_CONFLICT' })
  @Min(1)
  @IsInt()
  version: number;
}

export class ReferralReasonDto extends ReferralVersionDto {
  @ApiProperty({ minLength: 3, maxLength: TEXT_MAX })
  @Trim()
  @Length(3, TEXT_MAX)
  @IsString()
  reason: string;
}

export class CompleteReferralDto extends ReferralVersionDto {
  @ApiProperty({ enum: OUTCOMES })
  @IsIn(OUTCOMES)
  outcome: Outcome;

  @ApiPropertyOptional({ maxLength: TEXT_MAX, description: 'What was done and the result' })
  @Trim()
  @IsOptional()
  @MaxLength(TEXT_MAX)
  @IsString()
  notes?: string;
}

export class ReferralActionDto {
  @ApiProperty({ format: 'date' })
  @IsDateOnly()
  actedOn: string;

  @ApiProperty({ minLength: 3, maxLength: TEXT_MAX })
  @Trim()
  @Length(3, TEXT_MAX)
  @IsString()
  description: string;
}

export class ReferralSettingsDto {
  @ApiProperty({ description: "Referrals by counselors wait for a coordinator's approval" })
  @IsBoolean()
  approvalRequired: boolean;

  @ApiProperty({ minimum: 0, description: 'The version read (0 when never changed)' })
  @Min(0)
  @IsInt()
  version: number;
}

export class ReferralListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: REFERRAL_STATUSES })
  @QueryText()
  @IsOptional()
  @IsIn(REFERRAL_STATUSES)
  status?: ReferralStatus;

  @ApiPropertyOptional({ enum: SERVICE_ROLES })
  @QueryText()
  @IsOptional()
  @IsIn(SERVICE_ROLES)
  serviceRole?: ServiceRole;

  @ApiPropertyOptional({ type: Boolean, description: 'Only referrals unanswered after their due date' })
  @QueryBoolean()
  @IsOptional()
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ enum: URGENCIES })
  @QueryText()
  @IsOptional()
  @IsIn(URGENCIES)
  urgency?: Urgency;

  @ApiPropertyOptional({ format: 'uuid' })
  @QueryText()
  @IsOptional()
  @IsUUID('all')
  caseId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @QueryText()
  @IsOptional()
  @IsUUID('all')
  institutionId?: string;

  @SortParam(REFERRAL_LIST_SORT) sort?: string;
  @DirParam() dir?: SortDirection;
}

/** The referral list page's query: the API's, with the page's choice of page sizes. */
export class ReferralListPageQueryDto extends ReferralListQueryDto {
  @PageSizeParam() override pageSize: number = DEFAULT_PAGE_SIZE;
}

export class PartnerInboxQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: REFERRAL_STATUSES })
  @QueryText()
  @IsOptional()
  @IsIn(REFERRAL_STATUSES)
  status?: ReferralStatus;

  @ApiPropertyOptional({ enum: SERVICE_ROLES })
  @QueryText()
  @IsOptional()
  @IsIn(SERVICE_ROLES)
  serviceRole?: ServiceRole;

  @ApiPropertyOptional({ type: Boolean })
  @QueryBoolean()
  @IsOptional()
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ enum: URGENCIES })
  @QueryText()
  @IsOptional()
  @IsIn(URGENCIES)
  urgency?: Urgency;

  @ApiPropertyOptional({
    maxLength: 40,
    description: 'Case number, whole or its beginning (case-insensitive): only my referrals of those cases',
  })
  @QueryText()
  @IsOptional()
  @IsString()
  @MaxLength(40)
  number?: string;

  @SortParam(PARTNER_INBOX_SORT) sort?: string;
  @DirParam() dir?: SortDirection;
}

/** The inbox page's query: the API's, with the page's choice of page sizes. */
export class PartnerInboxPageQueryDto extends PartnerInboxQueryDto {
  @PageSizeParam() override pageSize: number = DEFAULT_PAGE_SIZE;
}

// ---- page forms -------------------------------------------------------------------------------

export class CreateReferralFormDto extends CsrfFormDto {
  @IsIn(SERVICE_ROLES)
  serviceRole: ServiceRole;

  @EmptyAsNull()
  @IsOptional()
  @IsUUID('all')
  targetInstitutionId?: string | null;

  @IsIn(URGENCIES)
  urgency: Urgency;

  @Trim()
  @Length(3, TEXT_MAX)
  @IsString()
  reason: string;

  @FormArray()
  @IsIn(DATA_CATEGORIES, { each: true })
  @ArrayUnique()
  @IsArray()
  categories: DataCategory[];

  @EmptyAsUndefined()
  @IsOptional()
  @IsDateOnly()
  dueDate?: string;

  @EmptyAsUndefined()
  @IsOptional()
  @IsUUID('all')
  consentId?: string;
}

export class ReferralVersionFormDto extends CsrfFormDto {
  @Type(() => Number)
  @Min(1)
  @IsInt()
  version: number;
}

export class ReferralReasonFormDto extends ReferralVersionFormDto {
  @Trim()
  @Length(3, TEXT_MAX)
  @IsString()
  reason: string;
}

export class CompleteReferralFormDto extends ReferralVersionFormDto {
  @IsIn(OUTCOMES)
  outcome: Outcome;

  @Trim()
  @EmptyAsUndefined()
  @IsOptional()
  @MaxLength(TEXT_MAX)
  @IsString()
  notes?: string;
}

export class ReferralActionFormDto extends CsrfFormDto {
  @IsDateOnly()
  actedOn: string;

  @Trim()
  @Length(3, TEXT_MAX)
  @IsString()
  description: string;
}

export class ReferralSettingsFormDto extends CsrfFormDto {
  @FormBoolean()
  @IsBoolean()
  approvalRequired: boolean;

  @Type(() => Number)
  @Min(0)
  @IsInt()
  version: number;
}

// ---- responses --------------------------------------------------------------------------------

export class ReferralActionResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date' }) actedOn: string;
  @ApiProperty() description: string;
  @ApiProperty({ nullable: true, type: String }) author: string | null;
  @ApiProperty({ type: InstitutionRefDto, nullable: true }) institution: InstitutionRefDto | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class ReferralDocumentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['application/pdf', 'image/jpeg', 'image/png'] }) mimeType: string;
  @ApiProperty() size: number;
  @ApiProperty({ nullable: true, type: String }) fileName: string | null;
  @ApiProperty({ type: InstitutionRefDto, nullable: true }) institution: InstitutionRefDto | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Where to download it (null: no longer downloadable)',
  })
  downloadUrl: string | null;
}

export class ReferralDeclineDto {
  @ApiProperty({ type: InstitutionRefDto }) institution: InstitutionRefDto;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty({ format: 'date-time' }) declinedAt: string;
}

export class ReferralResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty() caseNumber: string;
  @ApiProperty({ enum: SERVICE_ROLES }) serviceRole: string;
  @ApiProperty({ description: 'Sent to any eligible institution providing the role' }) open: boolean;
  @ApiProperty({ type: InstitutionRefDto, nullable: true }) targetInstitution: InstitutionRefDto | null;
  @ApiProperty({ type: InstitutionRefDto, nullable: true, description: 'The institution handling it' })
  institution: InstitutionRefDto | null;
  @ApiProperty({ enum: URGENCIES }) urgency: string;
  @ApiProperty() reason: string;
  @ApiProperty({ enum: DATA_CATEGORIES, isArray: true }) categories: string[];
  @ApiProperty({ format: 'uuid' }) consentId: string;
  @ApiProperty({ enum: ['consent', 'override'] }) consentKind: string;
  @ApiProperty({ format: 'date' }) dueDate: string;
  @ApiProperty({ description: 'Unanswered after its due date' }) overdue: boolean;
  @ApiProperty({ enum: REFERRAL_STATUSES }) status: string;
  @ApiProperty({ nullable: true, type: String }) createdBy: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) sentAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) respondedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) declineReason: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) completedAt: string | null;
  @ApiProperty({ enum: OUTCOMES, nullable: true, type: String }) outcome: string | null;
  @ApiProperty({ nullable: true, type: String }) outcomeNotes: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) endedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) endReason: string | null;
  @ApiProperty({ type: [ReferralDeclineDto] }) declines: ReferralDeclineDto[];
  @ApiProperty({ type: [ReferralActionResponseDto] }) actions: ReferralActionResponseDto[];
  @ApiProperty({ type: [ReferralDocumentDto] }) documents: ReferralDocumentDto[];
  @ApiProperty() version: number;
}

export class ReferralPageDto extends PaginatedDto(ReferralResponseDto) {}

export class ReferralSettingsResponseDto {
  @ApiProperty() approvalRequired: boolean;
  @ApiProperty() version: number;
}

export class IdentityDisclosureDto {
  @ApiProperty({ nullable: true, type: String }) fullName: string | null;
  @ApiProperty() sex: string;
  @ApiProperty({ nullable: true, type: Number }) age: number | null;
}
export class ContactDisclosureDto {
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    enum: ['yes', 'no', 'unknown'],
    description: 'Whether a call-back on the phone is safe (null: not asked)',
  })
  phoneSafeToCall: string | null;
  @ApiProperty({ nullable: true, type: String }) address: string | null;
}
export class IncidentDisclosureDto {
  @ApiProperty({ nullable: true, type: String }) narrative: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) incidentDate: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) incidentDateEnd: string | null;
  @ApiProperty() placeType: string;
  @ApiProperty({ type: [String] }) violenceTypes: string[];
}
export class MedicalServiceDisclosureDto {
  @ApiProperty() status: string;
  @ApiProperty({ format: 'date' }) plannedDate: string;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) deliveredAt: string | null;
  @ApiProperty({ nullable: true, type: String }) notes: string | null;
}
export class MedicalDisclosureDto {
  @ApiProperty({ type: [MedicalServiceDisclosureDto] }) services: MedicalServiceDisclosureDto[];
}
export class CounselingSessionDisclosureDto {
  @ApiProperty({ format: 'date' }) heldAt: string;
  @ApiProperty({ nullable: true, type: String }) notes: string | null;
}
export class CounselingDisclosureDto {
  @ApiProperty({ type: [CounselingSessionDisclosureDto] }) sessions: CounselingSessionDisclosureDto[];
}
export class ShelterDisclosureDto {
  @ApiProperty({ description: 'Whether the victim is in a safe house now (never where)' }) inShelter: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) admittedAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) plannedUntil: string | null;
}

/** Only the categories the referral discloses are present. */
export class DisclosedCaseDto {
  @ApiPropertyOptional({ type: IdentityDisclosureDto }) identity?: IdentityDisclosureDto;
  @ApiPropertyOptional({ type: ContactDisclosureDto }) contact?: ContactDisclosureDto;
  @ApiPropertyOptional({ type: IncidentDisclosureDto }) incident_narrative?: IncidentDisclosureDto;
  @ApiPropertyOptional({ type: MedicalDisclosureDto }) medical?: MedicalDisclosureDto;
  @ApiPropertyOptional({ type: CounselingDisclosureDto }) counseling_notes?: CounselingDisclosureDto;
  @ApiPropertyOptional({ type: ShelterDisclosureDto }) shelter_stay?: ShelterDisclosureDto;
}

export class PartnerReferralDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: "The service centre's case number (to match papers)" }) caseNumber: string;
  @ApiProperty({ enum: SERVICE_ROLES }) serviceRole: string;
  @ApiProperty({ enum: URGENCIES }) urgency: string;
  @ApiProperty({ enum: REFERRAL_STATUSES }) status: string;
  @ApiProperty({ format: 'date' }) dueDate: string;
  @ApiProperty() overdue: boolean;
  @ApiProperty({ description: 'Offered to every eligible institution providing the role' }) open: boolean;
  @ApiProperty({ type: InstitutionRefDto, nullable: true }) institution: InstitutionRefDto | null;
  @ApiProperty({
    enum: ['full', 'summary'],
    description:
      'summary: access has ended (completed, revoked, consent withdrawn, declined): only your own entries',
  })
  access: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) sentAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) respondedAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) completedAt: string | null;
  @ApiProperty({ enum: OUTCOMES, nullable: true, type: String }) outcome: string | null;
  @ApiProperty({ nullable: true, type: String }) outcomeNotes: string | null;
  @ApiProperty({ nullable: true, type: String, description: "Your institution's reason, if it declined" })
  declineReason: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Full access only' }) reason: string | null;
  @ApiProperty({ enum: DATA_CATEGORIES, isArray: true, description: 'Full access only' })
  categories: string[];
  @ApiProperty({ type: DisclosedCaseDto, nullable: true, description: 'Full access only' })
  disclosed: DisclosedCaseDto | null;
  @ApiProperty({ type: [ReferralActionResponseDto], description: "Your institution's entries" })
  actions: ReferralActionResponseDto[];
  @ApiProperty({ type: [ReferralDocumentDto] }) documents: ReferralDocumentDto[];
  @ApiProperty({
    type: [String],
    description: 'What you may do now: accept, decline, start, complete, record, attach',
  })
  allowed: string[];
  @ApiProperty() version: number;
}

export class PartnerInboxItemDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() caseNumber: string;
  @ApiProperty({ enum: SERVICE_ROLES }) serviceRole: string;
  @ApiProperty({ enum: URGENCIES }) urgency: string;
  @ApiProperty({ enum: REFERRAL_STATUSES }) status: string;
  @ApiProperty({ format: 'date' }) dueDate: string;
  @ApiProperty() overdue: boolean;
  @ApiProperty() open: boolean;
  @ApiProperty({ enum: ['full', 'summary'] }) access: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) sentAt: string | null;
  @ApiProperty() version: number;
}

export class PartnerInboxCountsDto {
  @ApiProperty({ description: 'Waiting for an answer' }) pending: number;
  @ApiProperty({ description: 'Accepted or in progress' }) active: number;
  @ApiProperty({ description: 'Unanswered after the due date' }) overdue: number;
  @ApiProperty({ description: 'Completed, declined, cancelled or revoked' }) closed: number;
}

export class PartnerEligibilityDto {
  @ApiProperty({ description: 'Whether the caller may receive new referrals today' }) eligible: boolean;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Why not (an error code, e.g. PARTNER_TEAM_MEMBER_DROPPED); null when eligible',
  })
  reason: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'The facts behind the reason, e.g. the decree in force (decree, effectiveDate, body)',
  })
  args: Record<string, string>;
  @ApiProperty({ nullable: true, type: String, description: "The reason in the caller's language" })
  message: string | null;
}

export class PartnerInboxDto extends PaginatedDto(PartnerInboxItemDto) {
  @ApiProperty({ type: PartnerInboxCountsDto }) counts: PartnerInboxCountsDto;
  @ApiProperty({
    type: PartnerEligibilityDto,
    description: 'Whether new referrals reach the caller; running referrals continue either way',
  })
  newReferrals: PartnerEligibilityDto;
}

export class PartnerEventDto {
  @ApiProperty() type: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ nullable: true, type: String }) actorName: string | null;
  @ApiProperty() summary: string;
}

export class PartnerEventPageDto extends PaginatedDto(PartnerEventDto) {}

export class OverdueCheckResultDto {
  @ApiProperty({ description: 'Referrals newly marked overdue' }) marked: number;
}
