import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { CaseEventService } from '../../case/case-event.service';
import { GuardContext, WorkflowGuardRegistry } from '../../case/workflow/workflow-guard.registry';
import { todayOf } from '../../platform/common/dates';
import { Clock } from '../../platform/common/clock';
import { AuthContext } from '../../platform/common/request-context';
import { CaseLedger, CaseRecord } from '../../case/case-ledger.service';
import type { ConsentRecord } from '../referral/consent-reads';
import { consentCovers, ConsentService } from '../referral/consent.service';
import { MONITORING_ASSIGNMENTS, MonitoringEndReason } from './community.constants';
import { NotificationsService } from '../../notifications/notifications.service';
import { MONITORING_ROLE } from './community.constants';
import { CommunityVolunteer, MonitoringAssignment } from './community.entities';

/**
 * What community monitoring plugs into the workflow and into consent: closing a case ends its
 * volunteers' active monitoring assignments (aftermath of `close`), and so does withdrawing the
 * consent an assignment relies on, or only its `community_monitoring` role; each with a
 * `monitoring.ended` event naming the reason and a notification to the volunteer. The volunteer's access follows the
 * assignment's status, so it ends in the same transaction as the closure. Reopening does not give it
 * back: a coordinator assigns a volunteer again, deliberately.
 *
 * Why an aftermath and not a refusing guard: monitoring is the centre's own arrangement with its
 * volunteer, nothing an outside party must answer for first (unlike a shelter stay or an open
 * referral, which do block closure), and a closed case must not keep anyone's access; asking the
 * coordinator to end each assignment by hand first would only leave room to forget one.
 */
@Injectable()
export class CommunityWorkflowEffects implements OnModuleInit {
  constructor(
    private readonly registry: WorkflowGuardRegistry,
    private readonly events: CaseEventService,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
    private readonly consents: ConsentService,
    private readonly ledger: CaseLedger,
  ) {}

  onModuleInit(): void {
    this.registry.registerAftermath('close', ({ case: c, actor, manager, now }: GuardContext) =>
      this.end(manager, actor, c, { caseId: c.id }, now, 'case_closed'),
    );
    this.consents.onNarrowed(async (m, actor, consent, now) => {
      if (consent.status === 'active' && consentCovers(consent, MONITORING_ROLE, null)) return;
      const c = await this.ledger.get(consent.caseId, m);
      await this.end(m, actor, c, { consentId: consent.id }, now, 'consent_withdrawn');
    });
  }

  /** Ends the active monitoring assignments of a case (all, or those relying on one consent). */
  private async end(
    m: EntityManager,
    actor: AuthContext,
    c: CaseRecord,
    which: { caseId: string } | { consentId: ConsentRecord['id'] },
    now: Date,
    reason: MonitoringEndReason,
  ): Promise<void> {
    const active = await m.find(MonitoringAssignment, {
      where: { ...which, status: 'active' },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    if (!active.length) return;
    const endedOn = todayOf(this.clock);
    const volunteers = new Map(
      (
        await m.find(CommunityVolunteer, {
          where: { id: In([...new Set(active.map((a) => a.volunteerId))]) },
        })
      ).map((v) => [v.id, v]),
    );
    for (const a of active) {
      await MONITORING_ASSIGNMENTS.transition('end', a.status, undefined, {
        refused: (_kind, refusal) => new Error(`monitoring assignment ${a.id} cannot end: ${refusal.code}`),
        apply: async (_from, to) => {
          await m
            .createQueryBuilder()
            .update(MonitoringAssignment)
            .set({ status: to, endedOn, updatedAt: now, version: a.version + 1 })
            .where('id = :id', { id: a.id })
            .execute();
        },
      });
      const v = volunteers.get(a.volunteerId);
      await this.events.append(c.id, actor, {
        type: 'monitoring.ended',
        summaryKey: `events.monitoring.ended_${reason}`,
        summaryArgs: { assignmentId: a.id, group: v?.groupName ?? null, reason },
      });
      await this.notifications.notify(
        m,
        [v?.userId],
        'monitoring_ended',
        {},
        `/community/monitoring/${a.id}`,
      );
    }
  }
}
