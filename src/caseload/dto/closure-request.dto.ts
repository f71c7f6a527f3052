import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DirParam, PageSizeParam, SortDirection, SortParam } from '../../platform/common/list-sort';
import { CLOSURE_REQUEST_LIST_SORT } from '../closure-request-list-sort';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsString, Length, Min } from 'class-validator';
import { CLOSURE_REASONS } from '../../case/case.constants';
import { DEFAULT_PAGE_SIZE, PageQueryDto, PaginatedDto } from '../../platform/common/pagination';
import { FormArray, FormInt, Trim } from '../../platform/common/validation';
import { CsrfFormDto } from '../../web/forms';
import {
  CLOSURE_CHECKLIST,
  CLOSURE_REQUEST_STATUSES,
  CLOSURE_TEXT_MAX,
  ClosureChecklistItem,
} from '../caseload.constants';

/** A counselor asks for the case's closure: the reason the `close` transition will record, the checklist, why. */
export class RequestClosureDto {
  @ApiProperty({ enum: CLOSURE_REASONS })
  @IsIn(CLOSURE_REASONS)
  closureReason: string;

  @ApiProperty({
    enum: CLOSURE_CHECKLIST,
    isArray: true,
    description: 'The checklist items confirmed (any may be left out; the coordinator sees which)',
  })
  @FormArray()
  @IsArray()
  @ArrayMaxSize(CLOSURE_CHECKLIST.length)
  @IsIn(CLOSURE_CHECKLIST, { each: true })
  checklist: ClosureChecklistItem[];

  @ApiProperty({ minLength: 3, maxLength: CLOSURE_TEXT_MAX, description: 'Why the case can close' })
  @Trim()
  @IsString()
  @Length(3, CLOSURE_TEXT_MAX)
  explanation: string;
}

/** The coordinator approves: the `close` transition fires with the request's reason. */
export class ApproveClosureDto {
  @ApiProperty({ description: 'The case version the coordinator saw' })
  @FormInt()
  @IsInt()
  @Min(1)
  version: number;
}

/** The coordinator returns the request to the counselor, saying why. */
export class ReturnClosureDto {
  @ApiProperty({ minLength: 3, maxLength: CLOSURE_TEXT_MAX })
  @Trim()
  @IsString()
  @Length(3, CLOSURE_TEXT_MAX)
  comment: string;
}

export class RequestClosureFormDto extends CsrfFormDto {
  @IsIn(CLOSURE_REASONS) closureReason: string;
  @FormArray()
  @IsArray()
  @ArrayMaxSize(CLOSURE_CHECKLIST.length)
  @IsIn(CLOSURE_CHECKLIST, { each: true })
  checklist: ClosureChecklistItem[];
  @Trim() @IsString() @Length(3, CLOSURE_TEXT_MAX) explanation: string;
}

export class ApproveClosureFormDto extends CsrfFormDto {
  @FormInt() @IsInt() @Min(1) version: number;
}

export class ReturnClosureFormDto extends CsrfFormDto {
  @Trim() @IsString() @Length(3, CLOSURE_TEXT_MAX) comment: string;
}

export class ClosureRequestDto {
  @ApiProperty() id: string;
  @ApiProperty() caseId: string;
  @ApiProperty() caseNumber: string;
  @ApiProperty({ enum: CLOSURE_REQUEST_STATUSES }) status: string;
  @ApiProperty({ enum: CLOSURE_REASONS }) closureReason: string;
  @ApiProperty({ enum: CLOSURE_CHECKLIST, isArray: true }) checklist: string[];
  @ApiProperty({ type: String, nullable: true, description: 'Staff text about the case' })
  explanation: string | null;
  @ApiProperty() requestedById: string;
  @ApiProperty() requestedByName: string;
  @ApiProperty() requestedAt: Date;
  @ApiPropertyOptional({ type: String, nullable: true }) decidedByName: string | null;
  @ApiPropertyOptional({ type: Date, nullable: true }) decidedAt: Date | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: "The coordinator's comment on a return" })
  comment: string | null;
}

export class CaseClosureRequestDto {
  @ApiProperty({
    type: ClosureRequestDto,
    nullable: true,
    description: 'The latest closure request of the case, or null',
  })
  latest: ClosureRequestDto | null;
}

export class ClosureRequestListQueryDto extends PageQueryDto {
  @SortParam(CLOSURE_REQUEST_LIST_SORT) sort?: string;
  @DirParam() dir?: SortDirection;
}

/** The list page's query: the API's, with the page's choice of page sizes. */
export class ClosureRequestListPageQueryDto extends ClosureRequestListQueryDto {
  @PageSizeParam() override pageSize: number = DEFAULT_PAGE_SIZE;
}

export class ClosureRequestListDto extends PaginatedDto(ClosureRequestDto) {}
