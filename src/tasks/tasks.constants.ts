/** A follow-up: scheduled → done (history event `follow_up.done`) | cancelled. */
export const FOLLOW_UP_STATUSES = ['scheduled', 'done', 'cancelled'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

/** Free text of a follow-up (what, with whom, the outcome). */
export const FOLLOW_UP_TEXT_MAX = 500;

/** A task's priority, from the case's current risk level. */
export const TASK_PRIORITIES = ['urgent', 'high', 'normal'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];

/** Risk levels at which a reassessment falls due every N days ("high or very high"). */
export const REASSESSED_RISK_LEVELS = ['high', 'critical'] as const;

/** Tasks due within this many days show before they are due (the tasks settings may change it). */
export const DEFAULT_HORIZON_DAYS = 7;
