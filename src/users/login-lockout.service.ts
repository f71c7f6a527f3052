import { Injectable } from '@nestjs/common';
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { In, LessThan, MoreThan } from 'typeorm';
import { AuditService } from '../platform/audit/audit.service';
import { loginSource } from '../platform/auth/login-source';
import type { LoginGate } from '../platform/auth/user-directory';
import { AppException, ErrorCode } from '../platform/common/app.exception';
import { Clock } from '../platform/common/clock';
import { AppRequest } from '../platform/common/request-context';
import { AppConfig, InjectAppConfig } from '../platform/config/app.config';
import { parseNetwork } from '../platform/config/env.validation';
import { BlindIndexService } from '../platform/crypto/blind-index.service';
import { TransactionService } from '../platform/database/transaction.service';
import { LoginFailure } from './login-failure.entity';
import { User } from './user.entity';
import { UsersService } from './users.service';

/** Rows of sources that stopped failing are forgotten after a day (their lock, if any, has ended). */
const FORGET_AFTER_MS = 24 * 3_600_000;
const CLEANUP_EVERY_MS = 60_000;
/** Used for the account counter's UPDATE when the username is unknown: it matches no row. */
const NO_USER_ID = '00000000-0000-0000-0000-000000000000';

/**
 * The login lockout, per account AND source:
 *  - LOGIN_MAX_FAILURES failures to one account from one source (address, or IPv6 /64) lock that
 *    source out of that account for LOGIN_LOCK_MINUTES; other sources are not affected, so whoever
 *    can make requests cannot lock the owner (or the only administrator) out of the centre;
 *  - LOGIN_ACCOUNT_MAX_FAILURES failures from every source outside the centre's trusted networks
 *    (LOGIN_TRUSTED_NETWORKS), counted since the account's last successful login, lock the account
 *    for those sources (a ceiling against guessing from many addresses); logins from the trusted
 *    networks are never refused by it;
 *  - a lock ends when its time is up, or when an administrator unlocks the account (all its locks);
 *    there is no other way back (Lentera has no second factor).
 * Counts are atomic statements (never read, add and write in code), so concurrent failures all count.
 */
@Injectable()
export class LoginLockoutService {
  private readonly trusted = new BlockList();
  private lastCleanup = 0;

  constructor(
    private readonly tx: TransactionService,
    private readonly users: UsersService,
    private readonly blindIndex: BlindIndexService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @InjectAppConfig() private readonly config: AppConfig,
  ) {
    for (const text of config.login.trustedNetworks) {
      const network = parseNetwork(text);
      if (network) this.trusted.addSubnet(network.address, network.prefix, network.type);
    }
  }

  /** Whether an address is in the centre's trusted networks (LOGIN_TRUSTED_NETWORKS). */
  isTrusted(ip: string | null | undefined): boolean {
    const source = loginSource(ip);
    if (isIPv4(source)) return this.trusted.check(source, 'ipv4');
    const address = String(ip ?? '').trim();
    return isIPv6(address) && this.trusted.check(address, 'ipv6');
  }

  private usernameHash(username: string): string {
    return this.blindIndex.compute('login.username', this.users.normalizeUsername(username));
  }

  /** Whether this login may be tried at all (read before the password is checked). */
  async gate(username: string, ip: string | null | undefined, user: User | null): Promise<LoginGate> {
    const now = this.clock.now();
    const row = await this.tx.manager.findOne(LoginFailure, {
      where: { usernameHash: this.usernameHash(username), source: loginSource(ip) },
      select: { usernameHash: true, lockedUntil: true },
    });
    return {
      sourceLocked: !!row?.lockedUntil && row.lockedUntil > now,
      accountLocked: !!user?.lockedUntil && user.lockedUntil > now && !this.isTrusted(ip),
    };
  }

