import { HttpStatus, Injectable } from '@nestjs/common';
import { applySort, SortDirection } from '../platform/common/list-sort';
import { CLOSURE_REQUEST_LIST_SORT } from './closure-request-list-sort';
import { EntityManager } from 'typeorm';
import { CaseAccessService } from '../case/case-access.service';
import { CaseEventService } from '../case/case-event.service';
import { CaseLedger } from '../case/case-ledger.service';
import { TRANSITIONS } from '../case/workflow/case-workflow';
import { CaseWorkflowService } from '../case/workflow/case-workflow.service';
import { NotificationsService } from '../notifications/notifications.service';
import { Permission, Role } from '../platform/auth/permissions';
import { AppException, ErrorCode } from '../platform/common/app.exception';
import { Clock } from '../platform/common/clock';
import { paginated, Paginated } from '../platform/common/pagination';
import { AuthContext } from '../platform/common/request-context';
import { TransactionService } from '../platform/database/transaction.service';
import { userNames, usersWithRole } from '../users/user-reads';
import { CLOSURE_CHECKLIST } from './caseload.constants';
import { ClosureRequest } from './closure-request.entity';
import { ClosureRequestDto, RequestClosureDto } from './dto/closure-request.dto';

export const CLOSURE_REQUEST_PENDING = 'CLOSURE_REQUEST_PENDING';
export const CLOSURE_REQUEST_NOT_PENDING = 'CLOSURE_REQUEST_NOT_PENDING';

/** What the case page's closure section shows the caller. */
export interface ClosureSection {
  latest: ClosureRequestDto | null;
  /** The assigned counselor (or a coordinator) may ask for closure now. */
  canRequest: boolean;
  /** A coordinator, with a request pending. */
  canDecide: boolean;
  checklistItems: readonly string[];
}

/**
 * Closure approval (issue 19 item 5): a counselor asks for a case's closure with the reason and the
 * checklist; a coordinator approves — the workflow's `close` transition fires in the same transaction,
 * with the request's reason, so every guard of the table still applies — or returns it with a
 * comment. Request and decision are on the case's history; coordinators are notified of a request,
 * the counselor of the decision. A coordinator's direct `close` is unchanged.
 */
@Injectable()
export class ClosureRequestsService {
  constructor(
    private readonly tx: TransactionService,
    private readonly access: CaseAccessService,
    private readonly ledger: CaseLedger,
    private readonly events: CaseEventService,
    private readonly workflow: CaseWorkflowService,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
  ) {}

  /** 404 outside the caller's cases, 403 to one who only reads it, 422 once closed, 409 when one is pending. */
  async request(actor: AuthContext, caseId: string, dto: RequestClosureDto): Promise<ClosureRequestDto> {
    return this.tx.run(async (m) => {
      const c = await this.ledger.lockForWork(actor, caseId, m);
      if (!(TRANSITIONS.close.from as readonly string[]).includes(c.stage))
        throw new AppException(ErrorCode.CaseTransitionNotAllowed, HttpStatus.CONFLICT, {
          transition: 'close',
          stage: c.stage,
        });
      if (await m.findOne(ClosureRequest, { where: { pendingCaseId: c.id }, select: { id: true } }))
        throw new AppException(CLOSURE_REQUEST_PENDING, HttpStatus.CONFLICT);
      const checklist = CLOSURE_CHECKLIST.filter((item) => dto.checklist.includes(item));
      const r = m.create(ClosureRequest, {
        caseId: c.id,
        dataKeyId: c.dataKeyId,
        pendingCaseId: c.id,
        status: 'pending',
        closureReason: dto.closureReason,
        checklist,
        explanation: dto.explanation,
        requestedById: actor.userId,
        requestedAt: this.clock.now(),
        decidedById: null,
        decidedAt: null,
        comment: null,
      });
      await m.save(r);
      await this.events.append(c.id, actor, {
        type: 'closure.requested',
        summaryArgs: {
          closureReason: dto.closureReason,
          confirmed: checklist.length,
          items: CLOSURE_CHECKLIST.length,
        },
        details: { requestId: r.id, explanation: dto.explanation, checklist },
      });
      const coordinators = await usersWithRole(m, Role.Coordinator);
      await this.notifications.notify(
        m,
        coordinators.filter((id) => id !== actor.userId),
        'closure_requested',
        { caseNumber: c.number },
        `/cases/${c.id}#closure`,
      );
      return (await this.views(m, [r]))[0];
    });
  }

  /** The coordinator approves: the `close` transition fires (its guards may refuse: 422, all undone). */
  async approve(actor: AuthContext, caseId: string, version: number): Promise<ClosureRequestDto> {
    return this.tx.run(async (m) => {
      const { c, r } = await this.pending(actor, caseId, m);
      const now = this.clock.now();
      await this.events.append(c.id, actor, {
        type: 'closure.approved',
        summaryArgs: { closureReason: r.closureReason },
        details: { requestId: r.id },
      });
      await this.workflow.fire(actor, c.id, 'close', version, {
        closureReason: r.closureReason,
        reason: r.explanation ?? undefined,
      });
      Object.assign(r, {
        status: 'approved',
        pendingCaseId: null,
        decidedById: actor.userId,
        decidedAt: now,
      });
      await m.save(r);
      await this.notifications.notify(
        m,
        [r.requestedById].filter((id) => id !== actor.userId),
        'closure_approved',
        { caseNumber: c.number },
        `/cases/${c.id}`,
      );
      return (await this.views(m, [r]))[0];
    });
  }

