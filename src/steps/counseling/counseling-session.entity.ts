import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Case } from '../../case/case.entity';
import { EncryptedColumn, EncryptedEntity } from '../../platform/crypto/encrypted-column.decorator';

/** A counseling session (sesi konseling) held with the victim; the notes are encrypted under the case's key. */
@EncryptedEntity({ keyProperty: 'dataKeyId' })
@Entity('counseling_sessions')
@Index('IDX_counseling_sessions_case_held', ['caseId', 'heldAt'])
export class CounselingSession {
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

  /** YYYY-MM-DD */
  @Column({ type: 'varchar', length: 10 })
  heldAt: string;

  @Column({ type: 'varchar' })
  counselorId: string;

  @Column({ type: 'integer', nullable: true })
  durationMinutes: number | null;

  @EncryptedColumn() notes: string | null;

  @Column({ type: Date })
  createdAt: Date;
}
