import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { EncryptedColumn, EncryptedEntity } from '../../platform/crypto/encrypted-column.decorator';

export const STORED_FILE_KINDS = ['consent_scan', 'referral_document'] as const;
export type StoredFileKind = (typeof STORED_FILE_KINDS)[number];

/**
 * An uploaded file (a consent scan, a partner's report): its content is encrypted under the case's
 * key and kept in DATA_DIR/uploads (outside the web root), named by this row's id; it is served
 * only through the owning record's access check. The original file name may be personal: encrypted.
 */
@EncryptedEntity({ keyProperty: 'dataKeyId' })
@Entity('stored_files')
@Index('IDX_stored_files_owner', ['ownerId', 'kind'])
export class StoredFile {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 20 })
  kind: StoredFileKind;

  /** The consent or referral it belongs to. */
  @Column({ type: 'uuid' })
  ownerId: string;

  @Column({ type: 'uuid' })
  caseId: string;

  @Column({ type: 'varchar', length: 36 })
  dataKeyId: string;

  @EncryptedColumn() fileName: string | null;

  /** Detected from the content (magic bytes), never taken from the client. */
  @Column({ type: 'varchar', length: 40 })
  mimeType: string;

  @Column({ type: 'integer' })
  size: number;

  /** SHA-256 of the plaintext, to verify the file after decryption. */
  @Column({ type: 'varchar', length: 64 })
  sha256: string;

  @Column({ type: 'varchar' })
  uploadedById: string;

  /** The uploader's institution; null = the service centre. */
  @Column({ type: 'varchar', nullable: true })
  uploadedByInstitutionId: string | null;

  @Column({ type: Date })
  createdAt: Date;
}
