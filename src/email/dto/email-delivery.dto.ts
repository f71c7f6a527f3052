import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { DirParam, PageSizeParam, SortDirection, SortParam } from '../../platform/common/list-sort';
import { DEFAULT_PAGE_SIZE, PageQueryDto, PaginatedDto, QueryText } from '../../platform/common/pagination';
import {
  EMAIL_DELIVERY_STATUSES,
  EMAIL_KINDS,
  EMAIL_URGENCIES,
  EmailDeliveryStatus,
} from '../../notifications/email-kinds';
import { EMAIL_DELIVERY_LIST_SORT } from '../../notifications/email-delivery-list-sort';

export class EmailDeliveryQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    enum: EMAIL_DELIVERY_STATUSES,
    default: 'failed',
    description: 'Default: the failed ones',
  })
  @QueryText()
  @IsOptional()
  @IsIn(EMAIL_DELIVERY_STATUSES)
  status?: EmailDeliveryStatus;

  @SortParam(EMAIL_DELIVERY_LIST_SORT) sort?: string;
  @DirParam() dir?: SortDirection;
}

/** The page's query: the API's, with the page's choice of page sizes. */
export class EmailDeliveryPageQueryDto extends EmailDeliveryQueryDto {
  @PageSizeParam() override pageSize: number = DEFAULT_PAGE_SIZE;
}

/** One e-mail delivery as an administrator sees it: whom (account name), what kind, how it went. No case data. */
export class EmailDeliveryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({
    description: "The recipient's account name (null when the account is gone)",
    nullable: true,
    type: String,
  })
  username: string | null;
  @ApiProperty({ enum: EMAIL_KINDS }) kind: string;
  @ApiProperty({ enum: EMAIL_URGENCIES }) urgency: string;
  @ApiProperty({ enum: EMAIL_DELIVERY_STATUSES }) status: EmailDeliveryStatus;
  @ApiProperty({ type: 'integer' }) attempts: number;
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'SMTP_451',
    description: 'SMTP_<reply code>, a connection error code (ECONNECTION…), NO_ADDRESS or SEND_FAILED',
  })
  lastErrorCode: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', description: 'The next attempt (pending) or the last one' })
  nextAttemptAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) sentAt: string | null;
}

export class EmailDeliveryListDto extends PaginatedDto(EmailDeliveryDto) {}
