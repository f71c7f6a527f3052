import { Inject } from '@nestjs/common';

/**
 * What authentication needs of the accounts, which the users module keeps (issue 15: the platform
 * imports no feature). Auth depends on this interface; the users module implements it
 * (`UserDirectoryAdapter`) and provides it under `USER_DIRECTORY`, and the application gives it to
 * the auth module (`AuthModule.forRoot({ userDirectory: UsersModule })`).
 */
export const USER_DIRECTORY = Symbol('USER_DIRECTORY');
export const InjectUserDirectory = () => Inject(USER_DIRECTORY);

/** An account as authentication reads it (the users module's User has these fields and more). */
export interface Account {
  id: string;
  username: string;
  displayName: string;
  /** argon2 hash of the password. */
  passwordHash: string;
  roles: string[];
  institutionId: string | null;
  isActive: boolean;
  mustChangePassword: boolean;
  language: string;
}

/** The answer of the lockout before a password is checked. */
export interface LoginGate {
  /** This source may not log in to this account now. */
  sourceLocked: boolean;
  /** The account is locked for every source outside the trusted networks, and this is one of them. */
  accountLocked: boolean;
}

/** The reset an administrator made that the user has not dealt with yet. */
export interface PasswordResetNotice {
  at: string;
  by: string;
}

export interface UserDirectory {
  findByUsername(username: string): Promise<Account | null>;
  findById(id: string): Promise<Account | null>;
  /** The account, or USER_NOT_FOUND. */
  get(id: string): Promise<Account>;
  setPasswordHash(userId: string, hash: string): Promise<void>;
  setLanguage(userId: string, language: string): Promise<void>;
  /** Told at the next login and on the change-password page (null when none). */
  passwordResetNotice(account: Account): Promise<PasswordResetNotice | null>;

  /**
   * The login lockout, per account and source (see the users module's LoginLockoutService). `account`
   * is what `findByUsername` gave for the username (null when unknown).
   */
  loginGate(username: string, ip: string | null | undefined, account: Account | null): Promise<LoginGate>;
  /** Counts one failed login; says which locks it started (for the audit). */
  recordLoginFailure(
    username: string,
    ip: string | null | undefined,
    account: Account | null,
  ): Promise<{ sourceLockStarted: boolean; accountLockStarted: boolean }>;
  recordLoginSuccess(username: string, ip: string | null | undefined, account: Account): Promise<void>;
}
