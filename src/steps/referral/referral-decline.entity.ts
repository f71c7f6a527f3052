import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { EncryptedColumn, EncryptedEntity } from '../../platform/crypto/encrypted-column.decorator';

/**
 * An institution declining an open referral ("any eligible institution"): the referral stays open
 * for the others, and is declined when every eligible institution has declined it.
 */
@EncryptedEntity({ keyProperty: 'dataKeyId' })
@Entity('referral_declines')
@Index('UQ_referral_declines_referral_institution', ['referralId', 'institutionId'], { unique: true })
export class ReferralDecline {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  referralId: string;

  @Column({ type: 'varchar' })
  institutionId: string;

  @Column({ type: 'varchar', length: 36 })
  dataKeyId: string;

  @EncryptedColumn() reason: string | null;

  @Column({ type: 'varchar' })
  declinedById: string;

  @Column({ type: Date })
  declinedAt: Date;
}
