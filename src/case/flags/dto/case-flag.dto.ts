import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { Trim } from '../../../platform/common/validation';
import { CsrfFormDto } from '../../../web/forms';
import { FLAG_KIND_MAX, FLAG_REASON_MAX, FLAG_REASON_MIN } from '../case-flag.constants';

/** Set a flag on a case: its kind (one of the settings' `flagKinds`) and why. */
export class SetCaseFlagDto {
  @ApiProperty({
    maxLength: FLAG_KIND_MAX,
    description: "One of the centre settings' `flagKinds` (400 FLAG_KIND_UNKNOWN otherwise)",
    example: 'perpetrator_dangerous',
  })
  @Trim()
  @IsString()
  @Length(1, FLAG_KIND_MAX)
  kind: string;

  @ApiProperty({
    minLength: FLAG_REASON_MIN,
    maxLength: FLAG_REASON_MAX,
    description: 'Why the flag is set (staff text about the case, encrypted)',
  })
  @Trim()
  @IsString()
  @Length(FLAG_REASON_MIN, FLAG_REASON_MAX)
  reason: string;
}

/** Remove a flag: why (required). */
export class RemoveCaseFlagDto {
  @ApiProperty({
    minLength: FLAG_REASON_MIN,
    maxLength: FLAG_REASON_MAX,
    description: 'Why the flag is removed (staff text about the case, encrypted)',
  })
  @Trim()
  @IsString()
  @Length(FLAG_REASON_MIN, FLAG_REASON_MAX)
  reason: string;
}

export class SetCaseFlagFormDto extends CsrfFormDto {
  @Trim() @IsString() @Length(1, FLAG_KIND_MAX) kind: string;
  @Trim() @IsString() @Length(FLAG_REASON_MIN, FLAG_REASON_MAX) reason: string;
}

export class RemoveCaseFlagFormDto extends CsrfFormDto {
  @Trim() @IsString() @Length(FLAG_REASON_MIN, FLAG_REASON_MAX) reason: string;
}

export class CaseFlagDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ description: "The flag's kind (a settings `flagKinds` entry when it was set)" })
  kind: string;
  @ApiProperty({ description: 'Active (not removed)' }) active: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'Why it was set (staff text about the case)' })
  reason: string | null;
  @ApiProperty() setById: string;
  @ApiProperty() setByName: string;
  @ApiProperty() setAt: Date;
  @ApiPropertyOptional({ type: String, nullable: true }) removedByName: string | null;
  @ApiPropertyOptional({ type: Date, nullable: true }) removedAt: Date | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Why it was removed' })
  removalReason: string | null;
}

export class CaseFlagListDto {
  @ApiProperty({
    type: [CaseFlagDto],
    description: 'Active flags first (oldest first), then removed ones (latest first)',
  })
  items: CaseFlagDto[];
  @ApiProperty({ type: [String], description: 'The kinds that can be set now (the settings list)' })
  kinds: string[];
}
