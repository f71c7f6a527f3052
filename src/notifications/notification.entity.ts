import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An in-app notification (new referral, an answer, an overdue one…). It holds no personal data:
 * a kind, non-personal arguments and a link to the page where the reader's own access is checked.
 */
@Entity('notifications')
@Index('IDX_notifications_user_read', ['userId', 'readAt'])
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar' })
  userId: string;

  /** e.g. `referral_new`, `referral_answered`, `referral_overdue` (translated as `notifications.kinds.<kind>`). */
  @Column({ type: 'varchar', length: 40 })
  kind: string;

  @Column({ type: 'simple-json' })
  args: Record<string, string | number | null>;

  @Column({ type: 'varchar', length: 200 })
  link: string;

  @Column({ type: 'varchar', nullable: true })
  referralId: string | null;

  @Column({ type: Date })
  createdAt: Date;

  @Column({ type: Date, nullable: true })
  readAt: Date | null;
}
