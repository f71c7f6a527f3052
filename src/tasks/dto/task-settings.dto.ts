import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { FormInt, NestedObject, Optional } from '../../platform/common/validation';
import { CsrfFormDto } from '../../web/forms';

const MAX_DAYS = 365;

const Days = (description: string) => (target: object, key: string) => {
  ApiPropertyOptional({ minimum: 0, maximum: MAX_DAYS, type: 'integer', description })(target, key);
  Optional()(target, key);
  IsInt()(target, key);
  Min(0)(target, key);
  Max(MAX_DAYS)(target, key);
};

/** N (days) of each rule that has one (see the README's "Tasks and notifications"). */
export class TaskDaysDto {
  @Days('First counseling: days after the complaint was received') first_counseling?: number;
  @Days('Risk reassessment: days after the latest assessment, while high or critical')
  risk_reassessment?: number;
  @Days('Safety plan review: days after its latest version') safety_plan_review?: number;
  @Days('Referral follow-up: days after the answer (or sending) without news') referral_follow_up?: number;
  @Days('Shelter stay review: days after admission') shelter_review?: number;
  @Days('Monitoring visit: days after the latest visit') monitoring_visit?: number;
  @Days('Consent expiring: days ahead of the expiry it shows') consent_expiring?: number;
}

export class TaskSettingsDto {
  @ApiProperty({
    minimum: 0,
    maximum: 60,
    type: 'integer',
    description: 'Days ahead a task shows before it is due',
  })
  @IsInt()
  @Min(0)
  @Max(60)
  horizonDays: number;

  @ApiProperty({ type: TaskDaysDto })
  @NestedObject(() => TaskDaysDto)
  days: TaskDaysDto;

  @ApiProperty({ minimum: 0, type: 'integer', description: 'The version read (0 before the first save)' })
  @IsInt()
  @Min(0)
  version: number;
}

export class TaskSettingsResponseDto {
  @ApiProperty({ type: 'integer' }) horizonDays: number;
  @ApiProperty({ type: TaskDaysDto }) days: TaskDaysDto;
  @ApiProperty({ type: 'integer' }) version: number;
}

/** The settings page's form: N of each rule and the horizon as flat fields (`days_<code>`). */
export class TaskSettingsFormDto extends CsrfFormDto {
  @FormInt() @IsInt() @Min(0) @Max(60) horizonDays: number;
  @FormInt() @IsInt() @Min(0) version: number;
  @FormInt() @IsInt() @Min(0) @Max(MAX_DAYS) first_counseling: number;
  @FormInt() @IsInt() @Min(0) @Max(MAX_DAYS) risk_reassessment: number;
  @FormInt() @IsInt() @Min(0) @Max(MAX_DAYS) safety_plan_review: number;
  @FormInt() @IsInt() @Min(0) @Max(MAX_DAYS) referral_follow_up: number;
  @FormInt() @IsInt() @Min(0) @Max(MAX_DAYS) shelter_review: number;
  @FormInt() @IsInt() @Min(0) @Max(MAX_DAYS) monitoring_visit: number;
  @FormInt() @IsInt() @Min(0) @Max(MAX_DAYS) consent_expiring: number;
}
