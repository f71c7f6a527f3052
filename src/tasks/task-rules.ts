import { EntityManager } from 'typeorm';
import { TaskScope, TaskSourceRow } from '../case/task-source';
import { addDays } from '../platform/common/dates';
import { monitoringVisitsDue } from '../steps/community/monitoring-task-reads';
import { actionItemsDue } from '../steps/conference/conference-task-reads';
import {
  casesAwaitingFirstSession,
  riskAssessmentsDue,
  safetyPlansDue,
} from '../steps/counseling/counseling-task-reads';
import {
  consentsExpiring,
  referralAnswersDue,
  referralFollowUpsDue,
  TaskMember,
} from '../steps/referral/referral-task-reads';
import { staysToReview, plannedDischargesDue } from '../steps/shelter/shelter-task-reads';
import { plannedServicesDue } from '../steps/support/support-task-reads';
import { followUpsDue } from './follow-up-reads';
import { REASSESSED_RISK_LEVELS, TaskPriority } from './tasks.constants';

/**
 * The task rules (issue 19 item 1): what is due for whom, in ONE table, as the workflow's transitions
 * are. Tasks are computed, never stored (follow-ups excepted: they are the counselor's own records).
 * Each rule names
 *  - `audience`: whose task it is — `counselor` (the case's assigned counselor), `owner` (the user a
 *    record names: an action item's owner, a referral's sender, a follow-up's counselor), `partner`
 *    (a team member of the institution a referral was sent to), `volunteer` (the kader of a
 *    monitoring assignment);
 *  - `due`: `after` — N days after the anchor date (N from the tasks settings, `days` its default);
 *    `on` — the anchor is the due date itself (a record's own date; N, when given, is how many days
 *    ahead it shows);
 *  - `read`: ONE query of the owning feature's read interface over the scope's records, filtered in
 *    the database to what is due by the day asked (`by`);
 *  - `applies` (optional): the rule's own condition, checked again on the row;
 *  - `link`: where the task is done.
 * A task is due when its due date is within the horizon (default 7 days ahead), overdue after it.
 */
export const TASK_CODES = [
  'first_counseling',
  'risk_reassessment',
  'safety_plan_review',
  'conference_action',
  'referral_answer',
  'referral_follow_up',
  'shelter_review',
  'shelter_discharge',
  'service_planned',
  'monitoring_visit',
  'consent_expiring',
  'follow_up',
] as const;
export type TaskCode = (typeof TASK_CODES)[number];

export type TaskAudience = 'counselor' | 'owner' | 'partner' | 'volunteer';

/** What a rule's read gets: the scope, and for partners their institution and roles. */
export interface TaskReadContext {
  scope: TaskScope;
  /** Set for a team member's own tasks. */
  member: TaskMember | null;
}

export interface TaskRule {
  audience: TaskAudience;
  due: 'after' | 'on';
  /** N's default (days); null: the rule has no N. */
  days: number | null;
  read: (m: EntityManager, ctx: TaskReadContext, by: string) => Promise<TaskSourceRow[]>;
  applies?: (row: TaskSourceRow) => boolean;
  link: (row: TaskSourceRow) => string;
  /** For the README's table (English, as the README is). */
  readme: { what: string; anchor: string };
}

const onCase =
  (section: string, anchor = '') =>
  (row: TaskSourceRow) =>
    `/cases/${row.caseId}/${section}${anchor}`;

