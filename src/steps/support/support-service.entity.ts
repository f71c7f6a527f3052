import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { Case } from '../../case/case.entity';
import { EncryptedColumn, EncryptedEntity } from '../../platform/crypto/encrypted-column.decorator';
import type { ServiceStatus, ServiceType } from './support-service.constants';

/**
 * A support service (layanan pendampingan) for a case: planned, then delivered or cancelled. Type,
 * provider and dates stay in clear for the statistics of services by type and institution; the notes
 * are encrypted under the case's key. (Named *Record* so it is not mistaken for a Nest service.)
 */
@EncryptedEntity({ keyProperty: 'dataKeyId' })
@Entity('support_services')
@Index('IDX_support_services_case_planned', ['caseId', 'plannedDate'])
@Index('IDX_support_services_type_status', ['type', 'status'])
export class SupportServiceRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => Case, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'caseId' })
  case?: Case;

  @Column({ type: 'varchar', length: 36 })
  dataKeyId: string;

  @Column({ type: 'varchar', length: 20 })
  type: ServiceType;

  /** The partner institution providing it; null = the service centre itself. */
  @Column({ type: 'varchar', nullable: true })
  providerInstitutionId: string | null;

  @Column({ type: 'varchar', length: 12 })
  status: ServiceStatus;

  /** YYYY-MM-DD */
  @Column({ type: 'varchar', length: 10 })
  plannedDate: string;

  /** YYYY-MM-DD */
  @Column({ type: 'varchar', length: 10, nullable: true })
  deliveredAt: string | null;

  @EncryptedColumn() notes: string | null;

  @Column({ type: 'varchar' })
  createdById: string;

  @Column({ type: Date })
  createdAt: Date;

  @Column({ type: Date })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}
