import {
  CallHandler,
  ExecutionContext,
  HttpException,
  Injectable,
  NestInterceptor,
  SetMetadata,
} from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { Reflector } from '@nestjs/core';
import { catchError, defer, from, lastValueFrom, mergeMap, Observable, throwError } from 'rxjs';
import { AppException, codeForStatus } from '../common/app.exception';
import { AppRequest } from '../common/request-context';
import { TransactionService } from '../database/transaction.service';
import { AuditService } from './audit.service';

export const MANUAL_AUDIT_KEY = 'lentera:manual-audit';
/** The route's service records its own, more precise audit events. */
export const AuditedManually = () => SetMetadata(MANUAL_AUDIT_KEY, true);

function resourceIdOf(req: AppRequest): string | null {
  const params = (req.params ?? {}) as Record<string, string>;
  return params.id ?? null;
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether the handler takes the raw reply (@Res()) and sends the response itself. */
function sendsItself(context: ExecutionContext): boolean {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), context.getHandler().name) ??
    {}) as Record<string, unknown>;
  return Object.keys(args).some((key) => key.split(':')[0] === String(RouteParamtypes.RESPONSE));
}

/**
 * Records every authenticated request against a resource: allowed when the handler succeeds,
 * failed (with the error code) when it throws. Denials (403) are recorded by the exception filter,
 * which also sees the guard's refusals. The "allowed" row is written before the response goes out:
 * for a value the handler returns, here; for a handler that sends the reply itself (pages,
 * downloads), by the onSend hook (bootstrap.ts) through `req.auditBeforeSend` — so a page or file is
 * never served without its audit row, and a failed audit write refuses it.
 *
 * A write (POST, PUT, PATCH, DELETE) that returns its result runs in ONE transaction with its audit
 * row: the handler's own `tx.run()` calls join it, so the action and the record of it commit together
 * (one transaction per user action; no action without its row). A refused or failed write rolls
 * back and is recorded `failed` in a transaction of its own.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly audit: AuditService,
    private readonly reflector: Reflector,
    private readonly tx: TransactionService,
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
    const allowed = () => this.audit.record(req, { ...base, outcome: 'allowed' });
    const failed = (err: unknown) => {
      req.auditBeforeSend = null; // the error reply is not an allowed access
      const status = err instanceof HttpException ? err.getStatus() : 500;
      if (status === 403) return throwError(() => err);
      const code = err instanceof AppException ? err.code : codeForStatus(status);
      return from(this.audit.record(req, { ...base, outcome: 'failed', code }).catch(() => undefined)).pipe(
        mergeMap(() => throwError(() => err)),
      );
    };
    const sends = sendsItself(context);
    if (!sends && !READS.has(req.method)) {
      // A write: the action and its audit row in one transaction.
      return defer(() =>
        this.tx.run(async () => {
          const value: unknown = await lastValueFrom(next.handle(), { defaultValue: undefined });
          await allowed();
          return value;
        }),
      ).pipe(catchError(failed));
    }
    if (sends) req.auditBeforeSend = allowed;
    return next.handle().pipe(
      mergeMap((value) => {
        // A read's row; a handler with @Res() that returned without sending is recorded now.
        const pending = sends ? req.auditBeforeSend : allowed;
        req.auditBeforeSend = null;
        return from((pending ? pending() : Promise.resolve()).then(() => value));
      }),
      catchError(failed),
    );
  }
}
