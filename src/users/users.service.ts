import { HttpStatus, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { EntityManager, In, Repository } from 'typeorm';
import { TransactionService } from '../platform/database/transaction.service';
import { assertPasswordAcceptable } from '../platform/auth/password-policy';
import { PasswordHasher } from '../platform/auth/password-hasher';
import { CASE_ROLES, Role, ROLES_REQUIRING_INSTITUTION } from '../platform/auth/permissions';
import { SessionService } from '../platform/auth/session.service';
import { AppException, ErrorCode } from '../platform/common/app.exception';
import { Clock } from '../platform/common/clock';
import { AuthContext, DEFAULT_LANGUAGE } from '../platform/common/request-context';
import { InstitutionsService } from '../institutions/institutions.service';
import { ServiceRole } from '../institutions/service-roles';
import { NotificationsService } from '../notifications/notifications.service';
import { applySort, ListSortDefinition, SortDirection } from '../platform/common/list-sort';
import { User } from './user.entity';
import { USER_LIST_SORT } from './user-list-sort';
import { usersWithRole } from './user-reads';

export interface UserListQuery {
  page: number;
  pageSize: number;
  role?: string;
  active?: boolean;
  q?: string;
  sort?: string;
  dir?: SortDirection;
}

export interface NewUser {
  username: string;
  displayName: string;
  roles: Role[];
  institutionId?: string | null;
  serviceRoles?: ServiceRole[];
  language?: string;
  /** The e-mail address for notifications (issue 19 item 3). */
  email?: string | null;
}

export interface UserChanges {
  version: number;
  displayName?: string;
  roles?: Role[];
  institutionId?: string | null;
  serviceRoles?: ServiceRole[];
  /** The e-mail address for notifications; null removes it. */
  email?: string | null;
}

/** A one-time password: 4 groups of 4 characters from an unambiguous alphabet (~80 bits). */
export function generateOneTimePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY346789';
  const bytes = randomBytes(16);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

/** Staff accounts: the administrator's user management and the lookups authentication needs. */
@Injectable()
export class UsersService {
  constructor(
    private readonly tx: TransactionService,
    private readonly institutions: InstitutionsService,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionService,
    private readonly clock: Clock,
    private readonly notifications: NotificationsService,
  ) {}

  /** The admin role never shares an account with a role that opens case data (422 ADMIN_ROLE_EXCLUSIVE). */
  private assertRolesCompatible(roles: readonly string[]): void {
    if (roles.includes(Role.Admin) && roles.some((r) => CASE_ROLES.includes(r as Role)))
      throw AppException.rule('ADMIN_ROLE_EXCLUSIVE');
  }

  /**
   * Tells every coordinator (and the account itself, for a reset) when an administrator gives an
   * account a case role or resets the password of an account that holds one: case access changing
   * hands is never silent. The notification names accounts and roles only.
   */
  private async tellCoordinators(
    manager: EntityManager,
    actor: AuthContext | undefined,
    user: User,
    kind: 'case_role_granted' | 'case_account_password_reset',
    roles: readonly string[],
  ): Promise<void> {
    if (!actor) return; // the system itself (first start, the demo seed): no administrator acted
    const coordinators = await usersWithRole(manager, Role.Coordinator);
    const recipients = kind === 'case_account_password_reset' ? [...coordinators, user.id] : coordinators;
    await this.notifications.notify(
      manager,
      recipients,
      kind,
      { username: user.username, roles: roles.join(','), by: actor.username },
      `/admin/users/${user.id}`,
    );
  }

  /** Inside a user action this is the action's transaction. */
  private get users(): Repository<User> {
    return this.tx.manager.getRepository(User);
  }

  normalizeUsername(username: string): string {
    return username.trim().toLowerCase();
  }

  findByUsername(username: string): Promise<User | null> {
    return this.users.findOne({ where: { username: this.normalizeUsername(username) } });
  }

  /** The e-mail address and language of active accounts (for the e-mail sender); others are absent. */
  async mailRecipients(ids: string[]): Promise<Map<string, { email: string; language: string }>> {
    if (!ids.length) return new Map();
    const rows = await this.tx.manager
      .createQueryBuilder(User, 'u')
      .select(['u.id', 'u.email', 'u.language'])
      .where('u.id IN (:...ids)', { ids })
      .andWhere('u.isActive = :active', { active: true })
      .andWhere('u.email IS NOT NULL')
      .getMany();
    return new Map(rows.map((u) => [u.id, { email: String(u.email), language: u.language }]));
  }

  findById(id: string): Promise<User | null> {
    return this.users.findOne({ where: { id }, relations: { institution: true } });
  }

  async get(id: string): Promise<User> {
    const user = await this.findById(id);
    if (!user) throw AppException.notFound();
    return user;
  }

  count(): Promise<number> {
    return this.users.count();
  }

  /** Users by the query's filters and order (`sorts`: the list's columns, the user list's unless told). */
  async list(
    q: UserListQuery,
    sorts: ListSortDefinition = USER_LIST_SORT,
  ): Promise<{ items: User[]; total: number }> {
    const qb = this.users.createQueryBuilder('u').leftJoinAndSelect('u.institution', 'i');
    if (q.role) qb.andWhere("(',' || u.roles || ',') LIKE :role", { role: `%,${q.role},%` });
    if (q.active !== undefined) qb.andWhere('u.isActive = :active', { active: q.active });
    if (q.q) {
      qb.andWhere('(LOWER(u.username) LIKE :q OR LOWER(u.displayName) LIKE :q)', {
        q: `%${q.q.toLowerCase().replace(/[%_]/g, '')}%`,
      });
    }
    const [items, total] = await applySort(qb, sorts, q)
      .skip((q.page - 1) * q.pageSize)
      .take(q.pageSize)
      .getManyAndCount();
    return { items, total };
  }

  private async assertInstitutionRule(
    roles: Role[],
    institutionId: string | null | undefined,
  ): Promise<void> {
    if (institutionId) {
      if (!(await this.institutions.exists(institutionId)))
        throw AppException.rule(ErrorCode.InstitutionNotFound);
    } else if (roles.some((r) => ROLES_REQUIRING_INSTITUTION.includes(r))) {
      throw AppException.rule(ErrorCode.InstitutionRequired);
    }
  }

  /**
   * The service roles a user handles: only team members handle any (others' are dropped), and only
   * roles their institution provides (422 SERVICE_ROLE_NOT_PROVIDED).
   */
  private async serviceRolesFor(
    roles: Role[],
    institutionId: string | null | undefined,
    serviceRoles: ServiceRole[] | null | undefined,
  ): Promise<ServiceRole[]> {
    if (!roles.includes(Role.TeamMember) || !institutionId) return [];
    const wanted = [...new Set(serviceRoles ?? [])];
    if (!wanted.length) return [];
    const institution = await this.institutions.get(institutionId);
    const provided = institution.serviceRoles ?? [];
    const missing = wanted.find((r) => !provided.includes(r));
    if (missing) throw AppException.rule('SERVICE_ROLE_NOT_PROVIDED', { role: missing });
    return wanted;
  }

  /**
   * Creates an account with a one-time password that must be changed at first login. The password
   * is returned once, to be handed to the person; it is not stored anywhere in clear.
   */
  async create(
    input: NewUser,
    options: { password?: string; mustChangePassword?: boolean; actor?: AuthContext } = {},
  ): Promise<{ user: User; oneTimePassword: string }> {
    const username = this.normalizeUsername(input.username);
    this.assertRolesCompatible(input.roles);
    if (await this.findByUsername(username)) throw AppException.conflict(ErrorCode.UsernameTaken);
    await this.assertInstitutionRule(input.roles, input.institutionId);
    const serviceRoles = await this.serviceRolesFor(input.roles, input.institutionId, input.serviceRoles);
    const password = options.password ?? generateOneTimePassword();
    if (options.password) assertPasswordAcceptable(password, username);
    const now = this.clock.now();
    const user = this.users.create({
      username,
      displayName: input.displayName.trim(),
      passwordHash: await this.hasher.hash(password),
      roles: [...new Set(input.roles)],
      institutionId: input.institutionId ?? null,
      serviceRoles,
      isActive: true,
      mustChangePassword: options.mustChangePassword ?? true,
      failedLoginCount: 0,
      lockedUntil: null,
      language: input.language ?? DEFAULT_LANGUAGE,
      email: input.email?.trim() || null,
      lastLoginAt: null,
      passwordChangedAt: now,
      passwordResetAt: null,
      passwordResetById: null,
      createdAt: now,
      updatedAt: now,
      version: 1,
    });
    try {
      await this.tx.run(async (m) => {
        await m.save(User, user);
        const caseRoles = user.roles.filter((r) => CASE_ROLES.includes(r as Role));
        if (caseRoles.length)
          await this.tellCoordinators(m, options.actor, user, 'case_role_granted', caseRoles);
      });
    } catch (err) {
      if (await this.findByUsername(username)) throw AppException.conflict(ErrorCode.UsernameTaken);
      throw err;
    }
    return { user, oneTimePassword: password };
  }

  /** Saves with optimistic locking: the caller's version must be the stored one. */
  private async saveVersioned(manager: EntityManager, user: User, version: number): Promise<User> {
    if (user.version !== version) throw AppException.versionConflict();
    user.updatedAt = this.clock.now();
    const result = await manager
      .createQueryBuilder()
      .update(User)
      .set({ ...this.columnsOf(user), version: version + 1 })
      .where('id = :id AND version = :version', { id: user.id, version })
      .execute();
    if (!result.affected) throw AppException.versionConflict();
    user.version = version + 1;
    return user;
  }

  private columnsOf(user: User): Partial<User> {
    const { institution: _i, version: _v, id: _id, ...columns } = user;
    return columns;
  }

  private async activeAdminCount(manager: EntityManager, exceptId: string): Promise<number> {
    return manager
      .createQueryBuilder(User, 'u')
      .where("(',' || u.roles || ',') LIKE :role", { role: `%,${Role.Admin},%` })
      .andWhere('u.isActive = :active', { active: true })
      .andWhere('u.id <> :id', { id: exceptId })
      .getCount();
  }

  async update(actor: AuthContext, id: string, changes: UserChanges): Promise<User> {
    return this.tx.run(async (manager) => {
      const user = await manager.findOne(User, { where: { id } });
      if (!user) throw AppException.notFound();
      const roles = changes.roles ? [...new Set(changes.roles)] : (user.roles as Role[]);
      const sameRoles = [...roles].sort().join(',') === [...user.roles].sort().join(',');
      // Nobody changes their own roles: granting oneself case access is the first thing to refuse.
      if (user.id === actor.userId && !sameRoles)
        throw new AppException('OWN_ROLES_UNCHANGEABLE', HttpStatus.FORBIDDEN);
      this.assertRolesCompatible(roles);
      const institutionId = changes.institutionId !== undefined ? changes.institutionId : user.institutionId;
      await this.assertInstitutionRule(roles, institutionId);
      const serviceRoles = await this.serviceRolesFor(
        roles,
        institutionId,
        changes.serviceRoles !== undefined ? changes.serviceRoles : user.serviceRoles,
      );
      const losesAdmin = user.roles.includes(Role.Admin) && !roles.includes(Role.Admin);
      if (losesAdmin && (await this.activeAdminCount(manager, user.id)) === 0)
        throw AppException.rule(ErrorCode.LastAdmin);
      const rolesChanged = roles.join(',') !== user.roles.join(',');
      const previousRoles = [...user.roles];
      if (changes.displayName !== undefined) user.displayName = changes.displayName.trim();
      if (changes.email !== undefined) user.email = changes.email ? changes.email.trim() : null;
      user.roles = roles;
      user.institutionId = institutionId ?? null;
      user.serviceRoles = serviceRoles;
      const granted = roles.filter((r) => CASE_ROLES.includes(r) && !previousRoles.includes(r));
      await this.saveVersioned(manager, user, changes.version);
      if (rolesChanged) await this.sessions.revokeAllForUser(user.id, 'roles_changed');
      if (granted.length) await this.tellCoordinators(manager, actor, user, 'case_role_granted', granted);
      return user;
    });
  }

  async setActive(actor: AuthContext, id: string, active: boolean, version: number): Promise<User> {
    return this.tx.run(async (manager) => {
      const user = await manager.findOne(User, { where: { id } });
      if (!user) throw AppException.notFound();
      if (!active && user.id === actor.userId) throw AppException.rule(ErrorCode.CannotDisableSelf);
      if (
        !active &&
        user.roles.includes(Role.Admin) &&
        (await this.activeAdminCount(manager, user.id)) === 0
      ) {
        throw AppException.rule(ErrorCode.LastAdmin);
      }
      user.isActive = active;
      await this.saveVersioned(manager, user, version);
      if (!active) await this.sessions.revokeAllForUser(user.id, 'disabled');
      return user;
    });
  }

  /**
   * Gives the account a new one-time password, unlocks it and ends its sessions. Resetting an account
   * that holds a case role is told to every coordinator and to the account (and at its next login).
   */
  async resetPassword(
    actor: AuthContext,
    id: string,
    version: number,
  ): Promise<{ user: User; oneTimePassword: string }> {
    const password = generateOneTimePassword();
    const hash = await this.hasher.hash(password);
    const user = await this.tx.run(async (manager) => {
      const u = await manager.findOne(User, { where: { id } });
      if (!u) throw AppException.notFound();
      const now = this.clock.now();
      u.passwordHash = hash;
      u.mustChangePassword = true;
      u.failedLoginCount = 0;
      u.lockedUntil = null;
      u.passwordChangedAt = now;
      u.passwordResetAt = now;
      u.passwordResetById = actor.userId;
      const saved = await this.saveVersioned(manager, u, version);
      const caseRoles = u.roles.filter((r) => CASE_ROLES.includes(r as Role));
      if (caseRoles.length)
        await this.tellCoordinators(manager, actor, u, 'case_account_password_reset', caseRoles);
      return saved;
    });
    await this.sessions.revokeAllForUser(user.id, 'admin_reset');
    return { user, oneTimePassword: password };
  }

  /**
   * Login bookkeeping (no version check: it is the system, not an editor, changing these): the
   * account-wide failure counter of the login lockout (users/login-lockout.service.ts). One failure
   * is ONE atomic UPDATE that adds 1 to the stored count (never a read, add and write in code, which
   * concurrent failures would overwrite) and sets the lock when the count reaches `maxFailures`; a
   * failure after an expired lock starts a new count. The row is then read back in the same
   * transaction: the UPDATE holds the row until commit (PostgreSQL), and sqlite runs transactions one
   * at a time, so the values read are this failure's. An id that names no account changes nothing.
   */
  async recordLoginFailure(
    user: Pick<User, 'id'>,
    maxFailures: number,
    lockMinutes: number,
  ): Promise<{ locked: boolean; lockStarted: boolean; failures: number }> {
    const now = this.clock.now();
    const until = new Date(now.getTime() + lockMinutes * 60_000);
    const expired = '("lockedUntil" IS NOT NULL AND "lockedUntil" <= :now)';
    const count = `(CASE WHEN ${expired} THEN 1 ELSE "failedLoginCount" + 1 END)`;
    return this.tx.run(async (m) => {
      await m
        .createQueryBuilder()
        .update(User)
        .set({
          failedLoginCount: () => count,
          lockedUntil: () =>
            `(CASE WHEN ("lockedUntil" IS NULL OR ${expired}) AND ${count} >= :max THEN :until ` +
            `WHEN ${expired} THEN NULL ELSE "lockedUntil" END)`,
        })
        .where('id = :id')
        .setParameters({ id: user.id, now, until, max: maxFailures })
        .execute();
      const row = await m.findOne(User, {
        where: { id: user.id },
        select: { id: true, failedLoginCount: true, lockedUntil: true },
      });
      return {
        locked: !!row?.lockedUntil && row.lockedUntil > now,
        // Only this failure's statement can have set the lock to exactly `until`.
        lockStarted: row?.lockedUntil?.getTime() === until.getTime(),
        failures: row?.failedLoginCount ?? 0,
      };
    });
  }

  /** A successful login: the failure count starts afresh, unless the account is locked (it stays). */
  async recordLoginSuccess(user: Pick<User, 'id'>): Promise<void> {
    const now = this.clock.now();
    const locked = '("lockedUntil" IS NOT NULL AND "lockedUntil" > :now)';
    await this.tx.run((m) =>
      m
        .createQueryBuilder()
        .update(User)
        .set({
          failedLoginCount: () => `(CASE WHEN ${locked} THEN "failedLoginCount" ELSE 0 END)`,
          lockedUntil: () => `(CASE WHEN ${locked} THEN "lockedUntil" ELSE NULL END)`,
          lastLoginAt: () => ':now',
        })
        .where('id = :id')
        .setParameters({ id: user.id, now })
        .execute(),
    );
  }

  /** The administrator's unlock of the account-wide lock. */
  async clearLoginLock(userId: string): Promise<void> {
    await this.tx.run(() => this.users.update({ id: userId }, { failedLoginCount: 0, lockedUntil: null }));
  }

  async setPasswordHash(userId: string, hash: string): Promise<void> {
    const now = this.clock.now();
    await this.tx.run(() =>
      this.users.update(
        { id: userId },
        { passwordHash: hash, mustChangePassword: false, passwordChangedAt: now, updatedAt: now },
      ),
    );
  }

  async setLanguage(userId: string, language: string): Promise<void> {
    await this.tx.run(() => this.users.update({ id: userId }, { language }));
  }

  /** For the demo seed: set a known password without forcing a change. */
  async setKnownPassword(userId: string, password: string): Promise<void> {
    const hash = await this.hasher.hash(password);
    await this.tx.run(async () => {
      await this.setPasswordHash(userId, hash);
      await this.users.update({ id: userId }, { isActive: true, failedLoginCount: 0, lockedUntil: null });
    });
  }

  /**
   * The reset an administrator made that the user has not dealt with yet (null when none): told at
   * the next login, and on the change-password page until the one-time password is replaced.
   */
  async passwordResetNotice(user: User): Promise<{ at: string; by: string } | null> {
    if (!user.passwordResetAt) return null;
    const seen = user.lastLoginAt && user.lastLoginAt.getTime() > user.passwordResetAt.getTime();
    if (seen && !user.mustChangePassword) return null;
    const by = user.passwordResetById
      ? await this.users.findOne({ where: { id: user.passwordResetById } })
      : null;
    return { at: user.passwordResetAt.toISOString(), by: by?.displayName ?? by?.username ?? '—' };
  }

  findByIds(ids: string[]): Promise<User[]> {
    return ids.length ? this.users.find({ where: { id: In(ids) } }) : Promise.resolve([]);
  }
}
