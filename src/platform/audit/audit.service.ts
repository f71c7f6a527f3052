import { Injectable, Logger } from '@nestjs/common';
import { applySort, SortDirection } from '../common/list-sort';
import { AUDIT_LIST_SORT } from './audit-list-sort';
import { InjectRepository } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import { EntityManager, Repository } from 'typeorm';
import { Clock } from '../common/clock';
import { TransactionService } from '../database/transaction.service';
import { AppRequest, clientIp, routePattern } from '../common/request-context';
import { AuditLog, AuditOutcome } from './audit-log.entity';

/**
 * Text as the audit log can store it on both databases, whatever the request held: without NUL
 * characters (PostgreSQL refuses them in text, and one such row would fail its whole group commit —
 * every other request's row with it), cut to the column's length. Null and empty stay null.
 */
export function storable(value: string | null | undefined, max: number): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value).split('\u0000').join('').slice(0, max);
  return text === '' ? null : text;
}

/** Rows per INSERT statement (13 parameters each: far below both databases' limits). */
const GROUP_CHUNK = 200;
/** Rows per group commit. */
const GROUP_MAX = 1000;

export interface AuditEntry {
  action: string;
  outcome: AuditOutcome;
  resourceType?: string | null;
  resourceId?: string | null;
  code?: string | null;
  /** Defaults to the caller of the request, if any. */
  userId?: string | null;
  username?: string | null;
  roles?: string[];
}

export interface AuditQuery {
  userId?: string;
  username?: string;
  action?: string;
  outcome?: AuditOutcome;
  resourceType?: string;
  resourceId?: string;
  from?: Date;
  to?: Date;
  page: number;
  pageSize: number;
  sort?: string;
  dir?: SortDirection;
}

/**
 * The one place that writes the audit log. Every module records reads and changes of its resources
 * through `record()`; rows are never updated or deleted (the database refuses it).
 */
@Injectable()
export class AuditService {
  private readonly logger = new Logger('Audit');
  /** Rows waiting for the next group commit, each with its caller's promise. */
  private readonly queue: { row: AuditLog; resolve: () => void; reject: (err: Error) => void }[] = [];
  private flushing = false;

  constructor(
    @InjectRepository(AuditLog) private readonly repo: Repository<AuditLog>,
    private readonly clock: Clock,
    private readonly tx: TransactionService,
  ) {}

  /**
   * Records one row. Inside a transaction (a write request, an intake) the row joins it and commits
   * with the action. Outside one (reads, denials, failures, logins) it is committed by group commit:
   * rows that arrive together share one write transaction (`flush`), and the promise of each
   * resolves only once that transaction has committed — so no response that awaits its row goes out
   * before the row is stored, and when the group's commit fails, every record in it fails.
   */
  async record(req: FastifyRequest | null, entry: AuditEntry): Promise<void> {
    const row = this.rowOf(req, entry);
    try {
      if (this.tx.inTransaction) await this.tx.run((m) => this.insert(m, [row]));
      else await this.grouped(row);
      // A handler that audits its own outcome has recorded the denial: the exception filter must
      // not record the same refusal again.
      if (req && entry.outcome === 'denied') (req as AppRequest).denialAudited = true;
    } catch (err) {
      // An audit failure must be visible to operators; it never carries personal data.
      this.logger.error(`audit write failed for ${row.action}: ${(err as Error).message}`);
      throw err;
    }
  }

  private rowOf(req: FastifyRequest | null, entry: AuditEntry): AuditLog {
    const auth = (req as AppRequest | null)?.auth;
    return this.repo.create({
      at: this.clock.now(),
      userId: entry.userId !== undefined ? entry.userId : (auth?.userId ?? null),
      username: storable(entry.username !== undefined ? entry.username : (auth?.username ?? null), 64),
      roles: storable((entry.roles ?? auth?.roles ?? []).join(','), 200) ?? '',
      action: storable(entry.action, 80) ?? '',
      resourceType: storable(entry.resourceType, 40),
      resourceId: storable(entry.resourceId, 64),
      outcome: entry.outcome,
      code: storable(entry.code, 60),
      method: storable(req?.method, 10),
      route: req ? storable(routePattern(req), 200) : null,
      requestId: req ? storable(String(req.id), 36) : null,
      ip: req ? storable(clientIp(req), 45) : null,
    });
  }

  /** Multi-row INSERTs of at most GROUP_CHUNK rows; nothing is read back. */
  private async insert(m: EntityManager, rows: AuditLog[]): Promise<void> {
    for (let i = 0; i < rows.length; i += GROUP_CHUNK)
      await m
        .createQueryBuilder()
        .insert()
        .into(AuditLog)
        .values(rows.slice(i, i + GROUP_CHUNK))
        .updateEntity(false)
        .execute();
  }

  /** Queues the row for the next group commit and waits until it is committed (or failed). */
  private grouped(row: AuditLog): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ row, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        // Rows recorded in the same turn of the event loop join this group; rows that arrive while
        // it commits form the next one.
        setImmediate(() => void this.flush());
      }
    });
  }

  /** Commits the queued rows in one transaction, then the rows queued meanwhile, until none is left. */
  private async flush(): Promise<void> {
    while (this.queue.length) {
      const group = this.queue.splice(0, GROUP_MAX);
      try {
        // detached: a group never joins the transaction of whichever request happens to flush it
        await this.tx.detached(() =>
          this.tx.run((m) =>
            this.insert(
              m,
              group.map((w) => w.row),
            ),
          ),
        );
        for (const w of group) w.resolve();
      } catch (err) {
        for (const w of group) w.reject(err as Error);
      }
    }
    this.flushing = false;
  }

  async list(q: AuditQuery): Promise<{ items: AuditLog[]; total: number }> {
    const qb = this.repo.createQueryBuilder('a');
    if (q.userId) qb.andWhere('a.userId = :userId', { userId: q.userId });
    if (q.username) qb.andWhere('a.username = :username', { username: q.username });
    if (q.action) qb.andWhere('a.action = :action', { action: q.action });
    if (q.outcome) qb.andWhere('a.outcome = :outcome', { outcome: q.outcome });
    if (q.resourceType) qb.andWhere('a.resourceType = :resourceType', { resourceType: q.resourceType });
    if (q.resourceId) qb.andWhere('a.resourceId = :resourceId', { resourceId: q.resourceId });
    if (q.from) qb.andWhere('a.at >= :from', { from: q.from });
    if (q.to) qb.andWhere('a.at < :to', { to: q.to });
    const [items, total] = await applySort(qb, AUDIT_LIST_SORT, q)
      .skip((q.page - 1) * q.pageSize)
      .take(q.pageSize)
      .getManyAndCount();
    return { items, total };
  }
}
