import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { Permission, Role } from '../../platform/auth/permissions';
import { CaseAccessService } from '../../case/case-access.service';
import { CaseDisclosureService } from '../../case/disclosure/case-disclosure.service';
import { CaseEventService } from '../../case/case-event.service';
import { AppException, ErrorCode } from '../../platform/common/app.exception';
import { Clock } from '../../platform/common/clock';
import { assertNotFuture, iso, todayOf } from '../../platform/common/dates';
import { applySort, SortDirection } from '../../platform/common/list-sort';
import { Paginated, paginated } from '../../platform/common/pagination';
import { AuthContext } from '../../platform/common/request-context';
import { assertUuid } from '../../platform/common/uuid';
import { DataKeyService } from '../../platform/crypto/data-key.service';
import { lockedFor } from '../../platform/database/query-helpers';
import { TransactionService } from '../../platform/database/transaction.service';
import { activeConsentsOf, findConsent, getConsent } from '../referral/consent-reads';
import { ConsentService, isConsentEffective } from '../referral/consent.service';
import { NotificationsService } from '../../notifications/notifications.service';
import { isInShelter } from '../shelter/shelter-reads';
import { MONITORING_ASSIGNMENTS, MONITORING_ROLE, VisitSituation } from './community.constants';
import { MY_MONITORING_LIST_SORT, VOLUNTEER_LIST_SORT } from './community-list-sort';
import { CommunityVolunteer, MonitoringAssignment, MonitoringVisit } from './community.entities';
import {
  AssignmentResponseDto,
  VisitResponseDto,
  VolunteerAssignmentDto,
  VolunteerResponseDto,
} from './dto/community.dto';
import { CaseLedger, CaseRecord } from '../../case/case-ledger.service';
import { findUser, usernames, usersWithRole } from '../../users/user-reads';

export interface VolunteerInput {
  name: string;
  groupName: string;
  district?: string | null;
  phone?: string | null;
  userId?: string | null;
}

/** What the monitoring page of a case needs. */
export interface CaseMonitoringView {
  caseId: string;
  caseNumber: string;
  assignments: AssignmentResponseDto[];
  volunteers: VolunteerResponseDto[];
  canManage: boolean;
  hasConsent: boolean;
  today: string;
}

/**
 * Community monitoring (step 8, case part): volunteers (kader) and their groups; coordinators assign
 * one to watch over a victim after return home, under a consent covering community monitoring; the
 * volunteer — role community_volunteer — sees only their own assignments: the victim's name and
 * contact as the consent allows, the instructions, and their own visits. Never the narrative or
 * anyone's notes.
 */
@Injectable()
export class CommunityService implements OnModuleInit {
  constructor(
    private readonly tx: TransactionService,
    private readonly access: CaseAccessService,
    private readonly events: CaseEventService,
    private readonly consents: ConsentService,
    private readonly notifications: NotificationsService,
    private readonly dataKeys: DataKeyService,
    private readonly clock: Clock,
    private readonly gate: CaseDisclosureService,
    private readonly ledger: CaseLedger,
  ) {}

  onModuleInit(): void {
    MONITORING_ASSIGNMENTS.assertValid();
  }

  // ---- volunteers ---------------------------------------------------------------------------------

  async listVolunteers(q: {
    page: number;
    pageSize: number;
    active?: boolean;
    q?: string;
    sort?: string;
    dir?: SortDirection;
  }): Promise<Paginated<VolunteerResponseDto>> {
    const m = this.tx.manager;
    const qb = m.createQueryBuilder(CommunityVolunteer, 'v');
    if (q.active !== undefined) qb.andWhere('v.isActive = :active', { active: q.active });
    if (q.q) {
      qb.andWhere('(LOWER(v.name) LIKE :q OR LOWER(v.groupName) LIKE :q)', {
        q: `%${q.q.toLowerCase().replace(/[%_]/g, '')}%`,
      });
    }
    // No join: offset/limit page the rows as they are.
    const [rows, total] = await applySort(qb, VOLUNTEER_LIST_SORT, q)
      .offset((q.page - 1) * q.pageSize)
      .limit(q.pageSize)
      .getManyAndCount();
    return paginated(await this.volunteerViews(m, rows), total, q);
  }

