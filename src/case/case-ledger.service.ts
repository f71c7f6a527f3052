import { Injectable } from '@nestjs/common';
import { EntityManager, FindOptionsSelect, In, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { AppException, ErrorCode } from '../platform/common/app.exception';
import { AuthContext } from '../platform/common/request-context';
import { lockedFor } from '../platform/database/query-helpers';
import { TransactionService } from '../platform/database/transaction.service';
import { CaseAccessService } from './case-access.service';
import type { CaseEvent } from './case-event.entity';
import { Case } from './case.entity';

/**
 * A case as the other features see it: they read it (through CaseAccessService or CaseLedger) and
 * never write it; every write to `cases` is the case module's (this ledger, the workflow, the history).
 */
export type CaseRecord = Case;

/** An event of a case's history as the other features read it (CaseEventService.list, .history). */
export type CaseEventRecord = CaseEvent;

/** Cases received from `from` to `to` (inclusive), optionally of one district. */
export interface ReceivedRange {
  from: string | Date;
  to: string | Date;
  district?: string | null;
}

/**
 * The case module's interface for the tracks beside the stage (counseling, shelter, support services,
 * conferences, referrals, consent, recovery, monitoring, chronology): taking the case row for a change
 * inside the caller's transaction, the risk level counseling sets, and batch reads by id. The history
 * (event count, head hash and seal) moves only through CaseEventService.append.
 */
@Injectable()
export class CaseLedger {
  constructor(
    private readonly tx: TransactionService,
    private readonly access: CaseAccessService,
  ) {}

  /**
   * The case for a change by the caller: 404/403 outside their work (CaseAccessService.findWorkable),
   * then the row read again locked (PostgreSQL; sqlite is serialized) so that concurrent changes of
   * one case take turns until the caller's transaction ends; 422 CASE_CLOSED once closed.
   */
  async lockForWork(actor: AuthContext, caseId: string, m: EntityManager): Promise<CaseRecord> {
    const c = await this.access.findWorkable(actor, caseId, m);
    const locked = await m.findOneOrFail(Case, lockedFor<Case>(m, { where: { id: c.id } }));
    if (locked.stage === 'closed') throw AppException.rule(ErrorCode.CaseClosed);
    return locked;
  }

  /**
   * Locks the case row until the caller's transaction ends, on PostgreSQL (one SELECT … FOR UPDATE of
   * the id); sqlite transactions are serialized by TransactionService, so nothing runs there.
   */
  async lockRow(m: EntityManager, caseId: string): Promise<void> {
    if (m.connection.options.type !== 'postgres') return;
    await m.findOne(Case, {
      where: { id: caseId },
      select: { id: true },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** Counseling's latest risk assessment sets the case's risk level (one UPDATE). */
  async setRiskLevel(
    m: EntityManager,
    caseId: string,
    riskLevel: Case['riskLevel'],
    at: Date,
  ): Promise<void> {
    await m.update(Case, { id: caseId }, { riskLevel, updatedAt: at });
  }

  /** One case by id (no access check: the caller has checked its own row's access), or null. */
  find(
    id: string,
    m: EntityManager = this.tx.manager,
    select?: FindOptionsSelect<Case>,
  ): Promise<CaseRecord | null> {
    return m.findOne(Case, { where: { id }, select });
  }

  /** One case by id that must exist (a row of the caller's references it). */
  get(id: string, m: EntityManager = this.tx.manager, select?: FindOptionsSelect<Case>): Promise<CaseRecord> {
    return m.findOneOrFail(Case, { where: { id }, select });
  }

  /**
   * Restricts a query of rows that reference a case (`caseIdColumn`, e.g. `r.caseId`) to the cases
   * whose number is `number` or starts with it (case-insensitive), in the database: a subquery on
   * the cases table, which only the ledger reads. `%` and `_` in the text are taken literally.
   */
  whereCaseNumberStarts<T extends ObjectLiteral>(
    qb: SelectQueryBuilder<T>,
    caseIdColumn: string,
    number: string,
  ): SelectQueryBuilder<T> {
    const prefix = number
      .trim()
      .toUpperCase()
      .replace(/[\\%_]/g, (ch) => `\\${ch}`);
    const sub = qb
      .subQuery()
      .select('cn.id')
      .from(Case, 'cn')
      .where("UPPER(cn.number) LIKE :caseNumberPrefix ESCAPE '\\'")
      .getQuery();
    return qb.andWhere(`${caseIdColumn} IN ${sub}`, { caseNumberPrefix: `${prefix}%` });
  }

  /** Case numbers by id (one query). */
  async numbers(ids: readonly string[], m: EntityManager = this.tx.manager): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (!unique.length) return new Map();
    const rows = await m.find(Case, { where: { id: In(unique) }, select: { id: true, number: true } });
    return new Map(rows.map((c) => [c.id, c.number]));
  }

  /** How many cases were received in a date range (optionally of one district): the export's total. */
  countReceived(range: ReceivedRange, m: EntityManager = this.tx.manager): Promise<number> {
    return this.receivedQuery(range, m).getCount();
  }

  /** One batch of the cases received in a range, in (receivedAt, number) order: the export's rows. */
  pageReceived(
    range: ReceivedRange,
    skip: number,
    take: number,
    m: EntityManager = this.tx.manager,
  ): Promise<CaseRecord[]> {
    return this.receivedQuery(range, m)
      .orderBy('c.receivedAt', 'ASC')
      .addOrderBy('c.number', 'ASC')
      .skip(skip)
      .take(take)
      .getMany();
  }

  private receivedQuery(range: ReceivedRange, m: EntityManager) {
    const qb = m
      .createQueryBuilder(Case, 'c')
      .where('c.receivedAt >= :from AND c.receivedAt <= :to', { from: range.from, to: range.to });
    if (range.district) qb.andWhere('c.district = :district', { district: range.district });
    return qb;
  }
}
