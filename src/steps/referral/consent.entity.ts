import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Case } from '../../case/case.entity';
import { EncryptedColumn, EncryptedEntity } from '../../platform/crypto/encrypted-column.decorator';
import type { ServiceRole } from '../../institutions/service-roles';
import type {
  ConsentGiver,
  ConsentKind,
  ConsentMethod,
  ConsentStatus,
  DataCategory,
} from './referral.constants';

/** One service role or institution withdrawn from a consent's scope, while the rest still holds. */
export interface WithdrawnConsentPart {
  serviceRole?: ServiceRole;
  institutionId?: string;
  /** ISO time */
  at: string;
  byId: string;
}

/**
 * A consent to share part of a case with partners (persetujuan): who gave it, when and how, for
 * which service roles or institutions, which data categories, until when. Or, `kind = override`, a
 * coordinator's decision to refer a child in danger without it, with a written reason. Withdrawal
 * ends partner access at once (access is checked on every read). Names and reasons are encrypted
 * under the case's key.
 */
@EncryptedEntity({ keyProperty: 'dataKeyId' })
@Entity('consents')
@Index('IDX_consents_case_status', ['caseId', 'status'])
export class Consent {
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

  @Column({ type: 'varchar', length: 12 })
  kind: ConsentKind;

  /** Null for an override. */
  @Column({ type: 'varchar', length: 12, nullable: true })
  givenBy: ConsentGiver | null;

  /** The parent's or guardian's name (not the victim's). */
  @EncryptedColumn() giverName: string | null;

  /** YYYY-MM-DD */
  @Column({ type: 'varchar', length: 10 })
  givenOn: string;

  /** Null for an override. */
  @Column({ type: 'varchar', length: 12, nullable: true })
  method: ConsentMethod | null;

  /** Verbal consent: who witnessed it. */
  @EncryptedColumn() witnessName: string | null;

  /** Signed form: the uploaded scan (stored_files). */
  @Column({ type: 'varchar', nullable: true })
  scanFileId: string | null;

  /** Override: the coordinator's written reason. */
  @EncryptedColumn() overrideReason: string | null;

  @Column({ type: 'simple-array', nullable: true })
  serviceRoles: ServiceRole[] | null;

  @Column({ type: 'simple-array', nullable: true })
  institutionIds: string[] | null;

  @Column({ type: 'simple-array', nullable: true })
  categories: DataCategory[] | null;

  /** YYYY-MM-DD: last day it holds; null = until withdrawn. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  expiresOn: string | null;

  @Column({ type: 'varchar', length: 10 })
  status: ConsentStatus;

  @Column({ type: Date, nullable: true })
  withdrawnAt: Date | null;

  @Column({ type: 'varchar', nullable: true })
  withdrawnById: string | null;

  @EncryptedColumn() withdrawalReason: string | null;

  /**
   * The parts of the scope withdrawn one by one (oldest first); `serviceRoles` and `institutionIds`
   * hold what is still given. The reasons are in the history (encrypted).
   */
  @Column({ type: 'simple-json', nullable: true })
  withdrawnParts: WithdrawnConsentPart[] | null;

  @Column({ type: 'varchar' })
  recordedById: string;

  @Column({ type: Date })
  createdAt: Date;

  /** Optimistic locking: bumped only by edits. */
  @Column({ type: 'integer' })
  version: number;
}
