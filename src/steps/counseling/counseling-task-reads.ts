import { EntityManager } from 'typeorm';
import {
  asDate,
  openCasesOf,
  scopeToCounselor,
  TASK_SOURCE_LIMIT,
  TaskScope,
  TaskSourceRow,
} from '../../case/task-source';
import { dayOf, dayStart } from '../../platform/common/dates';
import { RiskAssessment } from './risk-assessment.entity';
import { SafetyPlan } from './safety-plan.entity';

/*
 * Counseling as the tasks module reads it (issue 19): one query per question, over the open cases
 * of the scope, filtered in the database to what is due by `dueBy` (the caller's horizon).
 */

/** Cases received on or before `receivedBy` with no counseling session yet (anchor: the day received). */
export async function casesAwaitingFirstSession(
  m: EntityManager,
  scope: TaskScope,
  receivedBy: string,
): Promise<TaskSourceRow[]> {
  const rows = await openCasesOf(m, scope)
    .select('c.id', 'caseId')
    .addSelect('c.receivedAt', 'date')
    .addSelect('c.assignedCounselorId', 'ownerId')
    .addSelect('c.riskLevel', 'riskLevel')
    .andWhere('c.receivedAt <= :receivedBy', { receivedBy })
    .andWhere('NOT EXISTS (SELECT 1 FROM counseling_sessions s WHERE s."caseId" = c.id)')
    .orderBy('c.receivedAt', 'ASC')
    .limit(TASK_SOURCE_LIMIT)
    .getRawMany<{ caseId: string; date: string; ownerId: string | null; riskLevel: string | null }>();
  return rows.map((r) => ({ ...r, refId: r.caseId }));
}

/**
 * Cases whose current risk is one of `levels` and whose latest assessment was on or before
 * `assessedBy` (anchor: that assessment's day).
 */
export async function riskAssessmentsDue(
  m: EntityManager,
  scope: TaskScope,
  levels: readonly string[],
  assessedBy: string,
): Promise<TaskSourceRow[]> {
  const qb = m
    .createQueryBuilder(RiskAssessment, 'ra')
    .innerJoin('ra.case', 'c')
    .select('ra.caseId', 'caseId')
    .addSelect('MAX(ra.assessedAt)', 'date')
    .addSelect('c.assignedCounselorId', 'ownerId')
    .addSelect('c.riskLevel', 'riskLevel')
    .where('c.riskLevel IN (:...levels)', { levels });
  const rows = await scopeToCounselor(qb, scope)
    .groupBy('ra.caseId')
    .addGroupBy('c.assignedCounselorId')
    .addGroupBy('c.riskLevel')
    .having('MAX(ra.assessedAt) <= :assessedBy', { assessedBy })
    .orderBy('MAX(ra.assessedAt)', 'ASC')
    .limit(TASK_SOURCE_LIMIT)
    .getRawMany<{ caseId: string; date: string; ownerId: string | null; riskLevel: string | null }>();
  return rows.map((r) => ({ ...r, refId: r.caseId, facts: { riskLevel: r.riskLevel } }));
}

/** Cases whose latest safety plan was written on or before `writtenBy` (anchor: that day). */
export async function safetyPlansDue(
  m: EntityManager,
  scope: TaskScope,
  writtenBy: string,
): Promise<TaskSourceRow[]> {
  const qb = m
    .createQueryBuilder(SafetyPlan, 'sp')
    .innerJoin('sp.case', 'c')
    .select('sp.caseId', 'caseId')
    .addSelect('MAX(sp.createdAt)', 'at')
    .addSelect('c.assignedCounselorId', 'ownerId')
    .addSelect('c.riskLevel', 'riskLevel');
  const rows = await scopeToCounselor(qb, scope)
    .groupBy('sp.caseId')
    .addGroupBy('c.assignedCounselorId')
    .addGroupBy('c.riskLevel')
    .having('MAX(sp.createdAt) < :before', { before: dayStart(writtenBy, 1) })
    .orderBy('MAX(sp.createdAt)', 'ASC')
    .limit(TASK_SOURCE_LIMIT)
    .getRawMany<{ caseId: string; at: Date | string; ownerId: string | null; riskLevel: string | null }>();
  return rows.map((r) => ({
    caseId: r.caseId,
    refId: r.caseId,
    date: dayOf(asDate(r.at)),
    ownerId: r.ownerId,
    riskLevel: r.riskLevel,
  }));
}
