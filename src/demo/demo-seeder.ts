import { Injectable, Logger } from '@nestjs/common';
import { assertPasswordAcceptable } from '../platform/auth/password-policy';
import { Role } from '../platform/auth/permissions';
import { AuthContext } from '../platform/common/request-context';
import { InstitutionsService } from '../institutions/institutions.service';
import { ServiceRole } from '../institutions/service-roles';
import { UsersService } from '../users/users.service';
import { DemoCasesSeeder } from './demo-cases';
import { DemoChronologySeeder } from './demo-chronology';
import { DemoPugSeeder } from './demo-pug';
import { DemoReferralsSeeder } from './demo-referrals';
import { DEMO_INSTITUTIONS, DEMO_USERS } from './demo-data';

/** The service roles the demo partners provide, and those their demo team members handle. */
const DEMO_SERVICE_ROLES: Record<string, ServiceRole[]> = {
  police: ['law_enforcement', 'medico_legal'],
  hospital: ['medical', 'medico_legal', 'psychological'],
  legal: ['legal_aid'],
  social: ['social_rehabilitation', 'shelter', 'repatriation', 'economic_empowerment'],
  psychologist: ['psychological'],
};
const DEMO_MEMBER_ROLES: Record<string, ServiceRole[]> = {
  police: ['law_enforcement', 'medico_legal'],
  hospital: ['medical', 'medico_legal'],
};

export interface SeedReport {
  institutionsCreated: number;
  usersCreated: number;
  usersUpdated: number;
  casesCreated: number;
}

/** The seed acts as the system (no session). */
const SEED_ACTOR: AuthContext = {
  userId: 'system',
  username: 'system',
  displayName: 'System',
  roles: [],
  permissions: new Set(),
  institutionId: null,
  sessionId: 'seed',
  mustChangePassword: false,
  language: 'id',
};

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
    private readonly cases: DemoCasesSeeder,
    private readonly chronologyDemo: DemoChronologySeeder,
    private readonly pugDemo: DemoPugSeeder,
    private readonly referralsDemo: DemoReferralsSeeder,
  ) {}

  async run(password: string): Promise<SeedReport> {
    const report: SeedReport = { institutionsCreated: 0, usersCreated: 0, usersUpdated: 0, casesCreated: 0 };
    const institutionIds = new Map<string, string>();
    for (const inst of DEMO_INSTITUTIONS) {
      let found = await this.institutions.findByName(inst.name);
      if (!found) {
        found = await this.institutions.create({ name: inst.name, type: inst.type });
        report.institutionsCreated++;
      }
      institutionIds.set(inst.key, found.id);
      const roles = DEMO_SERVICE_ROLES[inst.key];
      if (roles && !(found.serviceRoles ?? []).length) {
        await this.institutions.update(found.id, { version: found.version, serviceRoles: roles });
      }
    }
    for (const demo of DEMO_USERS) {
      assertPasswordAcceptable(password, demo.username);
      const institutionId = demo.institution ? institutionIds.get(demo.institution)! : null;
      const existing = await this.users.findByUsername(demo.username);
      if (!existing) {
        await this.users.create(
          {
            username: demo.username,
            displayName: demo.displayName,
            roles: demo.roles,
            institutionId,
            serviceRoles: DEMO_MEMBER_ROLES[demo.username] ?? [],
          },
          { password, mustChangePassword: false },
        );
        report.usersCreated++;
      } else {
        await this.users.setKnownPassword(existing.id, password);
        const handled = DEMO_MEMBER_ROLES[demo.username];
        if (handled && !(existing.serviceRoles ?? []).length && existing.roles.includes(Role.TeamMember)) {
          await this.users.update(SEED_ACTOR, existing.id, {
            version: existing.version,
            serviceRoles: handled,
          });
        }
        report.usersUpdated++;
      }
    }
    report.casesCreated = await this.cases.run();
    // A case with a long, realistic chronology (for printing).
    if (await this.chronologyDemo.run()) report.casesCreated++;
    // PUG institutions and decrees, action plans, programme records (the seeds' facts).
    await this.pugDemo.run(institutionIds);
    // Cases referred and in recovery, referrals in every state, an MoU and a monitoring kader.
    report.casesCreated += await this.referralsDemo.run();
    this.logger.log(
      `demo data ready (${report.usersCreated} users created, ${report.institutionsCreated} institutions created)`,
    );
    return report;
  }
}
