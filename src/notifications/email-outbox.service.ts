import { Injectable } from '@nestjs/common';
import { LessThan } from 'typeorm';
import { applySort, SortDirection } from '../platform/common/list-sort';
import { TransactionService } from '../platform/database/transaction.service';
import { EmailDelivery } from './email-delivery.entity';
import { EmailDeliveryStatus } from './email-kinds';
import { EMAIL_DELIVERY_LIST_SORT } from './email-delivery-list-sort';

/** One row of the e-mail outbox as its readers (the sender, the administrator's list) see it. */
export type OutboxRow = Readonly<EmailDelivery>;

/** What ends a claim: sent, failed, or pending again with the next attempt's time. */
export type OutboxOutcome = Partial<
  Pick<EmailDelivery, 'status' | 'attempts' | 'lastErrorCode' | 'nextAttemptAt' | 'sentAt'>
>;

/**
 * The e-mail outbox's table (issue 19 item 3), owned here because rows are written with the in-app
 * notification (NotificationsService); the sender and the administrator's pages (src/email) go through
 * this service. Claims are atomic UPDATEs: only the instance whose UPDATE changed a row holds it.
 */
@Injectable()
export class EmailOutboxService {
  constructor(private readonly tx: TransactionService) {}

  /** Claims older than `before` (a sender that stopped mid-send) go back to pending. */
  async releaseStale(before: Date): Promise<void> {
    await this.tx.manager.update(
      EmailDelivery,
      { status: 'sending', claimedAt: LessThan(before) },
      { status: 'pending', claimedBy: null, claimedAt: null },
    );
  }

  /** Claims up to `limit` due rows for `instance` (one UPDATE each, `pending` → `sending`). */
  async claimDue(instance: string, now: Date, limit: number): Promise<OutboxRow[]> {
    const m = this.tx.manager;
    const due = await m
      .createQueryBuilder(EmailDelivery, 'd')
      .select(['d.id'])
      .where('d.status = :pending AND d.nextAttemptAt <= :now', { pending: 'pending', now })
      .orderBy('d.nextAttemptAt', 'ASC')
      .addOrderBy('d.id', 'ASC')
      .take(limit)
      .getMany();
    const mine: OutboxRow[] = [];
    for (const { id } of due) {
      const res = await m
        .createQueryBuilder()
        .update(EmailDelivery)
        .set({ status: 'sending', claimedBy: instance, claimedAt: now })
        .where('"id" = :id AND "status" = :pending', { id, pending: 'pending' })
        .execute();
      if (res.affected !== 1) continue;
      const row = await m.findOne(EmailDelivery, { where: { id, claimedBy: instance } });
      if (row) mine.push(row);
    }
    return mine;
  }

  /** Ends `instance`'s claim on a row with its outcome (only while it still holds the claim). */
  async finish(id: string, instance: string, outcome: OutboxOutcome): Promise<void> {
    await this.tx.manager
      .createQueryBuilder()
      .update(EmailDelivery)
      .set({ ...outcome, claimedBy: null, claimedAt: null })
      .where('"id" = :id AND "claimedBy" = :me AND "status" = :sending', {
        id,
        me: instance,
        sending: 'sending',
      })
      .execute();
  }

  /** A failed row back to pending, attempts from zero; false when it is not failed. */
  async retry(id: string, now: Date): Promise<boolean> {
    const res = await this.tx.manager
      .createQueryBuilder()
      .update(EmailDelivery)
      .set({ status: 'pending', attempts: 0, nextAttemptAt: now, lastErrorCode: null })
      .where('"id" = :id AND "status" = :failed', { id, failed: 'failed' })
      .execute();
    return res.affected === 1;
  }

  find(id: string): Promise<OutboxRow | null> {
    return this.tx.manager.findOne(EmailDelivery, { where: { id } });
  }

  /** Rows of one status, sorted and paged in the database. */
  async list(q: {
    status: EmailDeliveryStatus;
    page: number;
    pageSize: number;
    sort?: string;
    dir?: SortDirection;
  }): Promise<[OutboxRow[], number]> {
    const qb = this.tx.manager
      .createQueryBuilder(EmailDelivery, 'd')
      .where('d.status = :status', { status: q.status });
    return applySort(qb, EMAIL_DELIVERY_LIST_SORT, q)
      .skip((q.page - 1) * q.pageSize)
      .take(q.pageSize)
      .getManyAndCount();
  }
}
