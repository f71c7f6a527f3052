import { EntityManager } from 'typeorm';
import { TASK_SOURCE_LIMIT, TaskScope, TaskSourceRow } from '../../case/task-source';
import { ConferenceActionItem } from './conference-action-item.entity';

/**
 * A case conference's open action items due by `dueBy` (anchor: the item's due date), of the scope's
 * user as their owner (every owner in a team view), on open cases.
 */
export async function actionItemsDue(
  m: EntityManager,
  scope: TaskScope,
  dueBy: string,
): Promise<TaskSourceRow[]> {
  const qb = m
    .createQueryBuilder(ConferenceActionItem, 'ai')
    .innerJoin('ai.conference', 'conf')
    .innerJoin('conf.case', 'c')
    .select('ai.caseId', 'caseId')
    .addSelect('ai.id', 'refId')
    .addSelect('ai.dueDate', 'date')
    .addSelect('ai.ownerUserId', 'ownerId')
    .addSelect('c.riskLevel', 'riskLevel')
    .where("ai.status = 'open'")
    .andWhere("c.stage <> 'closed'")
    .andWhere('ai.ownerUserId IS NOT NULL')
    .andWhere('ai.dueDate <= :dueBy', { dueBy });
  if (scope.userId) qb.andWhere('ai.ownerUserId = :owner', { owner: scope.userId });
  return qb.orderBy('ai.dueDate', 'ASC').limit(TASK_SOURCE_LIMIT).getRawMany<TaskSourceRow>();
}
