import { HttpStatus, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CaseAccessService } from '../case/case-access.service';
import { CaseEventService } from '../case/case-event.service';
import { CaseLedger } from '../case/case-ledger.service';
import { CaseDisclosureService } from '../case/disclosure/case-disclosure.service';
import { Permission } from '../platform/auth/permissions';
import { AppException, ErrorCode } from '../platform/common/app.exception';
import { Clock } from '../platform/common/clock';
import { todayOf } from '../platform/common/dates';
import { AuthContext } from '../platform/common/request-context';
import { TransactionService } from '../platform/database/transaction.service';
import { userNames } from '../users/user-reads';
import { CompleteFollowUpDto, CreateFollowUpDto, FollowUpDto } from './dto/follow-up.dto';
import { FollowUp } from './follow-up.entity';

export const FOLLOW_UP_NOT_SCHEDULED = 'FOLLOW_UP_NOT_SCHEDULED';
export const FOLLOW_UP_IN_PAST = 'FOLLOW_UP_IN_PAST';

/** What the case page's follow-up part shows the caller (null: not one who works on the case). */
export interface FollowUpSection {
  items: FollowUpDto[];
  canWrite: boolean;
  today: string;
}

/**
 * Follow-ups (issue 19 item 2): a counselor schedules one on a case they work on (day, what, with
 * whom); it is their task until done; completing it appends `follow_up.done` to the case's history in
 * the same transaction (both are on the history, and so on the printed handling chronology).
 */
@Injectable()
export class FollowUpsService {
  constructor(
    private readonly tx: TransactionService,
    private readonly access: CaseAccessService,
    private readonly ledger: CaseLedger,
    private readonly events: CaseEventService,
    private readonly gate: CaseDisclosureService,
    private readonly clock: Clock,
  ) {}

  /** 404 outside the caller's cases, 403 to one who only reads it, 422 on a closed case or a past day. */
  async schedule(actor: AuthContext, caseId: string, dto: CreateFollowUpDto): Promise<FollowUpDto> {
    return this.tx.run(async (m) => {
      const c = await this.ledger.lockForWork(actor, caseId, m);
      if (c.stage === 'closed') throw AppException.rule(ErrorCode.CaseClosed);
      const today = todayOf(this.clock);
      if (dto.dueOn < today) throw AppException.rule(FOLLOW_UP_IN_PAST);
      const f = m.create(FollowUp, {
        caseId: c.id,
        dataKeyId: c.dataKeyId,
        dueOn: dto.dueOn,
        what: dto.what,
        withWhom: dto.withWhom ?? null,
        status: 'scheduled',
        ownerId: actor.userId,
        createdAt: this.clock.now(),
        doneOn: null,
        doneById: null,
        outcome: null,
        version: 1,
      });
      await m.save(f);
      await this.events.append(c.id, actor, {
        type: 'follow_up.scheduled',
        summaryArgs: { dueOn: f.dueOn },
        details: { followUpId: f.id, what: f.what, withWhom: f.withWhom },
      });
      return (await this.views(m, [f], today))[0];
    });
  }

  /** Marks it done: 404 when not of this case, 409 when no longer scheduled or the version is stale. */
  async complete(
    actor: AuthContext,
    caseId: string,
    followUpId: string,
    dto: CompleteFollowUpDto,
  ): Promise<FollowUpDto> {
    return this.tx.run(async (m) => {
      const c = await this.ledger.lockForWork(actor, caseId, m);
      const f = /^[0-9a-f-]{36}$/i.test(followUpId)
        ? await m.findOne(FollowUp, { where: { id: followUpId, caseId: c.id } })
        : null;
      if (!f) throw AppException.notFound();
      if (f.status !== 'scheduled') throw new AppException(FOLLOW_UP_NOT_SCHEDULED, HttpStatus.CONFLICT);
      if (f.version !== dto.version) throw AppException.versionConflict();
      const today = todayOf(this.clock);
      Object.assign(f, {
        status: 'done',
        doneOn: today,
        doneById: actor.userId,
        outcome: dto.outcome ?? null,
        version: f.version + 1,
      });
      await m.save(f);
      await this.events.append(c.id, actor, {
        type: 'follow_up.done',
        summaryArgs: { dueOn: f.dueOn, doneOn: today },
        details: { followUpId: f.id, what: f.what, withWhom: f.withWhom, outcome: f.outcome },
      });
      return (await this.views(m, [f], today))[0];
    });
  }

  /** The case's follow-ups, latest due first, for those who work on the case (404/403 otherwise). */
  async list(actor: AuthContext, caseId: string): Promise<FollowUpDto[]> {
    const m = this.tx.manager;
    const c = await this.access.findWorkable(actor, caseId, m);
    if (!this.gate.showsFollowUps(actor, c)) throw AppException.notFound();
    const rows = await m.find(FollowUp, {
      where: { caseId: c.id },
      order: { dueOn: 'DESC', createdAt: 'DESC' },
    });
    return this.views(m, rows, todayOf(this.clock));
  }

  /** The case page's follow-ups (counseling section); null for those who do not work on the case. */
  async section(actor: AuthContext, caseId: string): Promise<FollowUpSection | null> {
    if (!actor.permissions.has(Permission.FollowUpsWrite)) return null;
    const c = await this.access.findReadable(actor, caseId);
    if (!this.access.canWork(actor, c)) return null;
    return {
      items: await this.list(actor, caseId),
      canWrite: c.stage !== 'closed',
      today: todayOf(this.clock),
    };
  }

  private async views(m: EntityManager, rows: FollowUp[], today: string): Promise<FollowUpDto[]> {
    const names = await userNames(m, [...rows.map((f) => f.ownerId), ...rows.map((f) => f.doneById)]);
    return rows.map((f) => ({
      id: f.id,
      caseId: f.caseId,
      dueOn: f.dueOn,
      what: f.what,
      withWhom: f.withWhom,
      status: f.status,
      ownerId: f.ownerId,
      ownerName: names.get(f.ownerId) ?? '',
      createdAt: f.createdAt,
      doneOn: f.doneOn,
      doneByName: f.doneById ? (names.get(f.doneById) ?? '') : null,
      outcome: f.outcome,
      version: f.version,
      overdue: f.status === 'scheduled' && f.dueOn < today,
    }));
  }
}
