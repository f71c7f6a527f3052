import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import * as path from 'node:path';
import { Role } from '../auth/permissions';
import { AppConfig, InjectAppConfig } from '../config/app.config';
import { writeSecretFile } from '../crypto/key-ring';
import { UsersService } from './users.service';

export const INITIAL_ADMIN_FILE = 'initial-admin-password.txt';

/**
 * On a database without users, creates `admin` with a random one-time password, shown once on the
 * console and written to DATA_DIR/initial-admin-password.txt (mode 600). The first login must change it.
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
    if (this.config.env !== 'test') {
      // Shown once, on the operator's console (stderr), not through the JSON log stream.
      process.stderr.write(
        `\n  First start: created user "admin" with one-time password ${created.oneTimePassword}\n` +
          `  (also in ${file}, mode 600). The first login must change it.\n\n`,
      );
    }
    this.logger.log('created the initial admin account');
    return true;
  }
}
