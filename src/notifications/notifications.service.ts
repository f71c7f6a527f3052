import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppConfig, InjectAppConfig } from '../platform/config/app.config';
import { EmailDelivery } from './email-delivery.entity';
import { EMAIL_KIND_OF, emailUrgency } from './email-kinds';
import { EntityManager, IsNull } from 'typeorm';
import { AppException } from '../platform/common/app.exception';
import { Clock } from '../platform/common/clock';
import { Paginated, paginated } from '../platform/common/pagination';
import { assertUuid } from '../platform/common/uuid';
import { TransactionService } from '../platform/database/transaction.service';
import { Notification } from './notification.entity';
import { NOTIFICATION_LIST_SORT } from './notification-list-sort';
import { applySort, SortDirection } from '../platform/common/list-sort';
import { NotificationKind } from '../case/event-catalogue';

export type NotificationArgs = Record<string, string | number | null>;

/**
 * In-app notifications: written inside the action's transaction, read by their recipient only.
 * They carry codes and links, never personal data; the linked page checks access again.
 */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly tx: TransactionService,
    private readonly clock: Clock,
    @InjectAppConfig() private readonly config: AppConfig,
  ) {}

  async notify(
    m: EntityManager,
    userIds: (string | null | undefined)[],
    kind: NotificationKind,
    args: NotificationArgs,
    link: string,
    referralId: string | null = null,
  ): Promise<void> {
    const recipients = [...new Set(userIds.filter((id): id is string => !!id))];
    if (!recipients.length) return;
    const now = this.clock.now();
    const rows = recipients.map((userId) =>
      m.create(Notification, {
        id: randomUUID(),
        userId,
        kind,
        args,
        link,
        referralId,
        createdAt: now,
        readAt: null,
      }),
    );
    await m.insert(Notification, rows);
    await this.enqueueEmails(m, rows);
  }

  /**
   * The outbox (issue 19 item 3): the notifications that also go out by e-mail get a delivery row in
   * the same transaction, keyed by the notification's id (never twice). Nothing is enqueued while
   * e-mail is off (SMTP_HOST unset). The sender (src/email) sends them in the background.
   */
  private async enqueueEmails(m: EntityManager, rows: Notification[]): Promise<void> {
    if (!this.config.mail.enabled) return;
    const deliveries = rows.flatMap((n) => {
      const kind = EMAIL_KIND_OF[n.kind];
      if (!kind) return [];
      return [
        m.create(EmailDelivery, {
          id: randomUUID(),
          dedupeKey: `notification:${n.id}`,
          userId: n.userId,
          kind,
          urgency: emailUrgency(n.args),
          link: n.link,
          status: 'pending',
          attempts: 0,
          nextAttemptAt: n.createdAt,
          claimedBy: null,
          claimedAt: null,
          lastErrorCode: null,
          createdAt: n.createdAt,
          sentAt: null,
        }),
      ];
    });
    if (deliveries.length)
      await m.createQueryBuilder().insert().into(EmailDelivery).values(deliveries).orIgnore().execute();
  }

  unreadCount(userId: string): Promise<number> {
    return this.tx.manager.count(Notification, { where: { userId, readAt: IsNull() } });
  }

  async list(
    userId: string,
    q: { page: number; pageSize: number; unread?: boolean; sort?: string; dir?: SortDirection },
  ): Promise<Paginated<Notification>> {
    const qb = this.tx.manager.createQueryBuilder(Notification, 'n').where('n.userId = :userId', { userId });
    if (q.unread) qb.andWhere('n.readAt IS NULL');
    const [items, total] = await applySort(qb, NOTIFICATION_LIST_SORT, q)
      .skip((q.page - 1) * q.pageSize)
      .take(q.pageSize)
      .getManyAndCount();
    return paginated(items, total, q);
  }

  /** Marks one of the caller's notifications read; 404 for anyone else's. */
  async markRead(userId: string, id: string): Promise<Notification> {
    assertUuid(id);
    return this.tx.run(async (m) => {
      const n = await m.findOne(Notification, { where: { id, userId } });
      if (!n) throw AppException.notFound();
      if (!n.readAt) {
        n.readAt = this.clock.now();
        await m.update(Notification, { id }, { readAt: n.readAt });
      }
      return n;
    });
  }

  async markAllRead(userId: string): Promise<number> {
    return this.tx.run(async (m) => {
      const res = await m.update(Notification, { userId, readAt: IsNull() }, { readAt: this.clock.now() });
      return res.affected ?? 0;
    });
  }
}
