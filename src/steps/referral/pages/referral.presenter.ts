import { Injectable } from '@nestjs/common';
import { Permission } from '../../../platform/auth/permissions';
import { AuthContext } from '../../../platform/common/request-context';
import { SERVICE_ROLES } from '../../../institutions/service-roles';
import { ReferralResponseDto } from '../dto/referral.dto';
import {
  DATA_CATEGORIES,
  OUTCOMES,
  ReferralStatus,
  ReferralTransitionName,
  URGENCIES,
} from '../referral.constants';
import { referralMoves } from '../referral-track';
import { CaseReferralsData, OfferedInstitution, ReferralsService } from '../referrals.service';

/** The referral section of the case page (views/partials/case-referrals.hbs). */
export interface CaseReferralsView {
  caseId: string;
  caseVersion: number;
  closed: boolean;
  /** Each with the moves the track offers the sender and the coordinator from its status (the buttons). */
  referrals: (ReferralResponseDto & { moves: Partial<Record<ReferralTransitionName, true>> })[];
  /** A referral received from outside at intake (channel institution_referral). */
  incoming: { institution: { id: string; name: string } | null; receivedAt: string } | null;
  canWrite: boolean;
  canApprove: boolean;
  approvalRequired: boolean;
  hasEffectiveConsent: boolean;
  options: {
    serviceRoles: readonly string[];
    urgencies: readonly string[];
    categories: readonly string[];
    institutions: OfferedInstitution[];
    /** The same institutions grouped: the centre's region first, no other region's offices. */
    institutionGroups: CaseReferralsData['offered']['groups'];
    /** Active institutions not offered today, with the reason code (`errors.<reason>`) and its facts. */
    unavailable: CaseReferralsData['unavailable'];
    consents: { id: string; kind: string; categories: string[] }[];
    outcomes: readonly string[];
  };
  today: string;
}

/** Builds the case page's referral section from what the referrals service reads. */
@Injectable()
export class ReferralPresenter {
  constructor(private readonly referrals: ReferralsService) {}

  /** The section's view, or null when the caller may not work on the case's referrals. */
  async forCase(actor: AuthContext, caseId: string): Promise<CaseReferralsView | null> {
    const data = await this.referrals.caseReferrals(actor, caseId);
    return data && present(actor, data);
  }
}

export function present(actor: AuthContext, data: CaseReferralsData): CaseReferralsView {
  const c = data.case;
  return {
    caseId: c.id,
    caseVersion: c.version,
    closed: c.stage === 'closed',
    referrals: data.referrals.map((v) => ({
      ...v,
      moves: Object.fromEntries(
        referralMoves(v.status as ReferralStatus, ['sender', 'coordinator']).map((n) => [n, true]),
      ),
    })),
    incoming:
      c.channel === 'institution_referral'
        ? {
            institution: data.referring ? { id: data.referring.id, name: data.referring.name } : null,
            receivedAt: c.receivedAt,
          }
        : null,
    canWrite: actor.permissions.has(Permission.ReferralsWrite) && c.stage !== 'closed',
    canApprove: actor.permissions.has(Permission.ReferralsApprove),
    approvalRequired: data.approvalRequired,
    hasEffectiveConsent: data.consents.length > 0,
    options: {
      serviceRoles: SERVICE_ROLES,
      urgencies: URGENCIES,
      categories: DATA_CATEGORIES,
      institutions: data.offered.institutions,
      institutionGroups: data.offered.groups,
      unavailable: data.unavailable,
      consents: data.consents.map((k) => ({ id: k.id, kind: k.kind, categories: k.categories ?? [] })),
      outcomes: OUTCOMES,
    },
    today: data.today,
  };
}
