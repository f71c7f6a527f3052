import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { PageQueryDto, PaginatedDto, QueryBoolean } from '../../platform/common/pagination';

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
}
