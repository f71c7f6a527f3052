import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Case } from '../../case/case.entity';
import { EncryptedColumn, EncryptedEntity } from '../../platform/crypto/encrypted-column.decorator';
import type { PartnershipService, RecoveryPlanStatus, RecoveryServiceStatus } from './partnership.constants';

/** A case's recovery and reintegration plan (rencana pemulihan): one per case; goals encrypted. */
@EncryptedEntity({ keyProperty: 'dataKeyId' })
@Entity('recovery_plans')
export class RecoveryPlan {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('UQ_recovery_plans_case', { unique: true })
  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => Case, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'caseId' })
  case?: Case;

  @Column({ type: 'varchar', length: 36 })
  dataKeyId: string;

  @EncryptedColumn({ json: true }) goals: string[] | null;

  @Column({ type: 'varchar', length: 10 })
  status: RecoveryPlanStatus;

  @Column({ type: Date, nullable: true })
  completedAt: Date | null;

  @EncryptedColumn() completionNote: string | null;

  @Column({ type: 'varchar' })
  createdById: string;

  @Column({ type: Date })
  createdAt: Date;

  @Column({ type: Date })
  updatedAt: Date;

  @Column({ type: 'integer' })
  version: number;
}

/** A service by a partner under an agreement, within a recovery plan. */
@EncryptedEntity({ keyProperty: 'dataKeyId' })
@Entity('recovery_services')
@Index('IDX_recovery_services_plan', ['planId'])
@Index('IDX_recovery_services_agreement', ['agreementId', 'status'])
export class RecoveryServiceRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  planId: string;

  @Column({ type: 'uuid' })
  caseId: string;

  @Column({ type: 'varchar', length: 36 })
  dataKeyId: string;

  @Column({ type: 'uuid' })
  agreementId: string;

  @Column({ type: 'varchar' })
  institutionId: string;

  @Column({ type: 'varchar', length: 30 })
  service: PartnershipService;

  @Column({ type: 'varchar', length: 12 })
  status: RecoveryServiceStatus;

  /** YYYY-MM-DD */
  @Column({ type: 'varchar', length: 10, nullable: true })
  startedOn: string | null;

  @EncryptedColumn() notes: string | null;

  @Column({ type: 'varchar' })
  createdById: string;

  @Column({ type: Date })
  createdAt: Date;

  @Column({ type: Date })
  updatedAt: Date;

  @Column({ type: 'integer' })
  version: number;
}

/** A progress note on a recovery plan. */
@EncryptedEntity({ keyProperty: 'dataKeyId' })
@Entity('recovery_progress_notes')
@Index('IDX_recovery_progress_notes_plan', ['planId', 'notedOn'])
export class RecoveryNote {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  planId: string;

  @Column({ type: 'uuid' })
  caseId: string;

  @Column({ type: 'varchar', length: 36 })
  dataKeyId: string;

  /** YYYY-MM-DD */
  @Column({ type: 'varchar', length: 10 })
  notedOn: string;

  @EncryptedColumn() note: string | null;

  @Column({ type: 'varchar' })
  authorId: string;

  @Column({ type: Date })
  createdAt: Date;
}
