import { HttpStatus, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AuditService } from '../audit/audit.service';
import { AppException, ErrorCode } from '../common/app.exception';
import { TransactionService } from '../database/transaction.service';
import { AuthContext } from '../common/request-context';
import { assertPasswordAcceptable } from './password-policy';
import { PasswordHasher } from './password-hasher';
import { IssuedSession, SessionService, toAuthContext } from './session.service';
import { Account, InjectUserDirectory, UserDirectory } from './user-directory';

/**
 * Sent with every logout: the browser drops what it cached of the site, its cookies and storage, so
 * the next person at the computer finds nothing of the last one's pages (Back shows no case).
 */
export const CLEAR_SITE_DATA = '"cache", "cookies", "storage"';

export interface LoginResult extends IssuedSession {
  user: Account;
}

/** Login with lockout, logout and password change. Every attempt is audited. */
@Injectable()
export class AuthService {
  constructor(
    @InjectUserDirectory() private readonly users: UserDirectory,
    private readonly sessions: SessionService,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    private readonly tx: TransactionService,
  ) {}

  /**
   * Refuses a login: audited with the true reason (`auditCode`), answered with `code`. A wrong
   * password, an unknown username and a lock all answer LOGIN_FAILED, so the answer tells nobody
   * which accounts exist or are locked.
   */
  private async fail(
    req: FastifyRequest,
    user: Account | null,
    auditCode: ErrorCode,
    code: ErrorCode = auditCode,
  ): Promise<never> {
    await this.audit.record(req, {
      action: 'auth.login',
      outcome: 'denied',
      code: auditCode,
      userId: user?.id ?? null,
      username: user?.username ?? null,
      roles: user?.roles ?? [],
      resourceType: 'user',
      resourceId: user?.id ?? null,
    });
    throw new AppException(code, HttpStatus.UNAUTHORIZED);
  }

  /**
   * Login with the lockout the user directory applies (per account and source, a ceiling per account).
   * Every attempt does the same work whatever its outcome: argon2 runs against the account's hash,
   * or a dummy hash for an unknown username, locked or not; a refused attempt (wrong, unknown or
   * locked, even with the right password) is counted by the same statements and answers the same
   * 401 LOGIN_FAILED.
   */
  async login(req: FastifyRequest, username: string, password: string): Promise<LoginResult> {
    const user = await this.users.findByUsername(username);
    const gate = await this.users.loginGate(username, req.ip, user);
    const ok = await this.hasher.verify(user?.passwordHash ?? null, password);
    const locked = gate.sourceLocked || gate.accountLocked;
    if (!user || !ok || locked) {
      const started = await this.users.recordLoginFailure(username, req.ip, user);
      if (user && (started.sourceLockStarted || started.accountLockStarted)) {
        await this.audit.record(req, {
          action: 'auth.lockout',
          outcome: 'denied',
          code: ErrorCode.AccountLocked,
          userId: user.id,
          username: user.username,
          roles: user.roles,
          resourceType: 'user',
          resourceId: user.id,
        });
      }
      return this.fail(
        req,
        user,
        locked ? ErrorCode.AccountLocked : ErrorCode.LoginFailed,
        ErrorCode.LoginFailed,
      );
    }
    if (!user.isActive) return this.fail(req, user, ErrorCode.AccountDisabled);
    await this.users.recordLoginSuccess(username, req.ip, user);
    const issued = await this.sessions.issue(user.id);
    (req as any).auth = toAuthContext(user, issued.session.id);
    await this.audit.record(req, {
      action: 'auth.login',
      outcome: 'allowed',
      resourceType: 'user',
      resourceId: user.id,
    });
    return { ...issued, user };
  }

  /**
   * A login from a browser that still holds a session cookie ends that session: the browser gets a
   * fresh token, and the old one (which may have been planted or copied) stops working.
   */
  async endPresentedSession(token: string | undefined): Promise<void> {
    if (token) await this.sessions.revokeToken(token, 'logout');
  }

  async logout(req: FastifyRequest, auth: AuthContext): Promise<void> {
    await this.sessions.revoke(auth.sessionId, 'logout');
    await this.audit.record(req, {
      action: 'auth.logout',
      outcome: 'allowed',
      resourceType: 'user',
      resourceId: auth.userId,
    });
  }

  /**
   * Changes the caller's password, ends every session of the account (including this one) and
   * issues a fresh session for the caller, so a stolen token dies with the old password.
   */
  async changePassword(
    req: FastifyRequest,
    auth: AuthContext,
    current: string,
    next: string,
  ): Promise<IssuedSession> {
    const user = await this.users.get(auth.userId);
    if (!(await this.hasher.verify(user.passwordHash, current))) {
      await this.audit.record(req, {
        action: 'auth.password_change',
        outcome: 'denied',
        code: ErrorCode.CurrentPasswordWrong,
        resourceType: 'user',
        resourceId: user.id,
      });
      throw AppException.rule(ErrorCode.CurrentPasswordWrong);
    }
    if (current === next) throw AppException.rule(ErrorCode.PasswordUnchanged);
    assertPasswordAcceptable(next, user.username);
    const hash = await this.hasher.hash(next);
    // One transaction: the new password, the end of every old session and the new session.
    const issued = await this.tx.run(async () => {
      await this.users.setPasswordHash(user.id, hash);
      await this.sessions.revokeAllForUser(user.id, 'password_change');
      return this.sessions.issue(user.id);
    });
    await this.audit.record(req, {
      action: 'auth.password_change',
      outcome: 'allowed',
      resourceType: 'user',
      resourceId: user.id,
    });
    return issued;
  }
}
