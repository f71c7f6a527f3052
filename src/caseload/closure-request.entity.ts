import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Case } from '../case/case.entity';
import { EncryptedColumn, EncryptedEntity } from '../platform/crypto/encrypted-column.decorator';
import type { ClosureChecklistItem, ClosureRequestStatus } from './caseload.constants';

/**
 * A counselor's request to close a case, and the coordinator's decision on it. Approving fires the
 * workflow's `close` transition (the table stays the only source of stage changes); returning leaves
 * the case as it is. At most one request of a case is pending (`pendingCaseId`, unique: the case id
 * while pending, null once decided). The explanation and the comment are staff text about the case,
 * encrypted under the case's data key.
 */
@EncryptedEntity({ keyProperty: 'dataKeyId' })
@Entity('closure_requests')
@Index('IDX_closure_requests_case', ['caseId', 'requestedAt'])
@Index('IDX_closure_requests_status', ['status', 'requestedAt'])
export class ClosureRequest {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => Case, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'caseId' })
  case?: Case;

  /** The case's data key. */
  @Column({ type: 'varchar', length: 36 })
  dataKeyId: string;

  /** The case id while the request is pending, null once decided (unique: one pending request). */
  @Index('UQ_closure_requests_pending', { unique: true })
  @Column({ type: 'uuid', nullable: true })
  pendingCaseId: string | null;

  @Column({ type: 'varchar', length: 10 })
  status: ClosureRequestStatus;

  /** One of CLOSURE_REASONS: what the `close` transition will record. */
  @Column({ type: 'varchar', length: 40 })
  closureReason: string;

  /** The checklist items the counselor confirmed (CLOSURE_CHECKLIST codes). */
  @Column({ type: 'simple-json' })
  checklist: ClosureChecklistItem[];

  @EncryptedColumn() explanation: string | null;

  @Column({ type: 'varchar' })
  requestedById: string;

  @Column({ type: Date })
  requestedAt: Date;

  @Column({ type: 'varchar', nullable: true })
  decidedById: string | null;

  @Column({ type: Date, nullable: true })
  decidedAt: Date | null;

  @EncryptedColumn() comment: string | null;
}