  async getVolunteer(id: string): Promise<VolunteerResponseDto> {
    const m = this.tx.manager;
    return (await this.volunteerViews(m, [await this.findVolunteer(m, id)]))[0];
  }

  createVolunteer(input: VolunteerInput): Promise<VolunteerResponseDto> {
    return this.tx.run(async (m) => {
      await this.assertAccount(m, input.userId ?? null, null);
      const key = await this.dataKeys.create('volunteer', m);
      const now = this.clock.now();
      const v = m.create(CommunityVolunteer, {
        userId: input.userId ?? null,
        name: input.name.trim(),
        groupName: input.groupName.trim(),
        district: input.district?.trim() || null,
        dataKeyId: key.id,
        phone: input.phone?.trim() || null,
        isActive: true,
        createdAt: now,
        updatedAt: now,
        version: 1,
      });
      await m.save(v);
      return (await this.volunteerViews(m, [v]))[0];
    });
  }

  updateVolunteer(
    id: string,
    changes: Partial<VolunteerInput> & { version: number; isActive?: boolean },
  ): Promise<VolunteerResponseDto> {
    return this.tx.run(async (m) => {
      const v = await this.findVolunteer(m, id);
      if (v.version !== changes.version) throw AppException.versionConflict();
      if (changes.userId !== undefined) {
        await this.assertAccount(m, changes.userId, v.id);
        v.userId = changes.userId;
      }
      if (changes.name !== undefined) v.name = changes.name.trim();
      if (changes.groupName !== undefined) v.groupName = changes.groupName.trim();
      if (changes.district !== undefined) v.district = changes.district?.trim() || null;
      if (changes.phone !== undefined) v.phone = changes.phone?.trim() || null;
      if (changes.isActive !== undefined) v.isActive = changes.isActive;
      v.updatedAt = this.clock.now();
      const res = await m
        .createQueryBuilder()
        .update(CommunityVolunteer)
        .set({
          userId: v.userId,
          name: v.name,
          groupName: v.groupName,
          district: v.district,
          phone: v.phone,
          dataKeyId: v.dataKeyId,
          isActive: v.isActive,
          updatedAt: v.updatedAt,
          version: v.version + 1,
        })
        .where('id = :id AND version = :version', { id: v.id, version: v.version })
        .execute();
      if (!res.affected) throw AppException.versionConflict();
      return (await this.volunteerViews(m, [await this.findVolunteer(m, id)]))[0];
    });
  }

  private async assertAccount(
    m: EntityManager,
    userId: string | null,
    volunteerId: string | null,
  ): Promise<void> {
    if (!userId) return;
    const user = await findUser(m, userId);
    if (!user || !user.roles.includes(Role.CommunityVolunteer))
      throw AppException.rule('VOLUNTEER_ACCOUNT_INVALID');
    const other = await m.findOne(CommunityVolunteer, { where: { userId } });
    if (other && other.id !== volunteerId)
      throw AppException.conflict('VOLUNTEER_ACCOUNT_TAKEN' as ErrorCode);
  }

  private async findVolunteer(m: EntityManager, id: string): Promise<CommunityVolunteer> {
    assertUuid(id);
    const v = await m.findOne(CommunityVolunteer, { where: { id } });
    if (!v) throw AppException.notFound();
    return v;
  }

  private async volunteerViews(
    m: EntityManager,
    rows: CommunityVolunteer[],
  ): Promise<VolunteerResponseDto[]> {
    if (!rows.length) return [];
    const users = await usernames(
      m,
      rows.map((v) => v.userId),
    );
    const counts = await m
      .createQueryBuilder(MonitoringAssignment, 'a')
      .select('a.volunteerId', 'volunteerId')
      .addSelect('COUNT(*)', 'n')
      .where({ volunteerId: In(rows.map((v) => v.id)), status: 'active' })
      .groupBy('a.volunteerId')
      .getRawMany<{ volunteerId: string; n: string | number }>();
    const active = new Map(counts.map((c) => [c.volunteerId, Number(c.n)]));
    return rows.map((v) => ({
      id: v.id,
      name: v.name,
      groupName: v.groupName,
      district: v.district,
      phone: v.phone,
      userId: v.userId,
      username: v.userId ? (users.get(v.userId) ?? null) : null,
      isActive: v.isActive,
      activeAssignments: active.get(v.id) ?? 0,
      version: v.version,
    }));
  }

