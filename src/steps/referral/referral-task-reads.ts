import { EntityManager } from 'typeorm';
import { asDate, TASK_SOURCE_LIMIT, TaskScope, TaskSourceRow } from '../../case/task-source';
import { dayOf, dayStart } from '../../platform/common/dates';
import { Consent } from './consent.entity';
import { Referral } from './referral.entity';

/*
 * Referrals and consent as the tasks module reads them (issue 19): one query per question.
 */

/** The partner side: the member's institution and the service roles they handle. */
export interface TaskMember {
  institutionId: string;
  serviceRoles: readonly string[];
}

/**
 * Referrals sent to the member's institution for a role they handle, still waiting for an answer,
 * whose answer is due by `dueBy` (anchor: the referral's due date). Addressed referrals only (an
 * open offer to every eligible institution shows in the partner inbox).
 */
export async function referralAnswersDue(
  m: EntityManager,
  member: TaskMember,
  dueBy: string,
): Promise<TaskSourceRow[]> {
  if (!member.serviceRoles.length) return [];
  const rows = await m
    .createQueryBuilder(Referral, 'r')
    .select(['r.id', 'r.caseId', 'r.dueDate'])
    .where("r.status = 'pending'")
    .andWhere('r.sentAt IS NOT NULL')
    .andWhere('r.institutionId = :inst', { inst: member.institutionId })
    .andWhere('r.serviceRole IN (:...roles)', { roles: [...member.serviceRoles] })
    .andWhere('r.dueDate <= :dueBy', { dueBy })
    .orderBy('r.dueDate', 'ASC')
    .addOrderBy('r.id', 'ASC')
    .take(TASK_SOURCE_LIMIT)
    .getMany();
  return rows.map((r) => ({
    caseId: r.caseId,
    refId: r.id,
    date: r.dueDate,
    ownerId: null,
    riskLevel: null,
  }));
}

/**
 * The sender's follow-up: referrals sent by the scope's user (every sender in a team view) still open
 * (pending, accepted, in progress) with nothing heard since `heardBy` (anchor: the day of the answer,
 * or of sending when none came).
 */
export async function referralFollowUpsDue(
  m: EntityManager,
  scope: TaskScope,
  heardBy: string,
): Promise<TaskSourceRow[]> {
  const qb = m
    .createQueryBuilder(Referral, 'r')
    .innerJoin('r.case', 'c')
    .select('r.caseId', 'caseId')
    .addSelect('r.id', 'refId')
    .addSelect('COALESCE(r.respondedAt, r.sentAt)', 'at')
    .addSelect('r.createdById', 'ownerId')
    .addSelect('c.riskLevel', 'riskLevel')
    .where("r.status IN ('pending', 'accepted', 'in_progress')")
    .andWhere('r.sentAt IS NOT NULL')
    .andWhere("c.stage <> 'closed'")
    .andWhere('COALESCE(r.respondedAt, r.sentAt) < :before', { before: dayStart(heardBy, 1) });
  if (scope.userId) qb.andWhere('r.createdById = :sender', { sender: scope.userId });
  const rows = await qb
    .orderBy('COALESCE(r.respondedAt, r.sentAt)', 'ASC')
    .limit(TASK_SOURCE_LIMIT)
    .getRawMany<{
      caseId: string;
      refId: string;
      at: Date | string;
      ownerId: string;
      riskLevel: string | null;
    }>();
  return rows.map(({ at, ...r }) => ({ ...r, date: dayOf(asDate(at)) }));
}

/** Active consents of the scope's open cases that expire by `expiresBy` (anchor: the expiry day). */
export async function consentsExpiring(
  m: EntityManager,
  scope: TaskScope,
  expiresBy: string,
): Promise<TaskSourceRow[]> {
  const qb = m
    .createQueryBuilder(Consent, 'k')
    .innerJoin('k.case', 'c')
    .select('k.caseId', 'caseId')
    .addSelect('k.id', 'refId')
    .addSelect('k.expiresOn', 'date')
    .addSelect('c.assignedCounselorId', 'ownerId')
    .addSelect('c.riskLevel', 'riskLevel')
    .where("k.status = 'active'")
    .andWhere('k.expiresOn IS NOT NULL')
    .andWhere('k.expiresOn <= :expiresBy', { expiresBy })
    .andWhere("c.stage <> 'closed'");
  if (scope.userId) qb.andWhere('c.assignedCounselorId = :taskUser', { taskUser: scope.userId });
  return qb.orderBy('k.expiresOn', 'ASC').limit(TASK_SOURCE_LIMIT).getRawMany<TaskSourceRow>();
}
