import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import { Repository } from 'typeorm';
import { Clock } from '../common/clock';
import { TransactionService } from '../database/transaction.service';
import { AppRequest, clientIp, routePattern } from '../common/request-context';
import { AuditLog, AuditOutcome } from './audit-log.entity';

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
}

/**
 * The one place that writes the audit log. Every module records reads and changes of its resources
 * through `record()`; rows are never updated or deleted (the database refuses it).
 */
@Injectable()
export class AuditService {
  private readonly logger = new Logger('Audit');

  constructor(
    @InjectRepository(AuditLog) private readonly repo: Repository<AuditLog>,
    private readonly clock: Clock,
    private readonly tx: TransactionService,
  ) {}

  async record(req: FastifyRequest | null, entry: AuditEntry): Promise<void> {
    const auth = (req as AppRequest | null)?.auth;
    const row = this.repo.create({
      at: this.clock.now(),
      userId: entry.userId !== undefined ? entry.userId : (auth?.userId ?? null),
      username: entry.username !== undefined ? entry.username : (auth?.username ?? null),
      roles: (entry.roles ?? auth?.roles ?? []).join(',').slice(0, 200),
      action: entry.action.slice(0, 80),
      resourceType: entry.resourceType ?? null,
      resourceId: entry.resourceId ? String(entry.resourceId).slice(0, 64) : null,
      outcome: entry.outcome,
      code: entry.code ?? null,
      method: req?.method ?? null,
      route: req ? (routePattern(req)?.slice(0, 200) ?? null) : null,
      requestId: req ? String(req.id).slice(0, 36) : null,
      ip: req ? (clientIp(req)?.slice(0, 45) ?? null) : null,
    });
    try {
      await this.tx.run((m) => m.insert(AuditLog, row));
      // A handler that audits its own outcome has recorded the denial: the exception filter must
      // not record the same refusal again.
      if (req && entry.outcome === 'denied') (req as AppRequest).denialAudited = true;
    } catch (err) {
      // An audit failure must be visible to operators; it never carries personal data.
      this.logger.error(`audit write failed for ${row.action}: ${(err as Error).message}`);
      throw err;
    }
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
    const [items, total] = await qb
      .orderBy('a.at', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .skip((q.page - 1) * q.pageSize)
      .take(q.pageSize)
      .getManyAndCount();
    return { items, total };
  }
}
