import { EntityManager } from 'typeorm';
import { scopeToCounselor, TASK_SOURCE_LIMIT, TaskScope, TaskSourceRow } from '../../case/task-source';
import { SupportServiceRecord } from './support-service.entity';

/** Support services of the scope's open cases still planned, planned for `plannedBy` or before. */
export async function plannedServicesDue(
  m: EntityManager,
  scope: TaskScope,
  plannedBy: string,
): Promise<TaskSourceRow[]> {
  const qb = m
    .createQueryBuilder(SupportServiceRecord, 'sv')
    .innerJoin('sv.case', 'c')
    .select('sv.caseId', 'caseId')
    .addSelect('sv.id', 'refId')
    .addSelect('sv.plannedDate', 'date')
    .addSelect('c.assignedCounselorId', 'ownerId')
    .addSelect('c.riskLevel', 'riskLevel')
    .where("sv.status = 'planned'")
    .andWhere('sv.plannedDate <= :plannedBy', { plannedBy });
  return scopeToCounselor(qb, scope)
    .orderBy('sv.plannedDate', 'ASC')
    .limit(TASK_SOURCE_LIMIT)
    .getRawMany<TaskSourceRow>();
}
