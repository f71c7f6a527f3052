import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Case } from '../case/case.entity';
import { EncryptedColumn, EncryptedEntity } from '../platform/crypto/encrypted-column.decorator';

/**
 * One entry of the incident chronology as the victim told it (kronologi kejadian), recorded by the
 * counselor. Entries are never edited: a correction is a new entry that supersedes the earlier one
 * (`supersedesId`, unique, so an entry is corrected at most once and corrections form a line). Place,
 * narrative and the reason of a correction are encrypted under the case's data key.
 */
@EncryptedEntity({ keyProperty: 'dataKeyId' })
@Entity('chronology_entries')
@Index('UQ_chronology_entries_case_seq', ['caseId', 'seq'], { unique: true })
export class ChronologyEntry {
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

  /** 1, 2, 3 … within the case, in the order recorded. */
  @Column({ type: 'integer' })
  seq: number;

  /** `YYYY-MM-DD`, or `YYYY-MM` / `YYYY` when only the month or year is known; the start of a period. */
  @Column({ type: 'varchar', length: 10 })
  date: string;

  /** The end of a period (same forms), or null for a single date. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  dateEnd: string | null;

  /** `HH:MM` when known. */
  @Column({ type: 'varchar', length: 5, nullable: true })
  time: string | null;

  @EncryptedColumn() place: string | null;
  @EncryptedColumn() description: string | null;

  /** The entry this one corrects. */
  @Index('UQ_chronology_entries_supersedes', { unique: true })
  @Column({ type: 'uuid', nullable: true })
  supersedesId: string | null;

  @EncryptedColumn() correctionReason: string | null;

  @Column({ type: 'varchar' })
  recordedById: string;

  @Column({ type: Date })
  recordedAt: Date;
}
