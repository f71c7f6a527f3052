import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsInt,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { EmptyAsNull, Optional, Trim } from '../../common/validation';
import { CsrfFormDto } from '../../../web/forms';
import { FLAG_KIND_MAX, FLAG_KINDS_MAX } from '../flag-kinds';

export const PREFIX_PATTERN = /^[A-Za-z0-9._-]+$/;
export const DISTRICTS_MAX = 100;

// ---- JSON API

export class UpdateCentreSettingsDto {
  @ApiProperty({
    type: 'integer',
    description: 'The version read (409 VERSION_CONFLICT when it changed since)',
  })
  @IsInt()
  @Min(0)
  version: number;

  @ApiPropertyOptional({ minLength: 2, maxLength: 200, description: "The centre's name (letterhead)" })
  @Optional()
  @Trim()
  @IsString()
  @Length(2, 200)
  name?: string;

  @ApiPropertyOptional({ maxLength: 300, description: "The centre's address (letterhead)" })
  @Optional()
  @Trim()
  @IsString()
  @MaxLength(300)
  address?: string;

  @ApiPropertyOptional({ maxLength: 40, description: "The centre's phone (letterhead)" })
  @Optional()
  @Trim()
  @IsString()
  @MaxLength(40)
  phone?: string;

  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 20,
    example: 'PPT',
    description: 'Letters, digits, `.`, `_`, `-`',
  })
  @Optional()
  @Trim()
  @IsString()
  @Length(1, 20)
  @Matches(PREFIX_PATTERN)
  caseNumberPrefix?: string;

  @ApiPropertyOptional({
    maxLength: 60,
    example: '{prefix}/{year}/{seq}',
    description: 'Must contain `{year}` and `{seq}`; `{prefix}` optional',
  })
  @Optional()
  @Trim()
  @IsString()
  @Length(1, 60)
  caseNumberPattern?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 3, maximum: 8 })
  @Optional()
  @IsInt()
  @Min(3)
  @Max(8)
  sequenceDigits?: number;

  @ApiPropertyOptional({
    type: [String],
    description: 'Districts (kecamatan) offered at intake; 1–100, unique',
  })
  @Optional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(DISTRICTS_MAX)
  @ArrayUnique()
  @IsString({ each: true })
  @Length(1, 80, { each: true })
  districts?: string[];

  @ApiPropertyOptional({
    type: [String],
    description:
      'The kinds of flag a case can carry (issue 19), at most 50, unique, each up to 60 characters; ' +
      'the defaults are codes (`perpetrator_dangerous`, `media_attention`, `child_reabduction_risk`, ' +
      '`needs_interpreter`, `disability_access`), shown translated; others are shown as typed. ' +
      'An empty list offers no flag',
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(FLAG_KINDS_MAX)
  @ArrayUnique()
  @IsString({ each: true })
  @Length(1, FLAG_KIND_MAX, { each: true })
  flagKinds?: string[];

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    description:
      "The centre's own region (a PUG region): forms listing institutions offer its institutions first and leave out another region's offices; null = none",
  })
  @Optional({ nullable: true })
  @IsUUID('all')
  regionId?: string | null;
}

export class CentreLogoDto {
  @ApiProperty({ enum: ['image/png', 'image/jpeg'] }) mimeType: string;
  @ApiProperty({ description: 'Bytes' }) size: number;
  @ApiProperty({ description: 'SHA-256 of the image, hex' }) sha256: string;
}

export class CentreSettingsDto {
  @ApiProperty() name: string;
  @ApiProperty() address: string;
  @ApiProperty() phone: string;
  @ApiProperty() caseNumberPrefix: string;
  @ApiProperty() caseNumberPattern: string;
  @ApiProperty() sequenceDigits: number;
  @ApiProperty({ type: [String] }) districts: string[];
  @ApiProperty({ type: [String], description: 'The kinds of flag a case can carry' }) flagKinds: string[];
  @ApiProperty({ type: CentreLogoDto, nullable: true }) logo: CentreLogoDto | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: "The centre's own region" })
  regionId: string | null;
  @ApiProperty() version: number;
}

export class LogoRemovalQueryDto {
  @ApiProperty({ type: 'integer', description: 'The version read' })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  version: number;
}

// ---- page forms

const FormInt = () =>
  Transform(({ value }) =>
    typeof value === 'string' && /^\d{1,9}$/.test(value.trim()) ? Number(value.trim()) : value,
  );

/** The settings page's form: districts one per line. */
export class CentreSettingsFormDto extends CsrfFormDto {
  @FormInt()
  @IsInt()
  @Min(0)
  version: number;

  @Trim()
  @IsString()
  @Length(2, 200)
  name: string;

  @Trim()
  @IsString()
  @MaxLength(300)
  address: string = '';

  @Trim()
  @IsString()
  @MaxLength(40)
  phone: string = '';

  @Trim()
  @IsString()
  @Length(1, 20)
  @Matches(PREFIX_PATTERN)
  caseNumberPrefix: string;

  @Trim()
  @IsString()
  @Length(1, 60)
  caseNumberPattern: string;

  @FormInt()
  @IsInt()
  @Min(3)
  @Max(8)
  sequenceDigits: number;

  @IsString()
  @MaxLength(DISTRICTS_MAX * 81)
  districts: string;

  /** One kind per line; absent (an older form) leaves the list as it is. */
  @Optional()
  @IsString()
  @MaxLength(FLAG_KINDS_MAX * (FLAG_KIND_MAX + 2))
  flagKinds?: string;

  /** "" = none */
  @EmptyAsNull()
  @Optional({ nullable: true })
  @IsUUID('all')
  regionId: string | null = null;
}

/** The logo form (multipart): its version; the file part is `logo`. */
export class LogoFormDto extends CsrfFormDto {
  @FormInt()
  @IsInt()
  @Min(0)
  version: number;
}
