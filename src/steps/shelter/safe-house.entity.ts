import { Column, Entity, Index, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { EncryptedColumn, EncryptedEntity } from '../../platform/crypto/encrypted-column.decorator';

/**
 * A safe house (rumah aman). Staff know it by a code name; its address is encrypted under the safe
 * house's own data key and shown only to those who manage safe houses.
 */
@EncryptedEntity({ keyProperty: 'dataKeyId' })
@Entity('safe_houses')
export class SafeHouse {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** A code name, never the address. */
  @Index('UQ_safe_houses_name', { unique: true })
  @Column({ type: 'varchar', length: 80 })
  name: string;

  @Column({ type: 'integer' })
  capacity: number;

  @Column({ type: 'boolean' })
  isActive: boolean;

  /** The safe house's own data key (scope `safe_house`). */
  @Column({ type: 'varchar', length: 36 })
  dataKeyId: string;

  @EncryptedColumn() address: string | null;

  @Column({ type: Date })
  createdAt: Date;

  @Column({ type: Date })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}
