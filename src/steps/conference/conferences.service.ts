import { HttpStatus, Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { Permission, Role } from '../../platform/auth/permissions';
import { CaseAccessService } from '../../case/case-access.service';
import { CaseEventService } from '../../case/case-event.service';
import { CaseLedger, CaseRecord } from '../../case/case-ledger.service';
import { AppException, ErrorCode } from '../../platform/common/app.exception';
import { Clock } from '../../platform/common/clock';
import { Paginated, paginated } from '../../platform/common/pagination';
import { AuthContext } from '../../platform/common/request-context';
import { assertNotFuture, todayOf } from '../../platform/common/dates';
import { lockedFor } from '../../platform/database/query-helpers';
import { TransactionService } from '../../platform/database/transaction.service';
import { CentreRegionDirectory, InstitutionGroup } from '../../platform/settings/centre-region.directory';
import { CaseConference } from './case-conference.entity';
import { ConferenceActionItem } from './conference-action-item.entity';
import { ACTION_ITEM_STATUSES, ActionItemStatus, FORM_ACTION_ROWS } from './conference.constants';
import { ActionItemResponseDto, ConferenceResponseDto, CreateConferenceDto } from './dto/conference.dto';
import { activeUsers, countActiveUsers, userNames } from '../../users/user-reads';
import {
  activeInstitutions,
  countInstitutions,
  institutionNames,
} from '../../institutions/institution-reads';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface PageQuery {
  page: number;
  pageSize: number;
}

/** What the case page shows of step 5 (case conference). */
export interface CaseConferences {
  /** Each action item says whether the caller may change its status (`canUpdate`). */
  conferences: (Omit<ConferenceResponseDto, 'actionItems'> & {
    actionItems: (ActionItemResponseDto & { canUpdate: boolean })[];
  })[];
  /** May record a conference (coordinators). */
  canWrite: boolean;
  /** May change any action item's status (others only their own). */
  canUpdateAll: boolean;
  /** For the form: staff who may attend or own an action, partner institutions. */
  staff: { id: string; name: string }[];
  institutions: { id: string; name: string }[];
  /** The same institutions grouped: the centre's region first, no other region's offices. */
  institutionGroups: InstitutionGroup<{ id: string; name: string }>[];
  statuses: readonly string[];
  actionRows: number[];
  today: string;
}

const STAFF_ROLES: string[] = [Role.Coordinator, Role.Counselor, Role.FrontDesk];

/**
 * Step 5, the case conference (rapat kasus): attendees, agenda, minutes and decisions, with follow-up
 * actions that their owners (or a coordinator) mark done. Recording one opens the workflow's
 * convene_conference.
 */
@Injectable()
export class ConferencesService {
  constructor(
    private readonly tx: TransactionService,
    private readonly access: CaseAccessService,
    private readonly events: CaseEventService,
    private readonly ledger: CaseLedger,
    private readonly clock: Clock,
    private readonly regions: CentreRegionDirectory,
  ) {}

  async list(actor: AuthContext, caseId: string, q: PageQuery): Promise<Paginated<ConferenceResponseDto>> {
    const c = await this.access.findWorkable(actor, caseId);
    const m = this.tx.manager;
    const [rows, total] = await m.findAndCount(CaseConference, {
      where: { caseId: c.id },
      order: { heldAt: 'DESC', createdAt: 'DESC' },
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
    });
    return paginated(await this.views(m, rows), total, q);
  }

  /** One conference, for its printable page; with the case's number. */
  async get(
    actor: AuthContext,
    caseId: string,
    conferenceId: string,
  ): Promise<{ case: CaseRecord; conference: ConferenceResponseDto }> {
    const c = await this.access.findWorkable(actor, caseId);
    if (!UUID.test(conferenceId)) throw AppException.notFound();
    const m = this.tx.manager;
    const row = await m.findOne(CaseConference, { where: { id: conferenceId, caseId: c.id } });
    if (!row) throw AppException.notFound();
    return { case: c, conference: (await this.views(m, [row]))[0] };
  }

  /** The conference part of the case page; null when the caller may not see it. */
  async forCase(actor: AuthContext, caseId: string): Promise<CaseConferences | null> {
    if (!actor.permissions.has(Permission.ConferencesRead)) return null;
    const m = this.tx.manager;
    const c = await this.access.findReadable(actor, caseId, m);
    if (!this.access.canWork(actor, c)) return null;
    const rows = await m.find(CaseConference, {
      where: { caseId: c.id },
      order: { heldAt: 'DESC', createdAt: 'DESC' },
      take: 50,
    });
    const canWrite = actor.permissions.has(Permission.ConferencesWrite) && c.stage !== 'closed';
    let staff: { id: string; name: string }[] = [];
    let institutions: { id: string; name: string }[] = [];
    if (canWrite) {
      const users = await activeUsers(m);
      staff = users
        .filter((u) => u.roles.some((r) => STAFF_ROLES.includes(r)))
        .map((u) => ({ id: u.id, name: u.displayName }));
      institutions = (await activeInstitutions(m, { id: true, name: true })).map((i) => ({
        id: i.id,
        name: i.name,
      }));
    }
    const choices = await this.regions.arrange(institutions, m);
    const canUpdateAll = actor.permissions.has(Permission.ConferencesWrite);
    return {
      conferences: (await this.views(m, rows)).map((conf) => ({
        ...conf,
        actionItems: conf.actionItems.map((i) => ({
          ...i,
          canUpdate: canUpdateAll || i.ownerUserId === actor.userId,
        })),
      })),
      canWrite,
      canUpdateAll,
      staff,
      institutions: choices.institutions,
      institutionGroups: choices.groups,
      statuses: ACTION_ITEM_STATUSES,
      actionRows: Array.from({ length: FORM_ACTION_ROWS }, (_v, i) => i),
      today: todayOf(this.clock),
    };
  }

  create(actor: AuthContext, caseId: string, input: CreateConferenceDto): Promise<ConferenceResponseDto> {
    assertNotFuture(this.clock, input.heldAt);
    if (input.actionItems.some((a) => a.dueDate < input.heldAt))
      throw AppException.rule('ACTION_ITEM_DUE_BEFORE_CONFERENCE');
    return this.tx.run(async (m) => {
      const c = await this.ledger.lockForWork(actor, caseId, m);
      const userIds = [
        ...input.attendees.staffUserIds,
        ...input.actionItems.map((a) => a.ownerUserId).filter((id): id is string => !!id),
      ];
      await this.assertUsers(m, userIds);
      const institutionIds = [
        ...input.attendees.institutionIds,
        ...input.actionItems.map((a) => a.ownerInstitutionId).filter((id): id is string => !!id),
      ];
      await this.assertInstitutions(m, institutionIds);
      const now = this.clock.now();
      const conference = m.create(CaseConference, {
        caseId: c.id,
        dataKeyId: c.dataKeyId,
        heldAt: input.heldAt,
        attendees: {
          staffUserIds: input.attendees.staffUserIds,
          institutionIds: input.attendees.institutionIds,
          others: input.attendees.others.map((o) => o.trim()).filter(Boolean),
        },
        agenda: input.agenda?.trim() ? input.agenda : null,
        minutes: input.minutes?.trim() ? input.minutes : null,
        decisions: input.decisions.map((d) => d.trim()).filter(Boolean),
        createdById: actor.userId,
        createdAt: now,
      });
      await m.save(CaseConference, conference);
      const items = input.actionItems.map((a, i) =>
        m.create(ConferenceActionItem, {
          conferenceId: conference.id,
          caseId: c.id,
          dataKeyId: c.dataKeyId,
          position: i + 1,
          description: a.description,
          ownerUserId: a.ownerUserId ?? null,
          ownerInstitutionId: a.ownerInstitutionId ?? null,
          dueDate: a.dueDate,
          status: 'open' as ActionItemStatus,
          createdAt: now,
          updatedAt: now,
        }),
      );
      if (items.length) await m.save(ConferenceActionItem, items);
      const attendeeCount =
        conference.attendees!.staffUserIds.length +
        conference.attendees!.institutionIds.length +
        conference.attendees!.others.length;
      await this.events.append(c.id, actor, {
        type: 'conference.held',
        summaryArgs: {
          heldAt: conference.heldAt,
          attendees: attendeeCount,
          decisions: conference.decisions!.length,
          actionItems: items.length,
        },
        details: { conferenceId: conference.id, actionItemIds: items.map((i) => i.id) },
      });
      return (await this.views(m, [conference]))[0];
    });
  }

  /**
   * Changes an action item's status: a coordinator working on the case (conferences.write), or the
   * staff member who owns the item. Anyone else who works on the case gets 403; outside it, 404.
   */
  updateActionItem(
    actor: AuthContext,
    caseId: string,
    itemId: string,
    input: { status: string; version: number },
  ): Promise<ActionItemResponseDto> {
    return this.tx.run(async (m) => {
      if (!UUID.test(caseId) || !UUID.test(itemId)) throw AppException.notFound();
      const item = await m.findOne(
        ConferenceActionItem,
        lockedFor<ConferenceActionItem>(m, { where: { id: itemId, caseId } }),
      );
      const isOwner = !!item && item.ownerUserId === actor.userId;
      if (!isOwner) {
        await this.access.findWorkable(actor, caseId, m);
        if (!item) throw AppException.notFound();
        if (!actor.permissions.has(Permission.ConferencesWrite)) throw AppException.forbidden();
      }
      const found = item!;
      if (found.version !== input.version) throw AppException.versionConflict();
      const status = input.status as ActionItemStatus;
      if (found.status === status) return (await this.itemViews(m, [found]))[0];
      const before = found.status;
      found.status = status;
      found.updatedAt = this.clock.now();
      const saved = await m.save(ConferenceActionItem, found);
      await this.events.append(caseId, actor, {
        type: 'conference.action_item_updated',
        summaryKey: `events.conference.action_item_updated.${status}`,
        summaryArgs: { dueDate: found.dueDate, status },
        details: { itemId: found.id, conferenceId: found.conferenceId, status: { before, after: status } },
      });
      return (await this.itemViews(m, [saved]))[0];
    });
  }

  async hasConference(m: EntityManager, caseId: string): Promise<boolean> {
    return (await m.count(CaseConference, { where: { caseId } })) > 0;
  }

  // ---- helpers

  private async assertUsers(m: EntityManager, ids: string[]): Promise<void> {
    const unique = [...new Set(ids)];
    if (!unique.length) return;
    const found = await countActiveUsers(m, unique);
    if (found !== unique.length) throw new AppException('STAFF_NOT_FOUND', HttpStatus.UNPROCESSABLE_ENTITY);
  }

  private async assertInstitutions(m: EntityManager, ids: string[]): Promise<void> {
    const unique = [...new Set(ids)];
    if (!unique.length) return;
    const found = await countInstitutions(m, unique);
    if (found !== unique.length) throw AppException.rule(ErrorCode.InstitutionNotFound);
  }

  private async views(m: EntityManager, rows: CaseConference[]): Promise<ConferenceResponseDto[]> {
    if (!rows.length) return [];
    const items = await m.find(ConferenceActionItem, {
      where: { conferenceId: In(rows.map((r) => r.id)) },
      order: { position: 'ASC' },
    });
    const userIds = rows.flatMap((r) => [r.createdById, ...(r.attendees?.staffUserIds ?? [])]);
    const institutionIds = rows.flatMap((r) => r.attendees?.institutionIds ?? []);
    // One after another: inside a transaction the manager has a single connection.
    const users = await userNames(m, userIds);
    const institutions = await institutionNames(m, institutionIds);
    const itemViews = await this.itemViews(m, items);
    return rows.map((r) => ({
      id: r.id,
      caseId: r.caseId,
      heldAt: r.heldAt,
      attendees: {
        staff: (r.attendees?.staffUserIds ?? []).map((id) => ({ id, name: users.get(id) ?? null })),
        institutions: (r.attendees?.institutionIds ?? []).map((id) => ({
          id,
          name: institutions.get(id) ?? null,
        })),
        others: r.attendees?.others ?? [],
      },
      agenda: r.agenda,
      minutes: r.minutes,
      decisions: r.decisions ?? [],
      actionItems: itemViews.filter((i) => i.conferenceId === r.id),
      createdByName: users.get(r.createdById) ?? null,
      createdAt: new Date(r.createdAt).toISOString(),
    }));
  }

  private async itemViews(m: EntityManager, items: ConferenceActionItem[]): Promise<ActionItemResponseDto[]> {
    const users = await userNames(
      m,
      items.map((i) => i.ownerUserId),
    );
    const institutions = await institutionNames(
      m,
      items.map((i) => i.ownerInstitutionId),
    );
    const today = todayOf(this.clock);
    return items.map((i) => ({
      id: i.id,
      conferenceId: i.conferenceId,
      caseId: i.caseId,
      description: i.description,
      ownerUserId: i.ownerUserId,
      ownerUserName: i.ownerUserId ? (users.get(i.ownerUserId) ?? null) : null,
      ownerInstitutionId: i.ownerInstitutionId,
      ownerInstitutionName: i.ownerInstitutionId ? (institutions.get(i.ownerInstitutionId) ?? null) : null,
      dueDate: i.dueDate,
      status: i.status,
      overdue: i.status === 'open' && i.dueDate < today,
      version: i.version,
    }));
  }
}
