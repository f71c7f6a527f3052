import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { EncryptedColumn, EncryptedEntity } from '../platform/crypto/encrypted-column.decorator';
import { Case } from './case.entity';

/** A perpetrator (pelaku) of a case: sex, age and relationship in clear for statistics; name encrypted. */
@EncryptedEntity({ keyProperty: 'dataKeyId' })
@Entity('case_perpetrators')
export class Perpetrator {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('IDX_case_perpetrators_case')
  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => Case, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'caseId' })
  case?: Case;

  /** The case's data key. */
  @Column({ type: 'varchar', length: 36 })
  dataKeyId: string;

  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'varchar', length: 10, nullable: true })
  sex: string | null;

  @Column({ type: 'integer', nullable: true })
  age: number | null;

  @Column({ type: 'varchar', length: 30 })
  relationship: string;

  @EncryptedColumn() name: string | null;
}
