import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { AgreementStatus, PartnershipService } from './partnership.constants';

/**
 * A partnership agreement (MoU, perjanjian kerja sama) with a third party for victims' recovery:
 * vocational training, capital for a joint business group (KUBE), schooling, work, housing…
 * Institutional data only, nothing personal.
 */
@Entity('partnership_agreements')
@Index('IDX_partnership_agreements_institution', ['institutionId', 'status'])
export class PartnershipAgreement {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar' })
  institutionId: string;

  /** The agreement's number, e.g. `463/15/PKS/2025`. */
  @Index('UQ_partnership_agreements_number', { unique: true })
  @Column({ type: 'varchar', length: 80 })
  number: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  /** YYYY-MM-DD */
  @Column({ type: 'varchar', length: 10 })
  signedOn: string;

  /** YYYY-MM-DD */
  @Column({ type: 'varchar', length: 10 })
  validFrom: string;

  /** YYYY-MM-DD; null = open-ended */
  @Column({ type: 'varchar', length: 10, nullable: true })
  validUntil: string | null;

  @Column({ type: 'simple-array' })
  services: PartnershipService[];

  @Column({ type: 'varchar', length: 10 })
  status: AgreementStatus;

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  @Column({ type: 'varchar' })
  createdById: string;

  @Column({ type: Date })
  createdAt: Date;

  @Column({ type: Date })
  updatedAt: Date;

  @Column({ type: 'integer' })
  version: number;
}