export const TASK_RULES: Record<TaskCode, TaskRule> = {
  first_counseling: {
    audience: 'counselor',
    due: 'after',
    days: 3,
    read: (m, { scope }, by) => casesAwaitingFirstSession(m, scope, by),
    link: onCase('counseling', '#counseling-sessions'),
    readme: {
      what: 'first counseling session',
      anchor: 'the day the complaint was received, while no session is recorded',
    },
  },
  risk_reassessment: {
    audience: 'counselor',
    due: 'after',
    days: 7,
    read: (m, { scope }, by) => riskAssessmentsDue(m, scope, REASSESSED_RISK_LEVELS, by),
    applies: (row) => (REASSESSED_RISK_LEVELS as readonly string[]).includes(row.facts?.riskLevel ?? ''),
    link: onCase('counseling', '#risk'),
    readme: {
      what: 'risk reassessment',
      anchor: 'the latest risk assessment, while the risk is high or critical',
    },
  },
  safety_plan_review: {
    audience: 'counselor',
    due: 'after',
    days: 30,
    read: (m, { scope }, by) => safetyPlansDue(m, scope, by),
    link: onCase('counseling', '#safety-plan'),
    readme: { what: 'safety plan review', anchor: 'the latest version of the safety plan' },
  },
  conference_action: {
    audience: 'owner',
    due: 'on',
    days: null,
    read: (m, { scope }, by) => actionItemsDue(m, scope, by),
    link: onCase('conferences'),
    readme: { what: "a case conference's open action item (its owner)", anchor: "the item's due date" },
  },
  referral_answer: {
    audience: 'partner',
    due: 'on',
    days: null,
    read: (m, { member }, by) => (member ? referralAnswersDue(m, member, by) : Promise.resolve([])),
    link: (row) => `/partner/referrals/${row.refId}`,
    readme: {
      what: 'answer a referral (team member of the institution it was sent to)',
      anchor: "the referral's answer due date",
    },
  },
  referral_follow_up: {
    audience: 'owner',
    due: 'after',
    days: 7,
    read: (m, { scope }, by) => referralFollowUpsDue(m, scope, by),
    link: onCase('referrals', '#referrals'),
    readme: {
      what: 'follow up an open referral (its sender)',
      anchor: 'the partner’s answer, or the day it was sent while unanswered',
    },
  },
  shelter_review: {
    audience: 'counselor',
    due: 'after',
    days: 14,
    read: (m, { scope }, by) => staysToReview(m, scope, by),
    link: onCase('shelter'),
    readme: { what: 'shelter stay review', anchor: 'the day of admission, while the stay lasts' },
  },
  shelter_discharge: {
    audience: 'counselor',
    due: 'on',
    days: null,
    read: (m, { scope }, by) => plannedDischargesDue(m, scope, by),
    link: onCase('shelter'),
    readme: { what: 'planned discharge from the shelter', anchor: "the stay's planned last day" },
  },
  service_planned: {
    audience: 'counselor',
    due: 'on',
    days: null,
    read: (m, { scope }, by) => plannedServicesDue(m, scope, by),
    link: onCase('services'),
    readme: { what: 'support service planned and not yet delivered', anchor: "the service's planned date" },
  },
  monitoring_visit: {
    audience: 'volunteer',
    due: 'after',
    days: 30,
    read: (m, { scope }, by) =>
      scope.userId ? monitoringVisitsDue(m, scope.userId, by) : Promise.resolve([]),
    link: (row) => `/community/monitoring/${row.refId}`,
    readme: {
      what: 'monitoring visit (the volunteer of the assignment)',
      anchor: 'the latest visit, or the start of the assignment before the first',
    },
  },
  consent_expiring: {
    audience: 'counselor',
    due: 'on',
    days: 14,
    read: (m, { scope }, by) => consentsExpiring(m, scope, by),
    link: onCase('referrals', '#consent'),
    readme: {
      what: 'consent expiring (renew it or let referrals end)',
      anchor: "the consent's expiry day (shown N days ahead)",
    },
  },
  follow_up: {
    audience: 'owner',
    due: 'on',
    days: null,
    read: (m, { scope }, by) => followUpsDue(m, scope, by),
    link: onCase('counseling', '#follow-ups'),
    readme: { what: 'a follow-up the counselor scheduled', anchor: 'the day it was scheduled for' },
  },
};

/** Which rules a reader's own task list runs, by role (need to know: a team member only referrals). */
export function rulesFor(audiences: readonly TaskAudience[]): TaskCode[] {
  return TASK_CODES.filter((code) => audiences.includes(TASK_RULES[code].audience));
}

/** N of each rule (days), the settings' values over the table's defaults. */
export type TaskDays = Partial<Record<TaskCode, number>>;

export function daysOf(code: TaskCode, settings: TaskDays): number {
  return settings[code] ?? TASK_RULES[code].days ?? 0;
}

/** The latest anchor date a rule's read must return for tasks due by `today + horizon`. */
export function anchorBy(code: TaskCode, today: string, horizon: number, settings: TaskDays): string {
  const rule = TASK_RULES[code];
  const n = daysOf(code, settings);
  if (rule.due === 'after') return addDays(today, horizon - n);
  return addDays(today, rule.days === null ? horizon : Math.max(horizon, n));
}

/** A task as the rule table makes it from a row (before any case label is added). */
export interface EvaluatedTask {
  code: TaskCode;
  caseId: string;
  refId: string;
  ownerId: string | null;
  dueOn: string;
  overdue: boolean;
  priority: TaskPriority;
  link: string;
}

export function priorityOf(riskLevel: string | null): TaskPriority {
  if (riskLevel === 'critical') return 'urgent';
  if (riskLevel === 'high') return 'high';
  return 'normal';
}

/**
 * The pure half of a rule: the row's task (its due date, whether overdue, its priority, its link),
 * or null when the rule does not apply to the row or the task is not yet within the horizon.
 */
export function evaluate(
  code: TaskCode,
  row: TaskSourceRow,
  today: string,
  horizon: number,
  settings: TaskDays = {},
): EvaluatedTask | null {
  const rule = TASK_RULES[code];
  if (rule.applies && !rule.applies(row)) return null;
  const n = daysOf(code, settings);
  const dueOn = rule.due === 'after' ? addDays(row.date, n) : row.date;
  const window = rule.due === 'on' && rule.days !== null ? Math.max(horizon, n) : horizon;
  if (dueOn > addDays(today, window)) return null;
  return {
    code,
    caseId: row.caseId,
    refId: row.refId,
    ownerId: row.ownerId,
    dueOn,
    overdue: dueOn < today,
    priority: priorityOf(row.riskLevel),
    link: rule.link(row),
  };
}
