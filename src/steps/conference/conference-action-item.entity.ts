import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { EncryptedColumn, EncryptedEntity } from '../../platform/crypto/encrypted-column.decorator';
import { CaseConference } from './case-conference.entity';
import type { ActionItemStatus } from './conference.constants';

/** A follow-up action decided at a case conference: open → done | cancelled (and back to open). */
@EncryptedEntity({ keyProperty: 'dataKeyId' })
@Entity('conference_action_items')
@Index('IDX_conference_action_items_conference', ['conferenceId', 'position'])
@Index('IDX_conference_action_items_case', ['caseId', 'status'])
@Index('IDX_conference_action_items_owner', ['ownerUserId', 'status'])
export class ConferenceActionItem {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  conferenceId: string;

  @ManyToOne(() => CaseConference, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'conferenceId' })
  conference?: CaseConference;

  @Column({ type: 'uuid' })
  caseId: string;

  /** The case's data key. */
  @Column({ type: 'varchar', length: 36 })
  dataKeyId: string;

  /** Order within the conference. */
  @Column({ type: 'integer' })
  position: number;

  @EncryptedColumn() description: string | null;

  @Column({ type: 'varchar', nullable: true })
  ownerUserId: string | null;

  @Column({ type: 'varchar', nullable: true })
  ownerInstitutionId: string | null;

  /** YYYY-MM-DD */
  @Column({ type: 'varchar', length: 10 })
  dueDate: string;

  @Column({ type: 'varchar', length: 12 })
  status: ActionItemStatus;

  @Column({ type: Date })
  createdAt: Date;

  @Column({ type: Date })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}
