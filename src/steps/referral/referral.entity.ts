import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Case } from '../../case/case.entity';
import { EncryptedColumn, EncryptedEntity } from '../../platform/crypto/encrypted-column.decorator';
import type { ServiceRole } from '../../institutions/service-roles';
import type { DataCategory, Outcome, ReferralStatus, Urgency } from './referral.constants';

/**
 * A referral (rujukan) of a case to a partner institution for one service role, disclosing some data
 * categories the consent allows. `targetInstitutionId` null = any eligible institution providing the
 * role (the first to accept takes it: `institutionId` is then set). Free text is encrypted under the
 * case's key; status, role, dates and institution stay in clear for lists and statistics.
 */
@EncryptedEntity({ keyProperty: 'dataKeyId' })
@Entity('referrals')
@Index('IDX_referrals_case_status', ['caseId', 'status'])
@Index('IDX_referrals_institution_status', ['institutionId', 'status'])
@Index('IDX_referrals_status_due', ['status', 'dueDate'])
export class Referral {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => Case, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'caseId' })
  case?: Case;

  @Column({ type: 'varchar', length: 36 })
  dataKeyId: string;

  @Column({ type: 'varchar', length: 30 })
  serviceRole: ServiceRole;

  /** The institution chosen by the sender; null = any eligible institution providing the role. */
  @Column({ type: 'varchar', nullable: true })
  targetInstitutionId: string | null;

  /** The institution handling it: the target, or the first to accept an open referral. */
  @Column({ type: 'varchar', nullable: true })
  institutionId: string | null;

  @Column({ type: 'varchar', length: 12 })
  urgency: Urgency;

  @EncryptedColumn() reason: string | null;

  @Column({ type: 'simple-array', nullable: true })
  categories: DataCategory[] | null;

  /** The consent (or override) it relies on. */
  @Column({ type: 'uuid' })
  consentId: string;

  /** YYYY-MM-DD: answer expected by this day. */
  @Column({ type: 'varchar', length: 10 })
  dueDate: string;

  @Column({ type: 'varchar', length: 20 })
  status: ReferralStatus;

  @Column({ type: 'varchar' })
  createdById: string;

  @Column({ type: Date })
  createdAt: Date;

  /** When it went out to partners (after approval, if needed). */
  @Column({ type: Date, nullable: true })
  sentAt: Date | null;

  @Column({ type: 'varchar', nullable: true })
  approvedById: string | null;

  @Column({ type: Date, nullable: true })
  respondedAt: Date | null;

  @Column({ type: 'varchar', nullable: true })
  respondedById: string | null;

  @EncryptedColumn() declineReason: string | null;

  @Column({ type: Date, nullable: true })
  completedAt: Date | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  outcome: Outcome | null;

  @EncryptedColumn() outcomeNotes: string | null;

  /** Cancelled or revoked: when, by whom and why. */
  @Column({ type: Date, nullable: true })
  endedAt: Date | null;

  @Column({ type: 'varchar', nullable: true })
  endedById: string | null;

  @EncryptedColumn() endReason: string | null;

  /** Set once when it is found unanswered after its due date (an event and notifications). */
  @Column({ type: Date, nullable: true })
  overdueAt: Date | null;

  @Column({ type: Date })
  updatedAt: Date;

  /** Optimistic locking: bumped by every change of the referral. */
  @Column({ type: 'integer' })
  version: number;
}
