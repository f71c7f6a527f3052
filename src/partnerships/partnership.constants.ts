/** What a third-party partner offers for a victim's recovery (step 9). Shown through partnerships.json. */
export const PARTNERSHIP_SERVICES = [
  'vocational_training',
  'business_capital',
  'schooling',
  'employment',
  'housing',
  'health_insurance',
  'psychosocial_support',
  'other',
] as const;
export type PartnershipService = (typeof PARTNERSHIP_SERVICES)[number];

export const AGREEMENT_STATUSES = ['draft', 'active', 'ended'] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];

/** `completed`: its goals met (by hand); `ended`: stopped because the case was closed (active again on reopening). */
export const RECOVERY_PLAN_STATUSES = ['active', 'completed', 'ended'] as const;
export type RecoveryPlanStatus = (typeof RECOVERY_PLAN_STATUSES)[number];

/** planned → ongoing → done; cancelled from planned or ongoing. */
export const RECOVERY_SERVICE_STATUSES = ['planned', 'ongoing', 'done', 'cancelled'] as const;
export type RecoveryServiceStatus = (typeof RECOVERY_SERVICE_STATUSES)[number];
export const RECOVERY_SERVICE_NEXT: Record<RecoveryServiceStatus, readonly RecoveryServiceStatus[]> = {
  planned: ['ongoing', 'done', 'cancelled'],
  ongoing: ['done', 'cancelled'],
  done: [],
  cancelled: [],
};

export const GOALS_MAX = 20;
