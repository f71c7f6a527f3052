import { ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import {
  ThrottlerGuard,
  ThrottlerLimitDetail,
  ThrottlerModuleOptions,
  ThrottlerStorage,
} from '@nestjs/throttler';
import { Reflector } from '@nestjs/core';
import { AuditService } from '../audit/audit.service';
import { AppException, ErrorCode } from '../common/app.exception';
import { AppRequest } from '../common/request-context';
import { InjectThrottlerOptions, InjectThrottlerStorage } from '@nestjs/throttler';

/** Per-IP rate limit on login (LOGIN_RATE_LIMIT a minute); each refusal is audited. */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly audit: AuditService,
  ) {
    super(options, storage, reflector);
  }

  protected override async getTracker(req: Record<string, any>): Promise<string> {
    return String(req.ip ?? 'unknown');
  }

  protected override async throwThrottlingException(
    context: ExecutionContext,
    _detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const req = context.switchToHttp().getRequest<AppRequest>();
    await this.audit.record(req, {
      action: 'auth.login',
      outcome: 'denied',
      code: ErrorCode.RateLimited,
      userId: null,
      username: null,
      roles: [],
    });
    throw new AppException(ErrorCode.RateLimited, HttpStatus.TOO_MANY_REQUESTS);
  }
}