  /**
   * Counts one failure, for the source (always, known username or not) and, outside the trusted
   * networks, for the account. Says which locks this failure started (for the audit).
   */
  async recordFailure(
    username: string,
    ip: string | null | undefined,
    user: User | null,
  ): Promise<{ sourceLockStarted: boolean; accountLockStarted: boolean }> {
    const now = this.clock.now();
    const until = new Date(now.getTime() + this.config.login.lockMinutes * 60_000);
    const usernameHash = this.usernameHash(username);
    const source = loginSource(ip);
    return this.tx.run(async (m) => {
      // Insert-or-nothing, then one atomic UPDATE: concurrent failures from one source all count.
      await m
        .createQueryBuilder()
        .insert()
        .into(LoginFailure)
        .values({ usernameHash, source, failures: 0, lockedUntil: null, lastFailureAt: now })
        .orIgnore()
        .execute();
      const expired = '("lockedUntil" IS NOT NULL AND "lockedUntil" <= :now)';
      const count = `(CASE WHEN ${expired} THEN 1 ELSE "failures" + 1 END)`;
      await m
        .createQueryBuilder()
        .update(LoginFailure)
        .set({
          failures: () => count,
          lockedUntil: () =>
            `(CASE WHEN ("lockedUntil" IS NULL OR ${expired}) AND ${count} >= :max THEN :until ` +
            `WHEN ${expired} THEN NULL ELSE "lockedUntil" END)`,
          lastFailureAt: () => ':now',
        })
        .where('"usernameHash" = :usernameHash AND "source" = :source')
        .setParameters({ usernameHash, source, now, until, max: this.config.login.maxFailures })
        .execute();
      const after = await m.findOne(LoginFailure, {
        where: { usernameHash, source },
        select: { usernameHash: true, lockedUntil: true },
      });
      // Only this failure's statement can have set the lock to exactly `until`.
      const sourceLockStarted = after?.lockedUntil?.getTime() === until.getTime();
      // The account's counter: the same statement for an unknown username (it matches no row).
      let accountLockStarted = false;
      if (!this.isTrusted(ip)) {
        const account = await this.users.recordLoginFailure(
          { id: user?.id ?? NO_USER_ID },
          this.config.login.accountMaxFailures,
          this.config.login.lockMinutes,
        );
        accountLockStarted = account.lockStarted;
      }
      await this.forgetStale(now);
      return { sourceLockStarted, accountLockStarted };
    });
  }

  /** A successful login: the source starts afresh; the account's counter too, unless it is locked. */
  async recordSuccess(username: string, ip: string | null | undefined, user: User): Promise<void> {
    await this.tx.run(async (m) => {
      await m.delete(LoginFailure, { usernameHash: this.usernameHash(username), source: loginSource(ip) });
      await this.users.recordLoginSuccess(user);
    });
  }

  /** Every lock of the account ends now: each source's and the account-wide one. */
  async unlock(user: Pick<User, 'id' | 'username'>): Promise<void> {
    await this.tx.run(async (m) => {
      await m.delete(LoginFailure, { usernameHash: this.usernameHash(user.username) });
      await this.users.clearLoginLock(user.id);
    });
  }

  /**
   * The administrator's unlock (API and page): the unlock and its `auth.unlock` audit row commit
   * together; a refusal (unknown account) is audited `failed`.
   */
  async unlockAudited(req: AppRequest, userId: string): Promise<void> {
    const entry = { action: 'auth.unlock', resourceType: 'user', resourceId: userId };
    try {
      await this.tx.run(async () => {
        await this.unlock(await this.users.get(userId));
        await this.audit.record(req, { ...entry, outcome: 'allowed' });
      });
    } catch (err) {
      const code = err instanceof AppException ? err.code : ErrorCode.Internal;
      await this.audit.record(req, { ...entry, outcome: 'failed', code }).catch(() => undefined);
      throw err;
    }
  }

  /** How many sources are locked out of each account now (one query for all of them). */
  async lockedSources(usernames: string[]): Promise<Map<string, number>> {
    const result = new Map(usernames.map((u) => [u, 0]));
    if (!usernames.length) return result;
    const hashes = new Map(usernames.map((u) => [this.usernameHash(u), u]));
    const rows = await this.tx.manager
      .createQueryBuilder(LoginFailure, 'f')
      .select('f.usernameHash', 'usernameHash')
      .addSelect('COUNT(*)', 'n')
      .where({ usernameHash: In([...hashes.keys()]), lockedUntil: MoreThan(this.clock.now()) })
      .groupBy('f.usernameHash')
      .getRawMany<{ usernameHash: string; n: string | number }>();
    for (const row of rows) result.set(hashes.get(row.usernameHash)!, Number(row.n));
    return result;
  }

  /** Forgets sources that stopped failing a day ago (at most once a minute per process). */
  private async forgetStale(now: Date): Promise<void> {
    if (Math.abs(now.getTime() - this.lastCleanup) < CLEANUP_EVERY_MS) return;
    this.lastCleanup = now.getTime();
    const before = new Date(now.getTime() - FORGET_AFTER_MS);
    await this.tx.manager
      .createQueryBuilder()
      .delete()
      .from(LoginFailure)
      .where({ lastFailureAt: LessThan(before) })
      .andWhere('("lockedUntil" IS NULL OR "lockedUntil" <= :now)', { now })
      .execute();
  }
}
