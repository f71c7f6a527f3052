import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { DirParam, PageSizeParam, SortDirection, SortParam } from '../../platform/common/list-sort';
import {
  DEFAULT_PAGE_SIZE,
  PageQueryDto,
  PaginatedDto,
  QueryBoolean,
} from '../../platform/common/pagination';
import { NOTIFICATION_LIST_SORT } from '../notification-list-sort';

export class NotificationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() kind: string;
  @ApiProperty() message: string;
  @ApiProperty() link: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) readAt: string | null;
}

export class NotificationPageDto extends PaginatedDto(NotificationDto) {
  @ApiProperty() unread: number;
}

export class NotificationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ type: Boolean })
  @QueryBoolean()
  @IsOptional()
  @IsBoolean()
  unread?: boolean;

  @SortParam(NOTIFICATION_LIST_SORT) sort?: string;
  @DirParam() dir?: SortDirection;
}

/** The notifications page's query: the API's, with the page's choice of page sizes. */
export class NotificationPageQueryDto extends NotificationQueryDto {
  @PageSizeParam() override pageSize: number = DEFAULT_PAGE_SIZE;
}
