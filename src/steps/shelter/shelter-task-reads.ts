import { EntityManager } from 'typeorm';
import {
  asDate,
  scopeToCounselor,
  TASK_SOURCE_LIMIT,
  TaskScope,
  TaskSourceRow,
} from '../../case/task-source';
import { dayOf, dayStart } from '../../platform/common/dates';
import { ShelterStay } from './shelter-stay.entity';

/*
 * Shelter stays as the tasks module reads them (issue 19): the safe house never leaves this module.
 */

/** Stays of the scope's open cases admitted on or before `admittedBy` (anchor: the day of admission). */
export async function staysToReview(
  m: EntityManager,
  scope: TaskScope,
  admittedBy: string,
): Promise<TaskSourceRow[]> {
  const qb = m
    .createQueryBuilder(ShelterStay, 's')
    .innerJoin('s.case', 'c')
    .select('s.caseId', 'caseId')
    .addSelect('s.id', 'refId')
    .addSelect('s.admittedAt', 'at')
    .addSelect('c.assignedCounselorId', 'ownerId')
    .addSelect('c.riskLevel', 'riskLevel')
    .where("s.status = 'admitted'")
    .andWhere('s.admittedAt < :before', { before: dayStart(admittedBy, 1) });
  const rows = await scopeToCounselor(qb, scope)
    .orderBy('s.admittedAt', 'ASC')
    .limit(TASK_SOURCE_LIMIT)
    .getRawMany<{
      caseId: string;
      refId: string;
      at: Date | string;
      ownerId: string | null;
      riskLevel: string | null;
    }>();
  return rows.map(({ at, ...r }) => ({ ...r, date: dayOf(asDate(at)) }));
}

/** Stays of the scope's open cases whose planned end is by `plannedBy` (anchor: the planned last day). */
export async function plannedDischargesDue(
  m: EntityManager,
  scope: TaskScope,
  plannedBy: string,
): Promise<TaskSourceRow[]> {
  const qb = m
    .createQueryBuilder(ShelterStay, 's')
    .innerJoin('s.case', 'c')
    .select('s.caseId', 'caseId')
    .addSelect('s.id', 'refId')
    .addSelect('s.plannedUntil', 'date')
    .addSelect('c.assignedCounselorId', 'ownerId')
    .addSelect('c.riskLevel', 'riskLevel')
    .where("s.status = 'admitted'")
    .andWhere('s.plannedUntil <= :plannedBy', { plannedBy });
  return scopeToCounselor(qb, scope)
    .orderBy('s.plannedUntil', 'ASC')
    .limit(TASK_SOURCE_LIMIT)
    .getRawMany<TaskSourceRow>();
}