  /** The coordinator returns the request with a comment; the case stays as it is. */
  async giveBack(actor: AuthContext, caseId: string, comment: string): Promise<ClosureRequestDto> {
    return this.tx.run(async (m) => {
      const { c, r } = await this.pending(actor, caseId, m);
      Object.assign(r, {
        status: 'returned',
        pendingCaseId: null,
        decidedById: actor.userId,
        decidedAt: this.clock.now(),
        comment,
      });
      await m.save(r);
      await this.events.append(c.id, actor, {
        type: 'closure.returned',
        summaryArgs: { closureReason: r.closureReason },
        details: { requestId: r.id, comment },
      });
      await this.notifications.notify(
        m,
        [r.requestedById].filter((id) => id !== actor.userId),
        'closure_returned',
        { caseNumber: c.number },
        `/cases/${c.id}#closure`,
      );
      return (await this.views(m, [r]))[0];
    });
  }

  /** The case (locked for the change) and its pending request; 409 when none is pending. */
  private async pending(actor: AuthContext, caseId: string, m: EntityManager) {
    if (!actor.permissions.has(Permission.ClosureApprove)) throw AppException.forbidden();
    const c = await this.ledger.lockForWork(actor, caseId, m);
    const r = await m.findOne(ClosureRequest, { where: { pendingCaseId: c.id } });
    if (!r) throw new AppException(CLOSURE_REQUEST_NOT_PENDING, HttpStatus.CONFLICT);
    return { c, r };
  }

  /** The case's latest request (null when none), for those who work on the case. */
  async latest(actor: AuthContext, caseId: string): Promise<ClosureRequestDto | null> {
    const m = this.tx.manager;
    const c = await this.access.findWorkable(actor, caseId, m);
    const r = await m.findOne(ClosureRequest, {
      where: { caseId: c.id },
      order: { requestedAt: 'DESC', id: 'DESC' },
    });
    return r ? (await this.views(m, [r]))[0] : null;
  }

  /** The case page's closure section; null for those who do not work on the case. */
  async section(actor: AuthContext, caseId: string): Promise<ClosureSection | null> {
    if (!actor.permissions.has(Permission.ClosureRequest)) return null;
    const c = await this.access.findReadable(actor, caseId);
    if (!this.access.canWork(actor, c)) return null;
    const latest = await this.latest(actor, caseId);
    const pending = latest?.status === 'pending';
    // Who approves closures closes a case directly (the workflow's `close` under "next steps"): the
    // page offers them no request to themselves, and no section at all while there is none.
    const approver = actor.permissions.has(Permission.ClosureApprove);
    const canRequest =
      !approver &&
      !pending &&
      c.stage !== 'closed' &&
      (TRANSITIONS.close.from as readonly string[]).includes(c.stage);
    if (!latest && !canRequest) return null;
    return {
      latest,
      canRequest,
      canDecide: pending && approver,
      checklistItems: CLOSURE_CHECKLIST,
    };
  }

  /** The pending requests, oldest first (coordinators: every case). */
  async pendingList(q: {
    page: number;
    pageSize: number;
    sort?: string;
    dir?: SortDirection;
  }): Promise<Paginated<ClosureRequestDto>> {
    const m = this.tx.manager;
    const qb = m
      .createQueryBuilder(ClosureRequest, 'r')
      .innerJoin('r.case', 'c')
      .where('r.status = :status', { status: 'pending' });
    // The join is many-to-one (one row per request): offset/limit page it as it is, and may order
    // by the case's number (skip/take would page a DISTINCT subquery that cannot see the join).
    const [rows, total] = await applySort(qb, CLOSURE_REQUEST_LIST_SORT, q)
      .offset((q.page - 1) * q.pageSize)
      .limit(q.pageSize)
      .getManyAndCount();
    return paginated(await this.views(m, rows), total, q);
  }

  /** Views of requests: case numbers and staff names in one query each. */
  private async views(m: EntityManager, rows: ClosureRequest[]): Promise<ClosureRequestDto[]> {
    const numbers = await this.ledger.numbers(
      rows.map((r) => r.caseId),
      m,
    );
    const names = await userNames(m, [
      ...rows.map((r) => r.requestedById),
      ...rows.map((r) => r.decidedById),
    ]);
    return rows.map((r) => ({
      id: r.id,
      caseId: r.caseId,
      caseNumber: numbers.get(r.caseId) ?? '',
      status: r.status,
      closureReason: r.closureReason,
      checklist: r.checklist,
      explanation: r.explanation,
      requestedById: r.requestedById,
      requestedByName: names.get(r.requestedById) ?? '',
      requestedAt: r.requestedAt,
      decidedByName: r.decidedById ? (names.get(r.decidedById) ?? '') : null,
      decidedAt: r.decidedAt,
      comment: r.comment,
    }));
  }
}
