import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { EncryptedColumn, EncryptedEntity } from '../../platform/crypto/encrypted-column.decorator';

export const FILE_PURPOSES = ['decree_scan', 'prevention_material'] as const;
export type FilePurpose = (typeof FILE_PURPOSES)[number];

/**
 * An uploaded file (a decree's scan, a prevention activity's material). The bytes live encrypted in
 * DATA_DIR/uploads/<purpose>/<id>.bin under the file's own data key (scope 'pug_file'), so replacing
 * or deleting a file shreds its key; only its owner record's routes serve it.
 */
@EncryptedEntity({ keyProperty: 'dataKeyId' })
@Entity('pug_files')
@Index('IDX_pug_files_owner', ['purpose', 'ownerId'])
export class PugFile {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 30 })
  purpose: FilePurpose;

  /** The decree or prevention activity it belongs to. */
  @Column({ type: 'uuid' })
  ownerId: string;

  @Column({ type: 'varchar', length: 36 })
  dataKeyId: string;

  /** The uploaded file name (it may name people: encrypted). */
  @EncryptedColumn() originalName: string | null;

  /** Detected from the bytes (magic numbers), never taken from the client. */
  @Column({ type: 'varchar', length: 40 })
  contentType: string;

  @Column({ type: 'integer' })
  size: number;

  /** Hex SHA-256 of the plaintext. */
  @Column({ type: 'varchar', length: 64 })
  sha256: string;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @Column({ type: Date })
  createdAt: Date;
}
