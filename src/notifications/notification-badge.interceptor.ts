import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { from, mergeMap, Observable } from 'rxjs';
import { Permission } from '../platform/auth/permissions';
import { AppRequest, isApiRequest } from '../platform/common/request-context';
import { setNavBadge } from '../web/navigation';
import { NotificationsService } from './notifications.service';

/** Before a page renders, counts the caller's unread notifications for the navigation badge. */
@Injectable()
export class NotificationBadgeInterceptor implements NestInterceptor {
  constructor(private readonly notifications: NotificationsService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<AppRequest>();
    const auth = req.auth;
    if (
      !auth ||
      auth.mustChangePassword ||
      isApiRequest(req) ||
      !auth.permissions.has(Permission.NotificationsRead)
    )
      return next.handle();
    return from(
      this.notifications
        .unreadCount(auth.userId)
        .then((n) => setNavBadge(auth, 'notifications', n))
        .catch(() => undefined),
    ).pipe(mergeMap(() => next.handle()));
  }
}
