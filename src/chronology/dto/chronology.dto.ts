import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { Trim } from '../../platform/common/validation';
import { CsrfFormDto } from '../../web/forms';
import {
  CHRONOLOGY_SECTIONS,
  CORRECTION_REASON_MAX,
  DATE_PRECISIONS,
  DESCRIPTION_MAX,
  PARTIAL_DATE,
  PLACE_MAX,
  PRINT_PURPOSES,
  PURPOSE_TEXT_MAX,
  TIME_OF_DAY,
} from '../chronology.constants';

/** Empty form or query values mean "not given"; text is trimmed. */
const EmptyToUndefined = () =>
  Transform(({ value }) => (typeof value === 'string' ? value.trim() || undefined : value));

// ---- requests (JSON API)

export class CreateChronologyEntryDto {
  @ApiProperty({
    example: '2025-12-24',
    description:
      '`YYYY-MM-DD`, or `YYYY-MM` / `YYYY` when only the month or year is known; not in the future',
  })
  @Matches(PARTIAL_DATE)
  date: string;

  @ApiPropertyOptional({
    example: '2026-01-08',
    nullable: true,
    description: 'The end of a period (same forms as `date`), after it',
  })
  @IsOptional()
  @Matches(PARTIAL_DATE)
  dateEnd?: string | null;

  @ApiPropertyOptional({ example: '19:30', nullable: true, description: '`HH:MM` (24 hours) when known' })
  @IsOptional()
  @Matches(TIME_OF_DAY)
  time?: string | null;

  @ApiPropertyOptional({ maxLength: PLACE_MAX, nullable: true, description: 'Encrypted at rest' })
  @IsOptional()
  @IsString()
  @MaxLength(PLACE_MAX)
  place?: string | null;

  @ApiProperty({ minLength: 1, maxLength: DESCRIPTION_MAX, description: 'What happened; encrypted at rest' })
  @Trim()
  @IsString()
  @Length(1, DESCRIPTION_MAX)
  description: string;
}

export class CorrectChronologyEntryDto extends CreateChronologyEntryDto {
  @ApiProperty({ minLength: 1, maxLength: CORRECTION_REASON_MAX, description: 'Why; encrypted at rest' })
  @Trim()
  @IsString()
  @Length(1, CORRECTION_REASON_MAX)
  reason: string;
}

/** A list in a query string: repeated (`?sections=a&sections=b`) or comma-separated (`?sections=a,b`). */
const QueryList = () =>
  Transform(({ value }) => {
    if (value === undefined || value === '') return undefined;
    const values = Array.isArray(value) ? value : [value];
    return values
      .flatMap((v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()) : [v]))
      .filter((v) => v !== '');
  });

/** `true`, `on` (a checked checkbox) or `false`; absent is false. */
const QueryFlag = () =>
  Transform(({ value }) =>
    value === 'true' || value === 'on' || value === true
      ? true
      : value === undefined || value === '' || value === 'false' || value === false
        ? false
        : value,
  );

/** The options of a print or download: purpose (required, audited), sections, redaction, partner version. */
export class ChronologyPrintQueryDto {
  @ApiProperty({
    enum: PRINT_PURPOSES,
    description: 'Why the chronology is printed (recorded in the audit log)',
  })
  @IsIn(PRINT_PURPOSES)
  purpose: string;

  @ApiPropertyOptional({ maxLength: PURPOSE_TEXT_MAX, description: 'Required when purpose is `other`' })
  @EmptyToUndefined()
  @ValidateIf((o: ChronologyPrintQueryDto) => o.purpose === 'other' || o.purposeText !== undefined)
  @IsString()
  @Length(1, PURPOSE_TEXT_MAX)
  purposeText?: string;

  @ApiPropertyOptional({
    enum: CHRONOLOGY_SECTIONS,
    isArray: true,
    description: 'Sections to include (repeat or comma-separate); default both',
  })
  @QueryList()
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(CHRONOLOGY_SECTIONS, { each: true })
  sections?: string[];