  // ---- assignments (staff) -----------------------------------------------------------------------

  async caseAssignments(actor: AuthContext, caseId: string): Promise<AssignmentResponseDto[]> {
    const c = await this.access.findWorkable(actor, caseId);
    const m = this.tx.manager;
    return this.assignmentViews(
      m,
      await m.find(MonitoringAssignment, {
        where: { caseId: c.id },
        order: { createdAt: 'DESC', id: 'ASC' },
      }),
    );
  }

  /** The monitoring page of a case; null when the caller may not see it. */
  async forCase(actor: AuthContext, caseId: string): Promise<CaseMonitoringView | null> {
    if (!actor.permissions.has(Permission.MonitoringRead)) return null;
    const m = this.tx.manager;
    let c: CaseRecord;
    try {
      c = await this.access.findReadable(actor, caseId, m);
    } catch {
      return null;
    }
    if (!this.access.canWork(actor, c)) return null;
    const today = todayOf(this.clock);
    const consents = await activeConsentsOf(m, c.id);
    return {
      caseId: c.id,
      caseNumber: c.number,
      assignments: await this.assignmentViews(
        m,
        await m.find(MonitoringAssignment, {
          where: { caseId: c.id },
          order: { createdAt: 'DESC', id: 'ASC' },
        }),
      ),
      volunteers: await this.volunteerViews(
        m,
        await m.find(CommunityVolunteer, {
          where: { isActive: true },
          order: { groupName: 'ASC', name: 'ASC' },
        }),
      ),
      canManage: actor.permissions.has(Permission.MonitoringManage) && c.stage !== 'closed',
      hasConsent: consents.some(
        (k) => isConsentEffective(k, today) && (k.serviceRoles ?? []).includes(MONITORING_ROLE),
      ),
      today,
    };
  }

  assign(
    actor: AuthContext,
    caseId: string,
    input: { volunteerId: string; instructions: string; startedOn?: string; consentId?: string },
  ): Promise<AssignmentResponseDto> {
    const today = todayOf(this.clock);
    const startedOn = input.startedOn ?? today;
    assertNotFuture(this.clock, startedOn);
    return this.tx.run(async (m) => {
      if (!actor.permissions.has(Permission.MonitoringManage)) throw AppException.forbidden();
      const c = await this.access.findWorkable(actor, caseId, m);
      if (c.stage === 'closed') throw AppException.rule(ErrorCode.CaseClosed);
      const v = await m.findOne(CommunityVolunteer, { where: { id: input.volunteerId } });
      if (!v || !v.isActive) throw AppException.rule('VOLUNTEER_NOT_FOUND');
      if (await isInShelter(m, c.id)) {
        throw AppException.rule('VICTIM_IN_SHELTER');
      }
      if (
        await m.count(MonitoringAssignment, { where: { caseId: c.id, volunteerId: v.id, status: 'active' } })
      ) {
        throw AppException.conflict('MONITORING_ALREADY_ASSIGNED' as ErrorCode);
      }
      const consent = await this.consents.findCovering(m, c, MONITORING_ROLE, null, [], input.consentId);
      const now = this.clock.now();
      const a = m.create(MonitoringAssignment, {
        caseId: c.id,
        dataKeyId: c.dataKeyId,
        volunteerId: v.id,
        consentId: consent.id,
        instructions: input.instructions.trim(),
        startedOn,
        endedOn: null,
        status: 'active',
        assignedById: actor.userId,
        createdAt: now,
        updatedAt: now,
        version: 1,
      });
      await m.save(a);
      await this.events.append(c.id, actor, {
        type: 'monitoring.assigned',
        summaryArgs: { assignmentId: a.id, group: v.groupName, startedOn },
        details: { volunteerId: v.id, consentId: consent.id },
      });
      await this.notifications.notify(
        m,
        [v.userId],
        'monitoring_assigned',
        {},
        `/community/monitoring/${a.id}`,
      );
      return (await this.assignmentViews(m, [a]))[0];
    });
  }

