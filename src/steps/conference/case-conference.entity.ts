import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Case } from '../../case/case.entity';
import { EncryptedColumn, EncryptedEntity } from '../../platform/crypto/encrypted-column.decorator';

export interface ConferenceAttendees {
  staffUserIds: string[];
  institutionIds: string[];
  /** Names of other attendees (family, community figures …). */
  others: string[];
}

/**
 * A case conference (rapat kasus): who attended, the agenda, the minutes and the decisions, all
 * encrypted under the case's key; its follow-up actions are ConferenceActionItem rows.
 */
@EncryptedEntity({ keyProperty: 'dataKeyId' })
@Entity('case_conferences')
@Index('IDX_case_conferences_case_held', ['caseId', 'heldAt'])
export class CaseConference {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => Case, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'caseId' })
  case?: Case;

  @Column({ type: 'varchar', length: 36 })
  dataKeyId: string;

  /** YYYY-MM-DD */
  @Column({ type: 'varchar', length: 10 })
  heldAt: string;

  @EncryptedColumn({ json: true }) attendees: ConferenceAttendees | null;
  @EncryptedColumn() agenda: string | null;
  @EncryptedColumn() minutes: string | null;
  @EncryptedColumn({ json: true }) decisions: string[] | null;

  @Column({ type: 'varchar' })
  createdById: string;

  @Column({ type: Date })
  createdAt: Date;
}
