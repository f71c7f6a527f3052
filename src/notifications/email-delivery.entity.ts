import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { EmailDeliveryStatus } from './email-kinds';

/**
 * One e-mail to send (the outbox, issue 19 item 3): enqueued in the same transaction as the in-app
 * notification it mirrors, sent later by the background sender. It holds no personal data: a
 * recipient account id, a kind, an urgency and a link; the address is read when sending.
 * `dedupeKey` (the notification's id) is unique, so one notification never enqueues twice.
 */
@Entity('email_deliveries')
@Index('IDX_email_deliveries_due', ['status', 'nextAttemptAt'])
export class EmailDelivery {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('UQ_email_deliveries_dedupe', { unique: true })
  @Column({ type: 'varchar', length: 80 })
  dedupeKey: string;

  @Column({ type: 'varchar', length: 36 })
  userId: string;

  /** `referral`, `referral_reminder`, `assignment`, `closure_request` (see email-kinds.ts). */
  @Column({ type: 'varchar', length: 40 })
  kind: string;

  /** `routine`, `urgent` or `emergency`. */
  @Column({ type: 'varchar', length: 10 })
  urgency: string;

  /** A path in the application (the base URL is added when sending). */
  @Column({ type: 'varchar', length: 200 })
  link: string;

  @Column({ type: 'varchar', length: 10 })
  status: EmailDeliveryStatus;

  @Column({ type: 'integer' })
  attempts: number;

  @Column({ type: Date })
  nextAttemptAt: Date;

  /** The instance that claimed the row for sending, and when (a stale claim goes back to pending). */
  @Column({ type: 'varchar', length: 36, nullable: true })
  claimedBy: string | null;

  @Column({ type: Date, nullable: true })
  claimedAt: Date | null;

  /** A machine code (an SMTP response code or an error code), never a message with personal data. */
  @Column({ type: 'varchar', length: 40, nullable: true })
  lastErrorCode: string | null;

  @Column({ type: Date })
  createdAt: Date;

  @Column({ type: Date, nullable: true })
  sentAt: Date | null;
}