  /**
   * Ends an assignment. `caseId`, when given (the case page's form), must be the assignment's case:
   * checked before anything changes, so that a refused request ends nothing.
   */
  end(
    actor: AuthContext,
    assignmentId: string,
    version: number,
    caseId?: string,
  ): Promise<AssignmentResponseDto> {
    assertUuid(assignmentId);
    return this.tx.run(async (m) => {
      const a = await m.findOne(
        MonitoringAssignment,
        lockedFor<MonitoringAssignment>(m, { where: { id: assignmentId } }),
      );
      if (!a || (caseId !== undefined && a.caseId !== caseId)) throw AppException.notFound();
      const c = await this.access.findWorkable(actor, a.caseId, m);
      if (a.version !== version) throw AppException.versionConflict();
      await MONITORING_ASSIGNMENTS.transition('end', a.status, undefined, {
        refused: () => AppException.conflict(ErrorCode.Conflict),
        apply: async (_from, to) => {
          const endedOn = todayOf(this.clock);
          const res = await m
            .createQueryBuilder()
            .update(MonitoringAssignment)
            .set({ status: to, endedOn, updatedAt: this.clock.now(), version: version + 1 })
            .where('id = :id AND version = :version', { id: a.id, version })
            .execute();
          if (!res.affected) throw AppException.versionConflict();
        },
      });
      const v = await m.findOne(CommunityVolunteer, { where: { id: a.volunteerId } });
      await this.events.append(c.id, actor, {
        type: 'monitoring.ended',
        summaryArgs: { assignmentId: a.id, group: v?.groupName ?? null },
      });
      await this.notifications.notify(
        m,
        [v?.userId],
        'monitoring_ended',
        {},
        `/community/monitoring/${a.id}`,
      );
      return (
        await this.assignmentViews(m, [await m.findOneOrFail(MonitoringAssignment, { where: { id: a.id } })])
      )[0];
    });
  }

  private async assignmentViews(
    m: EntityManager,
    rows: MonitoringAssignment[],
  ): Promise<AssignmentResponseDto[]> {
    if (!rows.length) return [];
    const volunteers = new Map(
      (
        await this.volunteerViews(
          m,
          await m.find(CommunityVolunteer, {
            where: { id: In([...new Set(rows.map((a) => a.volunteerId))]) },
          }),
        )
      ).map((v) => [v.id, v]),
    );
    const visits = await m.find(MonitoringVisit, {
      where: { assignmentId: In(rows.map((a) => a.id)) },
      order: { visitedOn: 'ASC', createdAt: 'ASC' },
    });
    return rows.map((a) => ({
      id: a.id,
      caseId: a.caseId,
      volunteer: volunteers.get(a.volunteerId)!,
      instructions: a.instructions ?? '',
      startedOn: a.startedOn,
      endedOn: a.endedOn,
      status: a.status,
      visits: visits.filter((x) => x.assignmentId === a.id).map(visitView),
      version: a.version,
    }));
  }

  // ---- the volunteer's own ---------------------------------------------------------------------------

  private async me(actor: AuthContext, m: EntityManager): Promise<CommunityVolunteer | null> {
    if (!actor.roles.includes(Role.CommunityVolunteer)) return null;
    return m.findOne(CommunityVolunteer, { where: { userId: actor.userId } });
  }

  async myAssignments(
    actor: AuthContext,
    q: { page: number; pageSize: number; sort?: string; dir?: SortDirection },
  ): Promise<Paginated<VolunteerAssignmentDto>> {
    const m = this.tx.manager;
    const v = await this.me(actor, m);
    if (!v) return paginated([], 0, q);
    const qb = m.createQueryBuilder(MonitoringAssignment, 'a').where('a.volunteerId = :id', { id: v.id });
    const [rows, total] = await applySort(qb, MY_MONITORING_LIST_SORT, q)
      .offset((q.page - 1) * q.pageSize)
      .limit(q.pageSize)
      .getManyAndCount();
    const items: VolunteerAssignmentDto[] = [];
    for (const a of rows) items.push(await this.volunteerView(m, a));
    return paginated(items, total, q);
  }

  async myAssignment(actor: AuthContext, assignmentId: string): Promise<VolunteerAssignmentDto> {
    const m = this.tx.manager;
    return this.volunteerView(m, await this.mine(actor, assignmentId, m));
  }

