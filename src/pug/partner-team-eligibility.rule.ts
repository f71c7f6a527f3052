import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  EligibilityRefusal,
  EligibilityRule,
  ReferralEligibilityService,
} from '../steps/referral/referral-eligibility.service';
import { DroppedBy, PartnerTeamService, PartnerTeamStanding } from './partner-team.service';

export const PARTNER_TEAM_RULE = 'partner_team_decree';
export const PARTNER_TEAM_DROPPED = 'PARTNER_TEAM_DROPPED';
export const PARTNER_TEAM_MEMBER_DROPPED = 'PARTNER_TEAM_MEMBER_DROPPED';

/**
 * Referral eligibility follows the partner-team decree in force: an institution, or an officer (user
 * account linked to an appointee), named by an earlier decree of a partner team but by no partner-team
 * decree in force on the date gets no NEW referrals. Referrals already running continue (the referral
 * service consults eligibility only for new ones). Institutions never named by a partner-team decree
 * are not judged by this rule.
 */
@Injectable()
export class PartnerTeamEligibilityRule implements EligibilityRule, OnModuleInit {
  readonly name = PARTNER_TEAM_RULE;
  /** One standing per date and entity manager while a request asks about many institutions. */
  private readonly cache = new WeakMap<EntityManager, Map<string, Promise<PartnerTeamStanding>>>();

  constructor(
    private readonly eligibility: ReferralEligibilityService,
    private readonly partnerTeams: PartnerTeamService,
  ) {}

  onModuleInit(): void {
    this.eligibility.addRule(this, { replace: true });
  }

  private standing(on: string, m: EntityManager): Promise<PartnerTeamStanding> {
    let byDate = this.cache.get(m);
    if (!byDate) this.cache.set(m, (byDate = new Map()));
    let found = byDate.get(on);
    if (!found) {
      found = this.partnerTeams.standing(on, m);
      byDate.set(on, found);
      // Good for the calls of this turn of the event loop only: decrees may change right after.
      const entries = byDate;
      setImmediate(() => entries.delete(on));
      found.catch(() => entries.delete(on));
    }
    return found;
  }

  async institution(i: { id: string }, on: string, m: EntityManager): Promise<EligibilityRefusal | null> {
    const by = (await this.standing(on, m)).droppedInstitutions.get(i.id);
    return by ? refusal(PARTNER_TEAM_DROPPED, by) : null;
  }

  async member(
    u: { id: string },
    _i: unknown,
    on: string,
    m: EntityManager,
  ): Promise<EligibilityRefusal | null> {
    const by = (await this.standing(on, m)).droppedUsers.get(u.id);
    return by ? refusal(PARTNER_TEAM_MEMBER_DROPPED, by) : null;
  }
}

/** The refusal with the decree in force that no longer names them (number and effective date). */
function refusal(reason: string, by: DroppedBy): EligibilityRefusal {
  return {
    reason,
    args: { decree: by.decreeNumber, effectiveDate: by.effectiveDate, body: by.bodyName },
  };
}
