import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Case } from '../case/case.entity';
import { EncryptedColumn, EncryptedEntity } from '../platform/crypto/encrypted-column.decorator';
import type { FollowUpStatus } from './tasks.constants';

/**
 * A follow-up a counselor schedules on a case (issue 19 item 2): a day, what to do and with whom.
 * It is a task of its owner until done (or cancelled); completing it appends `follow_up.done` to the
 * case's history in the same transaction. What and with whom are staff text about the case,
 * encrypted under the case's data key.
 */
@EncryptedEntity({ keyProperty: 'dataKeyId' })
@Entity('follow_ups')
@Index('IDX_follow_ups_case', ['caseId', 'dueOn'])
@Index('IDX_follow_ups_owner_status', ['ownerId', 'status', 'dueOn'])
export class FollowUp {
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

  /** YYYY-MM-DD: the day it is due. */
  @Column({ type: 'varchar', length: 10 })
  dueOn: string;

  /** What to do. */
  @EncryptedColumn() what: string;

  /** With whom (the victim, a relative, an institution's officer …). */
  @EncryptedColumn() withWhom: string | null;

  @Column({ type: 'varchar', length: 10 })
  status: FollowUpStatus;

  /** Whose task it is: the counselor who scheduled it. */
  @Column({ type: 'varchar' })
  ownerId: string;

  @Column({ type: Date })
  createdAt: Date;

  @Column({ type: 'varchar', length: 10, nullable: true })
  doneOn: string | null;

  @Column({ type: 'varchar', nullable: true })
  doneById: string | null;

  @EncryptedColumn() outcome: string | null;

  @Column({ type: 'integer' })
  version: number;
}
