import { EntityManager } from 'typeorm';
import { TASK_SOURCE_LIMIT, TaskSourceRow } from '../../case/task-source';
import { CommunityVolunteer, MonitoringAssignment, MonitoringVisit } from './community.entities';

/**
 * A volunteer's active monitoring assignments whose last visit (or start, before the first) was on
 * or before `visitedBy` (anchor: that day). Only the volunteer's own (their user account's).
 */
export async function monitoringVisitsDue(
  m: EntityManager,
  userId: string,
  visitedBy: string,
): Promise<TaskSourceRow[]> {
  const last = 'COALESCE(MAX(mv.visitedOn), a.startedOn)';
  const rows = await m
    .createQueryBuilder(MonitoringAssignment, 'a')
    .innerJoin(CommunityVolunteer, 'v', 'v.id = a.volunteerId')
    .leftJoin(MonitoringVisit, 'mv', 'mv.assignmentId = a.id')
    .select('a.caseId', 'caseId')
    .addSelect('a.id', 'refId')
    .addSelect(last, 'date')
    .where("a.status = 'active'")
    .andWhere('v.userId = :userId', { userId })
    .groupBy('a.id')
    .addGroupBy('a.caseId')
    .addGroupBy('a.startedOn')
    .having(`${last} <= :visitedBy`, { visitedBy })
    .orderBy(last, 'ASC')
    .limit(TASK_SOURCE_LIMIT)
    .getRawMany<{ caseId: string; refId: string; date: string }>();
  return rows.map((r) => ({ ...r, ownerId: userId, riskLevel: null }));
}
