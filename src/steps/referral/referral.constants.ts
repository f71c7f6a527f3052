import { Permission } from '../../platform/auth/permissions';
import { type Urgency, type ReferralStatus } from '../../case/history-codes';
export {
  CONSENT_GIVERS,
  type ConsentGiver,
  CONSENT_METHODS,
  type ConsentMethod,
  CONSENT_KINDS,
  type ConsentKind,
  URGENCIES,
  type Urgency,
  REFERRAL_STATUSES,
  type ReferralStatus,
  OUTCOMES,
  type Outcome,
} from '../../case/history-codes';

/**
 * Referrals (rujukan), consent (persetujuan) and what a partner may see. Codes are stable English
 * identifiers; the pages show them through i18n/<lang>/referrals.json.
 */

/** What a consent may allow to be shared with a partner, and what a referral discloses (the gate's list). */
export { DATA_CATEGORIES, type DataCategory } from '../../case/disclosure/disclosure.rules';

export const CONSENT_STATUSES = ['active', 'withdrawn'] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];

/** Days to answer when the sender gives no due date. */
export const DEFAULT_RESPONSE_DAYS: Record<Urgency, number> = { routine: 7, urgent: 2, emergency: 0 };

/** Open referrals: the case cannot be closed while one exists (guard `no_open_referral`). */
export const OPEN_REFERRAL_STATUSES: readonly ReferralStatus[] = [
  'awaiting_approval',
  'pending',
  'accepted',
  'in_progress',
];
/** A partner has taken the referral on (guard `referral_accepted`). */
export const TAKEN_REFERRAL_STATUSES: readonly ReferralStatus[] = ['accepted', 'in_progress', 'completed'];
/** The partner works on the case and sees its disclosed data (while consent holds). */
export const PARTNER_ACTIVE_STATUSES: readonly ReferralStatus[] = ['pending', 'accepted', 'in_progress'];

/**
 * Who fires a referral transition: the sender (staff working on the case), a coordinator, a partner
 * institution the referral is offered to (answering the offer), or the institution that took it on.
 */
export type ReferralActor = 'sender' | 'coordinator' | 'partner' | 'holder';

export const REFERRAL_TRANSITION_NAMES = [
  'approve',
  'accept',
  'decline',
  'start',
  'complete',
  'cancel',
  'revoke',
] as const;
export type ReferralTransitionName = (typeof REFERRAL_TRANSITION_NAMES)[number];

export interface ReferralTransition {
  from: readonly ReferralStatus[];
  to: ReferralStatus;
  by: ReferralActor;
  permission: Permission;
  /** What the caller must give. */
  needs?: 'reason' | 'outcome';
}

/** THE REFERRAL TRACK: every change of a referral's status, who fires it and what it needs. */
export const REFERRAL_TRANSITIONS: Readonly<Record<ReferralTransitionName, ReferralTransition>> = {
  approve: {
    from: ['awaiting_approval'],
    to: 'pending',
    by: 'coordinator',
    permission: Permission.ReferralsApprove,
  },
  accept: { from: ['pending'], to: 'accepted', by: 'partner', permission: Permission.PartnerRespond },
  decline: {
    from: ['pending'],
    to: 'declined',
    by: 'partner',
    permission: Permission.PartnerRespond,
    needs: 'reason',
  },
  start: { from: ['accepted'], to: 'in_progress', by: 'holder', permission: Permission.PartnerRespond },
  complete: {
    from: ['in_progress'],
    to: 'completed',
    by: 'holder',
    permission: Permission.PartnerRespond,
    needs: 'outcome',
  },
  cancel: {
    from: ['awaiting_approval', 'pending'],
    to: 'cancelled',
    by: 'sender',
    permission: Permission.ReferralsWrite,
    needs: 'reason',
  },
  revoke: {
    from: ['accepted', 'in_progress'],
    to: 'revoked',
    by: 'sender',
    permission: Permission.ReferralsWrite,
    needs: 'reason',
  },
};

export const TEXT_MAX = 4000;
