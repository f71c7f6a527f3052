import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { EncryptedColumn, EncryptedEntity } from '../platform/crypto/encrypted-column.decorator';

/**
 * A victim (korban), who may have several cases. Identity is encrypted under the victim's own data
 * key; exact-match lookups go through keyed blind indexes. Non-identifying categories stay in clear
 * for statistics.
 */
@EncryptedEntity({ keyProperty: 'dataKeyId' })
@Entity('victims')
export class Victim {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 36 })
  dataKeyId: string;

  @EncryptedColumn() fullName: string | null;
  @EncryptedColumn() nik: string | null;
  /** YYYY-MM-DD */
  @EncryptedColumn() birthDate: string | null;
  @EncryptedColumn() address: string | null;
  @EncryptedColumn() phone: string | null;

  /**
   * Whether a call-back on `phone` is safe (the perpetrator may hold or hear the phone): 'yes', 'no' or
   * 'unknown' (SAFE_TO_CALL); null when never asked. Shown with the phone (the contact category).
   */
  @Column({ type: 'varchar', length: 10, nullable: true })
  phoneSafeToCall: string | null;

  /** HMAC of the normalised NIK. */
  @Index('IDX_victims_nik_index')
  @Column({ type: 'varchar', length: 64, nullable: true })
  nikIndex: string | null;

  /** HMAC of the normalised name and birth year, for likely-duplicate checks. */
  @Index('IDX_victims_name_year_index')
  @Column({ type: 'varchar', length: 64, nullable: true })
  nameYearIndex: string | null;

  @Column({ type: 'varchar', length: 10 })
  sex: string;

  @Column({ type: 'integer', nullable: true })
  estimatedAge: number | null;

  @Column({ type: 'varchar', length: 80, nullable: true })
  district: string | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  education: string | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  occupation: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  maritalStatus: string | null;

  @Column({ type: 'simple-array', nullable: true })
  disabilities: string[] | null;

  @Column({ type: 'varchar', length: 3 })
  nationality: string;

  @Column({ type: Date })
  createdAt: Date;
}
