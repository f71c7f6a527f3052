import { EntityManager } from 'typeorm';
import { TASK_SOURCE_LIMIT, TaskScope, TaskSourceRow } from '../case/task-source';
import { FollowUp } from './follow-up.entity';

/** Scheduled follow-ups of the scope's user (every owner in a team view) due by `dueBy`, on open cases. */
export async function followUpsDue(
  m: EntityManager,
  scope: TaskScope,
  dueBy: string,
): Promise<TaskSourceRow[]> {
  const qb = m
    .createQueryBuilder(FollowUp, 'f')
    .innerJoin('f.case', 'c')
    .select('f.caseId', 'caseId')
    .addSelect('f.id', 'refId')
    .addSelect('f.dueOn', 'date')
    .addSelect('f.ownerId', 'ownerId')
    .addSelect('c.riskLevel', 'riskLevel')
    .where("f.status = 'scheduled'")
    .andWhere("c.stage <> 'closed'")
    .andWhere('f.dueOn <= :dueBy', { dueBy });
  if (scope.userId) qb.andWhere('f.ownerId = :owner', { owner: scope.userId });
  return qb.orderBy('f.dueOn', 'ASC').limit(TASK_SOURCE_LIMIT).getRawMany<TaskSourceRow>();
}
