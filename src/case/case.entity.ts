import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { EncryptedColumn, EncryptedEntity } from '../platform/crypto/encrypted-column.decorator';
import type { CaseStage } from './workflow/case-workflow';
import { Victim } from './victim.entity';

export interface ReporterDetails {
  name?: string | null;
  phone?: string | null;
  address?: string | null;
}

/**
 * What the front desk typed at this case's intake about the victim and the incident, kept with the
 * case (encrypted under its key): the registering officer sees this, never the victim's current record
 * (which may hold a later address) nor what other cases of the same victim hold.
 */
export interface IntakeRecord {
  victim: {
    fullName: string | null;
    nik: string | null;
    birthDate: string | null;
    estimatedAge: number | null;
    sex: string | null;
    address: string | null;
    phone: string | null;
    /** Whether a call-back on that phone is safe (absent in records kept before it was asked). */
    phoneSafeToCall?: string | null;
    district: string | null;
    education: string | null;
    occupation: string | null;
    maritalStatus: string | null;
    disabilities: string[];
    nationality: string | null;
    /** The age on the incident (or intake) date and the child status, as computed at intake. */
    age: number | null;
    isChild: boolean;
  };
  incident: { location: string | null; narrative: string | null };
}

/**
 * A case (kasus). Personal content is encrypted under the case's own data key (destroying it erases
 * the case for good); the fields statistics need — sex, age, district, violence types, place — stay
 * in clear and identify no one. `stage` changes only through CaseWorkflowService.
 */
@EncryptedEntity({ keyProperty: 'dataKeyId' })
@Entity('cases')
// Lists are ordered by (receivedAt DESC, number DESC): these two indexes give that order exactly, so
// the first page reads 25 rows whatever the size of the table (see CasesService.list, npm run bench).
@Index('IDX_cases_stage_received_number', ['stage', 'receivedAt', 'number'])
@Index('IDX_cases_counselor_stage', ['assignedCounselorId', 'stage'])
// every role's list in its order (receivedAt DESC, number DESC): the counselor's cases, the front desk's own
@Index('IDX_cases_counselor_received_number', ['assignedCounselorId', 'receivedAt', 'number'])
@Index('IDX_cases_registered_received_number', ['registeredById', 'receivedAt', 'number'])
@Index('IDX_cases_received_number', ['receivedAt', 'number'])
export class Case {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('UQ_cases_number', { unique: true })
  @Column({ type: 'varchar', length: 40 })
  number: string;

  @Column({ type: 'varchar', length: 30 })
  stage: CaseStage;

  /** Optimistic locking: bumped only by edits (not by history appends or login bookkeeping). */
  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'varchar', length: 36 })
  dataKeyId: string;

  @Column({ type: 'uuid' })
  victimId: string;

  @ManyToOne(() => Victim, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'victimId' })
  victim?: Victim;

  // --- complaint (step 1)
  @Column({ type: 'varchar', length: 30 })
  channel: string;

  /** YYYY-MM-DD */
  @Column({ type: 'varchar', length: 10 })
  receivedAt: string;

  @Column({ type: 'varchar', nullable: true })
  referringInstitutionId: string | null;

  /** 'quick' when registered by the quick intake (the rest completed later); null: the full intake. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  intakeMode: string | null;

  /** Whether the victim was in immediate danger when the complaint was received; null when not asked. */
  @Column({ type: 'boolean', nullable: true })
  immediateDanger: boolean | null;

  @Column({ type: 'varchar' })
  registeredById: string;

  @Column({ type: Date })
  registeredAt: Date;

  @Column({ type: 'varchar', nullable: true })
  assignedCounselorId: string | null;

  // --- reporter (when not the victim)
  @Column({ type: 'varchar', length: 30, nullable: true })
  reporterRelationship: string | null;

  @EncryptedColumn({ json: true })
  reporter: ReporterDetails | null;

  // --- incident (non-identifying parts in clear, for statistics)
  /** YYYY-MM-DD, or the start of a period */
  @Column({ type: 'varchar', length: 10, nullable: true })
  incidentDate: string | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  incidentDateEnd: string | null;

  @Column({ type: 'varchar', length: 5, nullable: true })
  incidentTime: string | null;

  @Column({ type: 'varchar', length: 30 })
  placeType: string;

  @Column({ type: 'simple-array' })
  violenceTypes: string[];

  @Column({ type: 'simple-array', nullable: true })
  gbvApplies: string[] | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  gbvCoreType: string | null;

  @EncryptedColumn() incidentLocation: string | null;
  @EncryptedColumn() narrative: string | null;

  /** As typed at intake (null for cases registered before it was kept: the front desk then sees initials only). */
  @EncryptedColumn({ json: true }) intakeRecord: IntakeRecord | null;

  // --- copied from the victim at intake, for statistics without decrypting anything
  @Column({ type: 'varchar', length: 10 })
  victimSex: string;

  @Column({ type: 'integer', nullable: true })
  victimAge: number | null;

  @Column({ type: 'boolean' })
  isChild: boolean;

  @Column({ type: 'varchar', length: 80, nullable: true })
  district: string | null;

  // --- denormalised from the tracks, for filters
  @Column({ type: 'varchar', length: 10, nullable: true })
  riskLevel: string | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  closureReason: string | null;

  @Column({ type: Date, nullable: true })
  closedAt: Date | null;

  // --- head of the hash-chained history
  @Column({ type: 'integer' })
  eventCount: number;

  @Column({ type: 'varchar', length: 64 })
  headHash: string;

  /**
   * HMAC of (id, eventCount, headHash) under the history's chain key (case/case-chain.ts): the head
   * cannot be set back or forward without the key. Null only for a case that was never sealed.
   */
  @Column({ type: 'varchar', length: 64, nullable: true })
  headSeal: string | null;

  @Column({ type: Date })
  updatedAt: Date;
}
