import { Injectable } from '@nestjs/common';
import { EntityManager, In, IsNull } from 'typeorm';
import { Role } from '../auth/permissions';
import { AppException } from '../common/app.exception';
import { Clock } from '../common/clock';
import { Paginated, paginated } from '../common/pagination';
import { assertUuid } from '../common/uuid';
import { roleLike } from '../database/query-helpers';
import { TransactionService } from '../database/transaction.service';
import { User } from '../users/user.entity';
import { Notification } from './notification.entity';
import { NotificationKind } from '../cases/event-catalogue';

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
    await m.insert(
      Notification,
      recipients.map((userId) =>
        m.create(Notification, { userId, kind, args, link, referralId, createdAt: now, readAt: null }),
      ),
    );
  }

  /** Active users holding a role (e.g. every coordinator). */
  async usersWithRole(m: EntityManager, role: Role): Promise<string[]> {
    const rows = await m
      .createQueryBuilder(User, 'u')
      .select('u.id', 'id')
      .where(roleLike('u', 'roles', 'role'), { role: `%,${role},%` })
      .andWhere('u.isActive = :active', { active: true })
      .getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }

  /** Active team members of the institutions who handle the service role. */
  async membersHandling(m: EntityManager, institutionIds: string[], serviceRole: string): Promise<string[]> {
    if (!institutionIds.length) return [];
    const rows = await m
      .createQueryBuilder(User, 'u')
      .select('u.id', 'id')
      .where({ institutionId: In(institutionIds), isActive: true })
      .andWhere(roleLike('u', 'roles', 'role'), { role: `%,${Role.TeamMember},%` })
      .andWhere(roleLike('u', 'serviceRoles', 'serviceRole'), { serviceRole: `%,${serviceRole},%` })
      .getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }

  unreadCount(userId: string): Promise<number> {
    return this.tx.manager.count(Notification, { where: { userId, readAt: IsNull() } });
  }

  async list(
    userId: string,
    q: { page: number; pageSize: number; unread?: boolean },
  ): Promise<Paginated<Notification>> {
    const [items, total] = await this.tx.manager.findAndCount(Notification, {
      where: q.unread ? { userId, readAt: IsNull() } : { userId },
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
    });
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
