import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { EncryptedColumn, EncryptedEntity } from '../../platform/crypto/encrypted-column.decorator';

/** Something a partner institution did for a referred victim (an examination, a hearing, a visit). */
@EncryptedEntity({ keyProperty: 'dataKeyId' })
@Entity('referral_actions')
@Index('IDX_referral_actions_referral', ['referralId', 'actedOn'])
export class ReferralAction {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  referralId: string;

  @Column({ type: 'uuid' })
  caseId: string;

  @Column({ type: 'varchar', length: 36 })
  dataKeyId: string;

  /** The author's institution. */
  @Column({ type: 'varchar', nullable: true })
  institutionId: string | null;

  @Column({ type: 'varchar' })
  authorId: string;

  /** YYYY-MM-DD */
  @Column({ type: 'varchar', length: 10 })
  actedOn: string;

  @EncryptedColumn() description: string | null;

  @Column({ type: Date })
  createdAt: Date;
}
