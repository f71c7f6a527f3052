import { Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CurrentAuth, RequirePermission } from '../platform/auth/auth.decorators';
import { Permission } from '../platform/auth/permissions';
import { iso } from '../platform/common/dates';
import { AppRequest, AuthContext, Language, languageOf } from '../platform/common/request-context';
import { EventSummaries } from '../case/event-summaries';
import { ApiErrors } from '../web/forms';
import { NotificationDto, NotificationPageDto, NotificationQueryDto } from './dto/notification.dto';
import { Notification } from './notification.entity';
import { NotificationsService } from './notifications.service';

export class MarkedDto {
  @ApiProperty() marked: number;
}

/** A notification for its reader: its codes, dates and numbers in words (EventSummaries). */
export function toNotificationDto(
  summaries: EventSummaries,
  n: Notification,
  lang: Language,
): NotificationDto {
  return {
    id: n.id,
    kind: n.kind,
    message: summaries.notification(n.kind, n.args, lang),
    link: n.link,
    createdAt: iso(n.createdAt) as string,
    readAt: iso(n.readAt),
  };
}

/** The caller's own in-app notifications. */
@ApiTags('notifications')
@Controller('api/notifications')
export class NotificationsApiController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly summaries: EventSummaries,
  ) {}

  @Get()
  @RequirePermission(Permission.NotificationsRead)
  @ApiOperation({ summary: 'My notifications, newest first, with the unread count' })
  @ApiOkResponse({ type: NotificationPageDto })
  @ApiErrors(400, 401, 403)
  async list(
    @Req() req: AppRequest,
    @CurrentAuth() auth: AuthContext,
    @Query() q: NotificationQueryDto,
  ): Promise<NotificationPageDto> {
    const page = await this.notifications.list(auth.userId, q);
    const lang = languageOf(req);
    return {
      ...page,
      items: page.items.map((n) => toNotificationDto(this.summaries, n, lang)),
      unread: await this.notifications.unreadCount(auth.userId),
    };
  }

  @Post('read-all')
  @HttpCode(200)
  @RequirePermission(Permission.NotificationsRead)
  @ApiOkResponse({ type: MarkedDto })
  @ApiErrors(401, 403)
  async readAll(@CurrentAuth() auth: AuthContext): Promise<MarkedDto> {
    return { marked: await this.notifications.markAllRead(auth.userId) };
  }

  @Post(':id/read')
  @HttpCode(200)
  @RequirePermission(Permission.NotificationsRead)
  @ApiOkResponse({ type: NotificationDto })
  @ApiErrors(401, 403, 404)
  async read(
    @Req() req: AppRequest,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
  ): Promise<NotificationDto> {
    return toNotificationDto(
      this.summaries,
      await this.notifications.markRead(auth.userId, id),
      languageOf(req),
    );
  }
}
