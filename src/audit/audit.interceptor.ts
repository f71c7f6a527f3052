import {
  CallHandler,
  ExecutionContext,
  HttpException,
  Injectable,
  NestInterceptor,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { catchError, from, mergeMap, Observable, throwError } from 'rxjs';
import { AppException, codeForStatus } from '../common/app.exception';
import { AppRequest } from '../common/request-context';
import { AuditService } from './audit.service';

export const MANUAL_AUDIT_KEY = 'lentera:manual-audit';
/** The route's service records its own, more precise audit events. */
export const AuditedManually = () => SetMetadata(MANUAL_AUDIT_KEY, true);

function resourceIdOf(req: AppRequest): string | null {
  const params = (req.params ?? {}) as Record<string, string>;
  return params.id ?? null;
}

/**
 * Records every authenticated request against a resource: allowed when the handler succeeds,
 * failed (with the error code) when it throws. Denials (403) are recorded by the exception filter,
 * which also sees the guard's refusals.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly audit: AuditService,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<AppRequest>();
    const action = req.routePermission;
    const manual = this.reflector.getAllAndOverride<boolean>(MANUAL_AUDIT_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (context.getType() !== 'http' || !action || !req.auth || manual) return next.handle();
    const base = { action, resourceType: action.split('.')[0], resourceId: resourceIdOf(req) };
    return next.handle().pipe(
      mergeMap((value) => from(this.audit.record(req, { ...base, outcome: 'allowed' }).then(() => value))),
      catchError((err) => {
        const status = err instanceof HttpException ? err.getStatus() : 500;
        if (status === 403) return throwError(() => err);
        const code = err instanceof AppException ? err.code : codeForStatus(status);
        return from(this.audit.record(req, { ...base, outcome: 'failed', code }).catch(() => undefined)).pipe(
          mergeMap(() => throwError(() => err)),
        );
      }),
    );
  }
}
