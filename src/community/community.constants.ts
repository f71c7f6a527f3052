/** What a volunteer found on a visit. `concern` and `danger` alert the case's counselor and coordinators. */
export const VISIT_SITUATIONS = ['safe', 'concern', 'danger'] as const;
export type VisitSituation = (typeof VISIT_SITUATIONS)[number];

export const ASSIGNMENT_STATUSES = ['active', 'ended'] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

/** The consent's service role that monitoring by a volunteer needs. */
export const MONITORING_ROLE = 'community_monitoring';

/** Why a monitoring assignment (or a recovery plan) ended on its own rather than by a coordinator. */
export const MONITORING_END_REASONS = ['case_closed', 'consent_withdrawn'] as const;
export type MonitoringEndReason = (typeof MONITORING_END_REASONS)[number];
