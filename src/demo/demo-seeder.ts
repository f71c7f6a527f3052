import { Injectable, Logger } from '@nestjs/common';
import { assertPasswordAcceptable } from '../auth/password-policy';
import { InstitutionsService } from '../institutions/institutions.service';
import { UsersService } from '../users/users.service';
import { DEMO_INSTITUTIONS, DEMO_USERS } from './demo-data';

export interface SeedReport {
  institutionsCreated: number;
  usersCreated: number;
  usersUpdated: number;
}

/**
 * Idempotent demo data: running it again changes nothing but resets the demo users' passwords.
 * Each module's demo records are added here through that module's service.
 */
@Injectable()
export class DemoSeeder {
  private readonly logger = new Logger('DemoSeed');

  constructor(
    private readonly institutions: InstitutionsService,
    private readonly users: UsersService,
  ) {}

  async run(password: string): Promise<SeedReport> {
    const report: SeedReport = { institutionsCreated: 0, usersCreated: 0, usersUpdated: 0 };
    const institutionIds = new Map<string, string>();
    for (const inst of DEMO_INSTITUTIONS) {
      let found = await this.institutions.findByName(inst.name);
      if (!found) {
        found = await this.institutions.create({ name: inst.name, type: inst.type });
        report.institutionsCreated++;
      }
      institutionIds.set(inst.key, found.id);
    }
    for (const demo of DEMO_USERS) {
      assertPasswordAcceptable(password, demo.username);
      const institutionId = demo.institution ? institutionIds.get(demo.institution)! : null;
      const existing = await this.users.findByUsername(demo.username);
      if (!existing) {
        await this.users.create(
          { username: demo.username, displayName: demo.displayName, roles: demo.roles, institutionId },
          { password, mustChangePassword: false },
        );
        report.usersCreated++;
      } else {
        await this.users.setKnownPassword(existing.id, password);
        report.usersUpdated++;
      }
    }
    this.logger.log(
      `demo data ready (${report.usersCreated} users created, ${report.institutionsCreated} institutions created)`,
    );
    return report;
  }
}
