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
import { loginSource } from './login-source';
import { InjectThrottlerOptions, InjectThrottlerStorage } from '@nestjs/throttler';

/**
 * Per-IP rate limit on login (LOGIN_RATE_LIMIT a minute); each refusal is audited. ONE bucket per
 * address for every login route (the JSON API and the page form): the throttler's default key names
 * the controller and handler, which gave each route its own bucket and an attacker twice the attempts.
 */
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
    return loginSource(req.ip); // an IPv6 /64 is one address, as for the lockout
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, name: string): string {
    return `login:${name}:${tracker}`;
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