  @ApiPropertyOptional({ type: Boolean, description: 'Initials instead of names; no address, phone or NIK' })
  @QueryFlag()
  @IsBoolean()
  redacted: boolean = false;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      "Partner version: only what this referral disclosed (team members: their institution's referral)",
  })
  @EmptyToUndefined()
  @IsOptional()
  @IsUUID('all')
  referralId?: string;
}

// ---- page forms

/** The entry form of the chronology page: a full date and how much of it the victim remembers. */
export class ChronologyEntryFormDto extends CsrfFormDto {
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  date: string;

  @IsIn(DATE_PRECISIONS)
  precision: string = 'day';

  @EmptyToUndefined()
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  dateEnd?: string;

  @EmptyToUndefined()
  @IsOptional()
  @Matches(TIME_OF_DAY)
  time?: string;

  @EmptyToUndefined()
  @IsOptional()
  @IsString()
  @MaxLength(PLACE_MAX)
  place?: string;

  @Trim()
  @IsString()
  @Length(1, DESCRIPTION_MAX)
  description: string;

  /** Where to go back to: the case page or the chronology page. */
  @IsOptional()
  @IsIn(['case', 'chronology'])
  back?: string;
}

export class ChronologyCorrectionFormDto extends ChronologyEntryFormDto {
  @Trim()
  @IsString()
  @Length(1, CORRECTION_REASON_MAX)
  reason: string;
}

// ---- responses

export class ChronologyEntryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'Order recorded within the case (1, 2, 3 …)' }) seq: number;
  @ApiProperty({ example: '2025-12-24' }) date: string;
  @ApiProperty({ nullable: true, type: String }) dateEnd: string | null;
  @ApiProperty({ nullable: true, type: String }) time: string | null;
  @ApiProperty({ nullable: true, type: String }) place: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Null once the case has been erased' })
  description: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The entry this one corrects' })
  supersedesId: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'uuid',
    description: 'The entry that corrects this one',
  })
  supersededById: string | null;
  @ApiProperty({ description: 'Not corrected by a later entry' }) current: boolean;
  @ApiProperty({ nullable: true, type: String }) correctionReason: string | null;
  @ApiProperty({ format: 'uuid' }) recordedById: string;
  @ApiProperty({ nullable: true, type: String }) recordedByName: string | null;
  @ApiProperty({ format: 'date-time' }) recordedAt: string;
}

export class ChronologyHandlingLineDto {
  @ApiProperty() seq: number;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ example: 'workflow.start_counseling' }) type: string;
  @ApiProperty({ description: "The officer's institution, or the centre's name" }) institution: string;
  @ApiProperty({ description: "The officer's name at the time (or System)" }) officer: string;
  @ApiProperty({ type: [String], example: ['counselor'] }) roles: string[];
  @ApiProperty({ description: "The roles in the caller's language" }) role: string;
  @ApiProperty({ description: "Readable summary in the caller's language" }) summary: string;
}

export class ChronologyVerificationDto {
  @ApiProperty() ok: boolean;
  @ApiProperty() eventCount: number;
  @ApiProperty({ nullable: true, type: String, description: 'Only when the history verifies' })
  verificationCode: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Only when the history verifies' })
  headHash: string | null;
  @ApiProperty({ nullable: true, type: Number }) brokenAtSeq: number | null;
}

export class ChronologyDto {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty() caseNumber: string;
  @ApiProperty({ type: [ChronologyEntryDto], description: 'Every version, in the order of the incident' })
  entries: ChronologyEntryDto[];
  @ApiProperty({ type: [ChronologyHandlingLineDto] }) handling: ChronologyHandlingLineDto[];
  @ApiProperty({ type: ChronologyVerificationDto }) verification: ChronologyVerificationDto;
}
