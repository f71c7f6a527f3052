import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { RiskLevel } from '../../case/case.constants';
import { Case } from '../../case/case.entity';
import { EncryptedColumn, EncryptedEntity } from '../../platform/crypto/encrypted-column.decorator';

/**
 * A risk assessment (asesmen risiko). The latest one (by date, then by recording order) is the
 * case's current risk: it sets `cases.riskLevel` and decides whether shelter admission is possible.
 */
@EncryptedEntity({ keyProperty: 'dataKeyId' })
@Entity('risk_assessments')
@Index('IDX_risk_assessments_case_assessed', ['caseId', 'assessedAt', 'seq'])
export class RiskAssessment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => Case, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'caseId' })
  case?: Case;

  @Column({ type: 'varchar', length: 36 })
  dataKeyId: string;

  /** 1, 2, 3 … in the order recorded within the case (breaks ties between assessments of one day). */
  @Column({ type: 'integer' })
  seq: number;

  /** YYYY-MM-DD */
  @Column({ type: 'varchar', length: 10 })
  assessedAt: string;

  @Column({ type: 'varchar' })
  assessorId: string;

  @Column({ type: 'boolean' })
  threatToLife: boolean;

  @Column({ type: 'varchar', length: 10 })
  riskLevel: RiskLevel;

  /** Codes from RISK_FACTORS. */
  @Column({ type: 'simple-array' })
  factors: string[];

  @EncryptedColumn() notes: string | null;

  @Column({ type: Date })
  createdAt: Date;
}
