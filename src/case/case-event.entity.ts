import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One entry of a case's history. Append-only (the database refuses UPDATE and DELETE). Each event
 * stores a hash over its content and the previous event's hash, so the history is a verifiable
 * chain: HMAC-SHA256 under the chain key since the keyed chain (hashVersion 2), SHA-256 before it
 * (hashVersion 1); see case/case-chain.ts. The hash covers the *encrypted* details, so verification
 * needs no case data key and still works after a case has been erased by destroying its data key.
 */
@Entity('case_events')
@Index('UQ_case_events_case_seq', ['caseId', 'seq'], { unique: true })
@Index('IDX_case_events_case_at', ['caseId', 'at'])
export class CaseEvent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  caseId: string;

  /** 1, 2, 3 … within the case */
  @Column({ type: 'integer' })
  seq: number;

  /** e.g. `case.registered`, `workflow.start_counseling`, `counseling.session_added` */
  @Column({ type: 'varchar', length: 60 })
  type: string;

  @Column({ type: Date })
  at: Date;

  @Column({ type: 'varchar', nullable: true })
  actorId: string | null;

  /** The actor's name at the time (staff), for the printed chronology. */
  @Column({ type: 'varchar', length: 120, nullable: true })
  actorName: string | null;

  @Column({ type: 'varchar', length: 200 })
  actorRoles: string;

  /** The actor's institution; null = the service centre itself. */
  @Column({ type: 'varchar', nullable: true })
  actorInstitutionId: string | null;

  /** Translation key of the readable summary (`events.<type>` in i18n/<lang>/events.json). */
  @Column({ type: 'varchar', length: 80 })
  summaryKey: string;

  /** Non-personal arguments of the summary (codes, counts, stage names). */
  @Column({ type: 'simple-json' })
  summaryArgs: Record<string, string | number | boolean | null>;

  /** Encrypted JSON (case data key): before/after values and any personal content. */
  @Column({ type: 'text', nullable: true })
  details: string | null;

  @Column({ type: 'varchar', length: 64 })
  prevHash: string;

  @Column({ type: 'varchar', length: 64 })
  hash: string;

  /** How `hash` was computed: 1 = SHA-256 (before the keyed chain), 2 = HMAC-SHA256 (chain key). */
  @Column({ type: 'integer', default: 1 })
  hashVersion: number;
}
