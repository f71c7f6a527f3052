import { CanActivate, ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppConfig, InjectAppConfig } from '../config/app.config';
import { AppException, ErrorCode } from '../common/app.exception';
import { AppRequest, isApiRequest } from '../common/request-context';
import { Permission } from './permissions';
import { DURING_PASSWORD_CHANGE_KEY, PERMISSION_KEY, PUBLIC_KEY } from './auth.decorators';
import { SessionService } from './session.service';

export function bearerToken(req: AppRequest): string | null {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match ? match[1] : null;
}

/**
 * The one global guard. It resolves the caller (Bearer token under /api, session cookie on pages —
 * so the JSON API is not reachable with a cookie and needs no CSRF token), then enforces the route's
 * declared permission. Denials are audited by the exception filter.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionService,
    @InjectAppConfig() private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets) === true;
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(PERMISSION_KEY, targets);
    if (!isPublic && !permission) {
      // A route without a declared permission is a programming error; never let it through.
      throw new AppException(ErrorCode.Forbidden, HttpStatus.FORBIDDEN);
    }
    const req = context.switchToHttp().getRequest<AppRequest>();
    const token = isApiRequest(req)
      ? bearerToken(req)
      : ((req as any).cookies?.[this.config.session.cookieName] as string | undefined);
    let expired = false;
    if (token) {
      const resolved = await this.sessions.resolve(token);
      if (resolved === 'expired') expired = true;
      else if (resolved !== 'none') req.auth = resolved.auth;
    }
    if (isPublic) return true;
    req.routePermission = permission;
    if (!req.auth) {
      throw new AppException(
        expired ? ErrorCode.SessionExpired : ErrorCode.Unauthenticated,
        HttpStatus.UNAUTHORIZED,
      );
    }
    const allowedDuringChange =
      this.reflector.getAllAndOverride<boolean>(DURING_PASSWORD_CHANGE_KEY, targets) === true;
    if (req.auth.mustChangePassword && !allowedDuringChange) {
      throw new AppException(ErrorCode.PasswordChangeRequired, HttpStatus.FORBIDDEN);
    }
    if (!req.auth.permissions.has(permission!)) throw AppException.forbidden();
    return true;
  }
}
