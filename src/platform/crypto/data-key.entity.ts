import { Column, Entity, Index, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';

/**
 * A per-record data key (envelope encryption). The 32-byte key is stored only wrapped (AES-256-GCM)
 * by a master key, with the row id as additional data so wrapped keys cannot be swapped between rows.
 * Destroying a key (crypto-shredding) sets `wrappedKey` to null: every value sealed under it becomes
 * unreadable for good. Timestamps come from Clock in code (no database defaults).
 */
@Entity('data_keys')
export class DataKey {
  /** Generated in code (crypto.randomUUID) before insert, because it is the AAD of the wrapped key. */
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** What the key protects, e.g. 'case', 'person', 'blind_index', 'test'. */
  @Column({ type: 'varchar', length: 20 })
  scope: string;

  /** `v1.<base64>` sealed by the master key `masterKeyId`; null once destroyed. */
  @Column({ type: 'text', nullable: true })
  wrappedKey: string | null;

  /** Id (not the key) of the master key that wrapped this key; see key-ring.ts. */
  @Index()
  @Column({ type: 'varchar', length: 16, nullable: true })
  masterKeyId: string | null;

  @Column()
  createdAt: Date;

  /** Indexed: the key cache reads the count and latest value of destroyed keys (data-key.service.ts). */
  @Index()
  @Column({ type: Date, nullable: true })
  destroyedAt: Date | null;

  @VersionColumn()
  version: number;
}
