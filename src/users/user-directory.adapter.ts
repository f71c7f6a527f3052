import { Injectable } from '@nestjs/common';
import type { Account, LoginGate, PasswordResetNotice, UserDirectory } from '../platform/auth/user-directory';
import { LoginLockoutService } from './login-lockout.service';
import { User } from './user.entity';
import { UsersService } from './users.service';

/**
 * The users module's side of auth's `UserDirectory` (provided as `USER_DIRECTORY`): the accounts and
 * the login lockout, as authentication needs them. The accounts it hands out are `User` entities, so
 * what auth gives back is one (`asUser` reads it again only if it is not).
 */
@Injectable()
export class UserDirectoryAdapter implements UserDirectory {
  constructor(
    private readonly users: UsersService,
    private readonly lockout: LoginLockoutService,
  ) {}

  private async asUser(account: Account): Promise<User> {
    return account instanceof User ? account : this.users.get(account.id);
  }

  findByUsername(username: string): Promise<User | null> {
    return this.users.findByUsername(username);
  }

  findById(id: string): Promise<User | null> {
    return this.users.findById(id);
  }

  get(id: string): Promise<User> {
    return this.users.get(id);
  }

  setPasswordHash(userId: string, hash: string): Promise<void> {
    return this.users.setPasswordHash(userId, hash);
  }

  setLanguage(userId: string, language: string): Promise<void> {
    return this.users.setLanguage(userId, language);
  }

  async passwordResetNotice(account: Account): Promise<PasswordResetNotice | null> {
    return this.users.passwordResetNotice(await this.asUser(account));
  }

  async loginGate(
    username: string,
    ip: string | null | undefined,
    account: Account | null,
  ): Promise<LoginGate> {
    return this.lockout.gate(username, ip, account && (await this.asUser(account)));
  }

  async recordLoginFailure(
    username: string,
    ip: string | null | undefined,
    account: Account | null,
  ): Promise<{ sourceLockStarted: boolean; accountLockStarted: boolean }> {
    return this.lockout.recordFailure(username, ip, account && (await this.asUser(account)));
  }

  async recordLoginSuccess(username: string, ip: string | null | undefined, account: Account): Promise<void> {
    return this.lockout.recordSuccess(username, ip, await this.asUser(account));
  }
}
