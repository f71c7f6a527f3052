import { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { Case } from './case.entity';
/*
 * What the tasks module (src/tasks, issue 19) asks a feature for: each rule of its table reads one
 * feature through a narrow read function of that feature (`*-task-reads.ts`), one query over the
 * reader's records. The types live here, below every feature, so that features need not import
 * the tasks module.
 */

/** Whose records a rule reads. */
export interface TaskScope {
  /**
   * The user whose tasks these are: the assigned counselor of the case, the owner of an action item
   * or follow-up, the sender of a referral. Null: every open case (a coordinator's team view).
   */
  userId: string | null;
  /** The centre's today (`YYYY-MM-DD`). */
  today: string;
}

/** One thing a rule found: the case, the record, the date the rule counts from, whose task it is. */
export interface TaskSourceRow {
  caseId: string;
  /** The record the task is about (the case itself when there is none). */
  refId: string;
  /** The date (`YYYY-MM-DD`) the rule counts from, or the due date when the record has one. */
  date: string;
  /** The user whose task it is (null: nobody assigned yet). */
  ownerId: string | null;
  /** The case's current risk level (the task's priority). */
  riskLevel: string | null;
  /** What the rule's evaluation also needs (e.g. the risk level that makes a reassessment due). */
  facts?: Record<string, string | null>;
}

/** A stored timestamp (PostgreSQL: Date; sqlite: text) as a `Date`. */
export const asDate = (v: Date | string): Date =>
  v instanceof Date ? v : new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v : `${v.replace(' ', 'T')}Z`);

/** Restricts a query joined to the case (alias `c`) to open cases, those of `scope.userId` when set. */
export function scopeToCounselor<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  scope: TaskScope,
): SelectQueryBuilder<T> {
  qb.andWhere("c.stage <> 'closed'");
  if (scope.userId) qb.andWhere('c.assignedCounselorId = :taskUser', { taskUser: scope.userId });
  return qb;
}

/** The open cases of the scope (alias `c`), for a rule that asks what a case lacks. */
export function openCasesOf(m: EntityManager, scope: TaskScope): SelectQueryBuilder<Case> {
  return scopeToCounselor(m.createQueryBuilder(Case, 'c'), scope);
}

/** How many rows one rule reads at most (a counselor's caseload is far below it; the rest is counted). */
export const TASK_SOURCE_LIMIT = 500;
