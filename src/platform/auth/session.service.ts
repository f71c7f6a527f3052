import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { IsNull, Repository } from 'typeorm';
import { TransactionService } from '../database/transaction.service';
import { AppConfig, InjectAppConfig } from '../config/app.config';
import { Clock } from '../common/clock';
import { AuthContext } from '../common/request-context';
import { permissionsFor, effectiveRoles } from './permissions';
import { Session } from './session.entity';
import type { Account } from './user-directory';

export type RevokeReason =
  'logout' | 'password_change' | 'disabled' | 'idle' | 'expired' | 'admin_reset' | 'roles_changed';

export interface IssuedSession {
  token: string;
  session: Session;
  /** When the session ends if unused: min(now + idle, absolute end). */
  expiresAt: Date;
}

/**
 * lastSeenAt is written at most this often (a write per request would be wasteful), and at most every
 * quarter of the idle time, so that with a short idle time (SESSION_IDLE_MINUTES=1) a session in use
 * is touched well before it would end: an active session never ends for lack of a touch.
 */
const TOUCH_INTERVAL_MS = 60_000;

export function touchIntervalMs(idleMs: number): number {
  return Math.min(TOUCH_INTERVAL_MS, Math.floor(idleMs / 4));
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Opaque server-side sessions: create, resolve with idle and absolute expiry, revoke. */
@Injectable()
export class SessionService {
  constructor(
    @InjectAppConfig() private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly tx: TransactionService,
  ) {}

  /** Inside a user action this is the action's transaction. */
  private get sessions(): Repository<Session> {
    return this.tx.manager.getRepository(Session);
  }

  private idleMs(): number {
    return this.config.session.idleMinutes * 60_000;
  }

  async issue(userId: string): Promise<IssuedSession> {
    const now = this.clock.now();
    const token = randomBytes(32).toString('base64url');
    const session = this.sessions.create({
      tokenHash: hashToken(token),
      userId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + this.config.session.maxHours * 3_600_000),
      revokedAt: null,
      revokedReason: null,
    });
    await this.tx.run(() => this.sessions.insert(session));
    return { token, session, expiresAt: this.idleExpiry(session, now) };
  }

  private idleExpiry(session: Session, now: Date): Date {
    return new Date(Math.min(now.getTime() + this.idleMs(), session.expiresAt.getTime()));
  }

  /**
   * Resolves a token to the caller, or explains why not: 'none' (unknown or revoked) or 'expired'.
   * One query per request (session joined with its user); lastSeenAt is written at most every
   * min(60 s, idle time / 4).
   */
  async resolve(token: string): Promise<{ auth: AuthContext; expiresAt: Date } | 'none' | 'expired'> {
    if (!token || token.length > 200) return 'none';
    const session = await this.sessions.findOne({
      where: { tokenHash: hashToken(token), revokedAt: IsNull() },
      relations: { user: true },
    });
    if (!session || !session.user) return 'none';
    const user = session.user;
    const now = this.clock.now();
    if (!user.isActive) {
      await this.revoke(session.id, 'disabled');
      return 'none';
    }
    if (now >= session.expiresAt) {
      await this.revoke(session.id, 'expired');
      return 'expired';
    }
    if (now.getTime() - session.lastSeenAt.getTime() >= this.idleMs()) {
      await this.revoke(session.id, 'idle');
      return 'expired';
    }
    if (now.getTime() - session.lastSeenAt.getTime() >= touchIntervalMs(this.idleMs())) {
      await this.tx.run(() => this.sessions.update({ id: session.id }, { lastSeenAt: now }));
      session.lastSeenAt = now;
    }
    return { auth: toAuthContext(user, session.id), expiresAt: this.idleExpiry(session, now) };
  }

  async revoke(sessionId: string, reason: RevokeReason): Promise<void> {
    const at = this.clock.now();
    await this.tx.run(() =>
      this.sessions.update({ id: sessionId, revokedAt: IsNull() }, { revokedAt: at, revokedReason: reason }),
    );
  }

  /** Revokes the session a raw token names, if it is still active (no error when it is not). */
  async revokeToken(token: string, reason: RevokeReason): Promise<void> {
    const at = this.clock.now();
    await this.tx.run(() =>
      this.sessions.update(
        { tokenHash: hashToken(token), revokedAt: IsNull() },
        { revokedAt: at, revokedReason: reason },
      ),
    );
  }

  async revokeAllForUser(userId: string, reason: RevokeReason): Promise<void> {
    const at = this.clock.now();
    await this.tx.run(() =>
      this.sessions.update({ userId, revokedAt: IsNull() }, { revokedAt: at, revokedReason: reason }),
    );
  }
}

export function toAuthContext(user: Account, sessionId: string): AuthContext {
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    // An administrator acts without case roles, whatever the account holds (by construction).
    roles: effectiveRoles(user.roles),
    permissions: permissionsFor(user.roles),
    institutionId: user.institutionId,
    sessionId,
    mustChangePassword: user.mustChangePassword,
    language: user.language,
  };
}
