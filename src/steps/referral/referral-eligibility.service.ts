import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Role } from '../../platform/auth/permissions';
import { TransactionService } from '../../platform/database/transaction.service';
import { activeInstitutions, findInstitution, InstitutionRecord } from '../../institutions/institution-reads';
import { ServiceRole } from '../../institutions/service-roles';
import { findUser, UserRecord } from '../../users/user-reads';

/**
 * Why an institution or a member may not receive new referrals: `reason` is translated as
 * `errors.<code>`; `args` name what decided it (e.g. the decree in force that dropped them).
 */
export type EligibilityResult =
  { eligible: true } | { eligible: false; reason: string; args?: Record<string, string> };

/** A rule's refusal: a code, or a code with the facts behind it. */
export type EligibilityRefusal = string | { reason: string; args?: Record<string, string> };

/**
 * One rule of eligibility. Every registered rule must pass. A rule checks an institution on a date
 * and, optionally, a member of it (the member's own account checks are done by the service).
 * The PUG module later adds "appointed by the decree in force" as another rule.
 */
export interface EligibilityRule {
  readonly name: string;
  institution?(
    institution: InstitutionRecord,
    on: string,
    manager: EntityManager,
  ): Promise<EligibilityRefusal | null>;
  member?(
    member: UserRecord,
    institution: InstitutionRecord,
    on: string,
    manager: EntityManager,
  ): Promise<EligibilityRefusal | null>;
}

/** The institution is marked active and the date is within its active period. */
export const ACTIVE_PERIOD_RULE: EligibilityRule = {
  name: 'active_period',
  async institution(i, on) {
    if (!i.isActive) return 'INSTITUTION_INACTIVE';
    if (i.activeFrom && on < i.activeFrom) return 'INSTITUTION_NOT_YET_ACTIVE';
    if (i.activeUntil && on > i.activeUntil) return 'INSTITUTION_PERIOD_ENDED';
    return null;
  },
};

const ok: EligibilityResult = { eligible: true };
const no = (refusal: EligibilityRefusal): EligibilityResult =>
  typeof refusal === 'string'
    ? { eligible: false, reason: refusal }
    : { eligible: false, reason: refusal.reason, ...(refusal.args ? { args: refusal.args } : {}) };

/**
 * Whether an institution, or a team member, may receive NEW referrals on a date — the one place that
 * decides it. Referrals already taken on go on regardless (a member dropped by a newer decree
 * finishes the work in hand but receives nothing new).
 */
@Injectable()
export class ReferralEligibilityService {
  private readonly rules: EligibilityRule[] = [ACTIVE_PERIOD_RULE];

  constructor(private readonly tx: TransactionService) {}

  /** Adds a rule (e.g. the PUG module's decree rule); `replace` swaps a rule of the same name. */
  addRule(rule: EligibilityRule, options: { replace?: boolean } = {}): void {
    const at = this.rules.findIndex((r) => r.name === rule.name);
    if (at >= 0 && !options.replace) throw new Error(`eligibility rule ${rule.name} registered twice`);
    if (at >= 0) this.rules[at] = rule;
    else this.rules.push(rule);
  }

  ruleNames(): string[] {
    return this.rules.map((r) => r.name);
  }

  private async checkInstitution(
    i: InstitutionRecord,
    on: string,
    m: EntityManager,
    serviceRole?: ServiceRole,
  ): Promise<EligibilityResult> {
    if (serviceRole && !(i.serviceRoles ?? []).includes(serviceRole))
      return no('INSTITUTION_ROLE_NOT_PROVIDED');
    for (const rule of this.rules) {
      const reason = rule.institution ? await rule.institution(i, on, m) : null;
      if (reason) return no(reason);
    }
    return ok;
  }

  /** The institutions that may receive a new referral for `serviceRole` on `on` (YYYY-MM-DD), by name. */
  async eligibleInstitutions(
    serviceRole: ServiceRole,
    on: string,
    manager: EntityManager = this.tx.manager,
  ): Promise<InstitutionRecord[]> {
    const candidates = await activeInstitutions(manager);
    const out: InstitutionRecord[] = [];
    for (const i of candidates)
      if ((await this.checkInstitution(i, on, manager, serviceRole)).eligible) out.push(i);
    return out;
  }

  /**
   * Every active institution that provides at least one service role, with whether it may receive a
   * new referral on `on` and, if not, why — for the referral form, which names the institutions it
   * does not offer and the reason. Rules read their data once per call (no query per institution).
   */
  async standings(
    on: string,
    manager: EntityManager = this.tx.manager,
  ): Promise<{ institution: InstitutionRecord; result: EligibilityResult }[]> {
    const candidates = await activeInstitutions(manager);
    const out: { institution: InstitutionRecord; result: EligibilityResult }[] = [];
    for (const i of candidates)
      if ((i.serviceRoles ?? []).length)
        out.push({ institution: i, result: await this.checkInstitution(i, on, manager) });
    return out;
  }

  /** Whether the institution may receive a new referral on `on` (for `serviceRole`, if given). */
  async isInstitutionEligible(
    institutionId: string,
    on: string,
    serviceRole?: ServiceRole,
    manager: EntityManager = this.tx.manager,
  ): Promise<EligibilityResult> {
    const i = await findInstitution(manager, institutionId);
    if (!i) return no('INSTITUTION_NOT_FOUND');
    return this.checkInstitution(i, on, manager, serviceRole);
  }

  /** Whether the team member may receive a new referral on `on` (for `serviceRole`, if given). */
  async isMemberEligible(
    userId: string,
    on: string,
    serviceRole?: ServiceRole,
    manager: EntityManager = this.tx.manager,
  ): Promise<EligibilityResult> {
    const u = await findUser(manager, userId);
    if (!u || !u.isActive) return no('MEMBER_INACTIVE');
    if (!u.roles.includes(Role.TeamMember)) return no('MEMBER_NOT_TEAM_MEMBER');
    if (!u.institutionId) return no('INSTITUTION_REQUIRED');
    if (serviceRole && !(u.serviceRoles ?? []).includes(serviceRole)) return no('MEMBER_ROLE_NOT_HANDLED');
    const i = await findInstitution(manager, u.institutionId);
    if (!i) return no('INSTITUTION_NOT_FOUND');
    const inst = await this.checkInstitution(i, on, manager, serviceRole);
    if (!inst.eligible) return inst;
    for (const rule of this.rules) {
      const reason = rule.member ? await rule.member(u, i, on, manager) : null;
      if (reason) return no(reason);
    }
    return ok;
  }
}
