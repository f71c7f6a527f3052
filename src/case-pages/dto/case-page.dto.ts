import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { DirParam, PageSizeParam, SortDirection, SortParam } from '../../platform/common/list-sort';
import { DEFAULT_PAGE_SIZE, QueryText } from '../../platform/common/pagination';
import { CASE_LIST_SORT } from '../../case/case-list-sort';
import { CLOSURE_REASONS, RISK_LEVELS } from '../../case/case.constants';
import { DATE_PATTERN } from '../../case/dto/case.dto';
import { CASE_STAGES, TRANSITION_NAMES } from '../../case/workflow/case-workflow';
import { CsrfFormDto } from '../../web/forms';

const DATE_MESSAGE = { message: 'must be a date YYYY-MM-DD' };

/** Form number: empty means "not given"; digits become a number; anything else is left to be refused. */
function FormNumber() {
  return Transform(({ value }) =>
    value === '' || value === undefined || value === null
      ? undefined
      : typeof value === 'string' && /^\s*\d{1,9}\s*$/.test(value)
        ? Number(value.trim())
        : value,
  );
}

/** Form text: trimmed; empty means "not given". */
function FormText() {
  return Transform(({ value }) => {
    if (typeof value !== 'string') return value;
    const trimmed = value.trim();
    return trimmed === '' ? undefined : trimmed;
  });
}

/** The case list's filter form (every field is sent, used or not: empty means "no filter"). */
export class CaseListPageQueryDto {
  @IsOptional() @FormNumber() @IsInt() @Min(1) @Max(100000) page?: number;
  @IsOptional() @QueryText() @IsIn([...CASE_STAGES, 'in_service']) stage?: string;
  @IsOptional() @QueryText() @IsUUID('all') counselorId?: string;
  @IsOptional() @QueryText() @IsIn(RISK_LEVELS) risk?: string;
  @IsOptional() @QueryText() @IsIn(['true', 'false']) child?: string;
  @IsOptional() @QueryText() @Matches(DATE_PATTERN, DATE_MESSAGE) from?: string;
  @IsOptional() @QueryText() @Matches(DATE_PATTERN, DATE_MESSAGE) to?: string;
  @IsOptional() @QueryText() @IsString() @MaxLength(40) number?: string;
  @IsOptional() @QueryText() @IsString() @MaxLength(60) flag?: string;
  @SortParam(CASE_LIST_SORT) sort?: string;
  @DirParam() dir?: SortDirection;
  @PageSizeParam() pageSize: number = DEFAULT_PAGE_SIZE;
}

/** A workflow step fired from the case page. */
export class TransitionFormDto extends CsrfFormDto {
  @FormText() @IsIn(TRANSITION_NAMES) transition: string;
  @FormNumber() @IsInt() @Min(1) version: number;
  @IsOptional() @FormText() @IsString() @MaxLength(2000) reason?: string;
  @IsOptional() @FormText() @IsIn(CLOSURE_REASONS) closureReason?: string;
  @IsOptional() @FormText() @IsUUID('all') safeHouseId?: string;
  @IsOptional() @FormNumber() @IsInt() @Min(1) @Max(365) plannedDays?: number;
}

/** A coordinator assigns the counselor. */
export class AssignFormDto extends CsrfFormDto {
  @FormText() @IsUUID('all') counselorId: string;
  @FormNumber() @IsInt() @Min(1) version: number;
}
