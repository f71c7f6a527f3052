import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import * as path from 'node:path';
import { Role } from '../platform/auth/permissions';
import { AppConfig, InjectAppConfig } from '../platform/config/app.config';
import { writeSecretFile } from '../platform/crypto/key-ring';
import { UsersService } from './users.service';

export const INITIAL_ADMIN_FILE = 'initial-admin-password.txt';

/**
 * On a database without users, creates `admin` with a random one-time password written only to
 * DATA_DIR/initial-admin-password.txt (mode 600); the log says where it is, never the password (a
 * console ends up in service logs). The first login must change it.
 */
@Injectable()
export class InitialAdminService implements OnApplicationBootstrap {
  private readonly logger = new Logger('InitialAdmin');

  constructor(
    private readonly users: UsersService,
    @InjectAppConfig() private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.ensureAdmin();
  }

  async ensureAdmin(): Promise<boolean> {
    if ((await this.users.count()) > 0) return false;
    let created;
    try {
      created = await this.users.create({
        username: 'admin',
        displayName: 'Administrator',
        roles: [Role.Admin],
      });
    } catch {
      return false; // another instance created it first
    }
    const file = path.join(this.config.dataDir, INITIAL_ADMIN_FILE);
    writeSecretFile(file, `username: admin\npassword: ${created.oneTimePassword}\n`);
    // The password goes to the file only: a console ends up in service logs (journald, docker logs).
    this.logger.warn(
      `created the initial admin account "admin"; its one-time password is in ${file} (mode 600, ` +
        'readable by the user running Lentera only); the first login must change it',
    );
    return true;
  }
}
