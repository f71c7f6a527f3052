import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiExtension } from '@nestjs/swagger';
import { AppRequest, AuthContext } from '../common/request-context';
import { Permission } from './permissions';

export const PERMISSION_KEY = 'lentera:permission';
export const PUBLIC_KEY = 'lentera:public';
export const DURING_PASSWORD_CHANGE_KEY = 'lentera:during-password-change';
export const API_PERMISSION_EXTENSION = 'x-permission';

/**
 * The permission a route needs. Every route has exactly one of `@RequirePermission()` or `@Public()`;
 * a test fails otherwise. The permission also appears in the OpenAPI document.
 */
export function RequirePermission(permission: Permission) {
  return applyDecorators(
    SetMetadata(PERMISSION_KEY, permission),
    ApiBearerAuth(),
    ApiCookieAuth(),
    ApiExtension(API_PERMISSION_EXTENSION, permission),
  );
}

/** A route anyone may call, logged in or not. */
export function Public() {
  return applyDecorators(SetMetadata(PUBLIC_KEY, true), ApiExtension(API_PERMISSION_EXTENSION, 'public'));
}

/** A route a user who must change their password may still use (change it, log out, language). */
export const AllowDuringPasswordChange = () => SetMetadata(DURING_PASSWORD_CHANGE_KEY, true);

/** The authenticated caller (the guard guarantees it on non-public routes). */
export const CurrentAuth = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthContext => {
  return ctx.switchToHttp().getRequest<AppRequest>().auth as AuthContext;
});