  recordVisit(
    actor: AuthContext,
    assignmentId: string,
    input: { visitedOn: string; situation: VisitSituation; notes?: string; concerns?: string },
  ): Promise<VolunteerAssignmentDto> {
    assertNotFuture(this.clock, input.visitedOn);
    return this.tx.run(async (m) => {
      const a = await this.mine(actor, assignmentId, m);
      if ((await this.accessOf(m, a)) !== 'full') throw AppException.rule('MONITORING_ACCESS_ENDED');
      if (input.visitedOn < a.startedOn) throw AppException.rule('VISIT_BEFORE_ASSIGNMENT');
      const visit = m.create(MonitoringVisit, {
        assignmentId: a.id,
        caseId: a.caseId,
        dataKeyId: a.dataKeyId,
        visitedOn: input.visitedOn,
        situation: input.situation,
        notes: input.notes?.trim() || null,
        concerns: input.concerns?.trim() || null,
        recordedById: actor.userId,
        createdAt: this.clock.now(),
      });
      await m.save(visit);
      await this.events.append(a.caseId, actor, {
        type: 'monitoring.visit_recorded',
        summaryArgs: { assignmentId: a.id, situation: input.situation, visitedOn: input.visitedOn },
        details: { visitId: visit.id },
      });
      if (input.situation !== 'safe') {
        const c = await this.ledger.get(a.caseId, m, {
          id: true,
          number: true,
          assignedCounselorId: true,
          dataKeyId: true,
        });
        const coordinators = await usersWithRole(m, Role.Coordinator);
        await this.notifications.notify(
          m,
          [...coordinators, c.assignedCounselorId],
          'monitoring_concern',
          { caseNumber: c.number, situation: input.situation },
          `/cases/${c.id}/monitoring`,
        );
      }
      return this.volunteerView(m, a);
    });
  }

  /** The caller's own assignment; 404 for anyone else's. */
  private async mine(
    actor: AuthContext,
    assignmentId: string,
    m: EntityManager,
  ): Promise<MonitoringAssignment> {
    assertUuid(assignmentId);
    const v = await this.me(actor, m);
    if (!v) throw AppException.notFound();
    const a = await m.findOne(MonitoringAssignment, { where: { id: assignmentId, volunteerId: v.id } });
    if (!a) throw AppException.notFound();
    return a;
  }

  private async accessOf(m: EntityManager, a: MonitoringAssignment): Promise<'full' | 'summary'> {
    if (a.status !== 'active') return 'summary';
    const consent = await findConsent(m, a.consentId);
    return consent && isConsentEffective(consent, todayOf(this.clock)) ? 'full' : 'summary';
  }

  /**
   * Only what monitoring needs: the person as the consent allows, the instructions, own visits. What
   * of the case a volunteer sees is the disclosure gate's (the assignment's consent categories; the
   * instructions redacted of what the consent does not disclose; the volunteer's own visit notes too,
   * so that what it wrote about her reaches it only as far as it may read her now).
   */
  private async volunteerView(m: EntityManager, a: MonitoringAssignment): Promise<VolunteerAssignmentDto> {
    const access = await this.accessOf(m, a);
    let person: VolunteerAssignmentDto['person'] = null;
    let instructions: string | null = null;
    const categories = access === 'full' ? ((await getConsent(m, a.consentId)).categories ?? []) : [];
    const lens = await this.gate.lensById(this.gate.volunteerReader(categories, access === 'full'), a.caseId);
    if (access === 'full') {
      const victim = await lens.victimFacts();
      person = { name: victim.name, address: victim.address, phone: victim.phone };
      instructions = await lens.text(a.instructions);
    }
    const visits = await m.find(MonitoringVisit, {
      where: { assignmentId: a.id },
      order: { visitedOn: 'ASC', createdAt: 'ASC' },
    });
    return {
      id: a.id,
      access,
      person,
      instructions,
      startedOn: a.startedOn,
      endedOn: a.endedOn,
      status: a.status,
      visits: await Promise.all(
        visits.map(async (v) => ({
          ...visitView(v),
          notes: await lens.text(v.notes),
          concerns: await lens.text(v.concerns),
        })),
      ),
    };
  }
}

function visitView(v: MonitoringVisit): VisitResponseDto {
  return {
    id: v.id,
    visitedOn: v.visitedOn,
    situation: v.situation,
    notes: v.notes,
    concerns: v.concerns,
    createdAt: iso(v.createdAt) as string,
  };
}
