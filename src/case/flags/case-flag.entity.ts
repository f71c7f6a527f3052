import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { EncryptedColumn, EncryptedEntity } from '../../platform/crypto/encrypted-column.decorator';
import { Case } from '../case.entity';

/**
 * A flag on a case (issue 19): its kind (from the settings list), who set it, when and why; who
 * removed it, when and why. A flag is never deleted: a removed flag stays as a record and on the
 * history. At most one flag of a kind is active on a case (`activeCaseId`: the case id while active,
 * null once removed; unique with the kind). The reasons are staff text about the case, encrypted
 * under the case's data key. The case lists filter by `(activeCaseId, kind)`.
 */
@EncryptedEntity({ keyProperty: 'dataKeyId' })
@Entity('case_flags')
@Index('IDX_case_flags_case', ['caseId', 'setAt'])
@Index('UQ_case_flags_active', ['activeCaseId', 'kind'], { unique: true })
@Index('IDX_case_flags_kind', ['kind', 'activeCaseId'])
export class CaseFlag {
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

  /** The case id while the flag is active, null once removed. */
  @Column({ type: 'uuid', nullable: true })
  activeCaseId: string | null;

  /** One of the settings' flag kinds (when it was set). */
  @Column({ type: 'varchar', length: 60 })
  kind: string;

  @EncryptedColumn() reason: string | null;

  @Column({ type: 'varchar' })
  setById: string;

  @Column({ type: Date })
  setAt: Date;

  @Column({ type: 'varchar', nullable: true })
  removedById: string | null;

  @Column({ type: Date, nullable: true })
  removedAt: Date | null;

  @EncryptedColumn() removalReason: string | null;
}
