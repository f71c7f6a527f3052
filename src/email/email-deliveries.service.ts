import { HttpStatus, Injectable } from '@nestjs/common';
import { AppException } from '../platform/common/app.exception';
import { paginated } from '../platform/common/pagination';
import { assertUuid } from '../platform/common/uuid';
import { EmailOutboxService, OutboxRow } from '../notifications/email-outbox.service';
import { UsersService } from '../users/users.service';
import { EmailDeliveryDto, EmailDeliveryListDto, EmailDeliveryQueryDto } from './dto/email-delivery.dto';
import { EmailSender } from './email-sender.service';

/** The administrator's view of the outbox: deliveries by status (failed by default), and retry. */
@Injectable()
export class EmailDeliveriesService {
  constructor(
    private readonly outbox: EmailOutboxService,
    private readonly users: UsersService,
    private readonly sender: EmailSender,
  ) {}

  async list(q: EmailDeliveryQueryDto): Promise<EmailDeliveryListDto> {
    const [rows, total] = await this.outbox.list({ ...q, status: q.status ?? 'failed' });
    const names = new Map(
      (await this.users.findByIds([...new Set(rows.map((r) => r.userId))])).map((u) => [u.id, u.username]),
    );
    return paginated(
      rows.map((r) => toDto(r, names.get(r.userId) ?? null)),
      total,
      q,
    );
  }

  /** Puts a failed delivery back in the queue (attempts from zero); 404 unknown, 409 not failed. */
  async retry(id: string): Promise<EmailDeliveryDto> {
    assertUuid(id);
    const row = await this.outbox.find(id);
    if (!row) throw AppException.notFound();
    if (!(await this.sender.retry(id)))
      throw new AppException('EMAIL_DELIVERY_NOT_FAILED', HttpStatus.CONFLICT);
    const fresh = (await this.outbox.find(id))!;
    const [user] = await this.users.findByIds([fresh.userId]);
    return toDto(fresh, user?.username ?? null);
  }
}

function toDto(r: OutboxRow, username: string | null): EmailDeliveryDto {
  return {
    id: r.id,
    username,
    kind: r.kind,
    urgency: r.urgency,
    status: r.status,
    attempts: r.attempts,
    lastErrorCode: r.lastErrorCode,
    createdAt: new Date(r.createdAt).toISOString(),
    nextAttemptAt: new Date(r.nextAttemptAt).toISOString(),
    sentAt: r.sentAt ? new Date(r.sentAt).toISOString() : null,
  };
}
