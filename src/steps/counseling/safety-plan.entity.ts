import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Case } from '../../case/case.entity';
import { EncryptedColumn, EncryptedEntity } from '../../platform/crypto/encrypted-column.decorator';

/**
 * One version of a case's safety plan (rencana keselamatan). Versions are never changed: saving the
 * plan adds the next version, and the latest is the current plan.
 */
@EncryptedEntity({ keyProperty: 'dataKeyId' })
@Entity('safety_plans')
@Index('UQ_safety_plans_case_version', ['caseId', 'version'], { unique: true })
export class SafetyPlan {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => Case, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'caseId' })
  case?: Case;

  @Column({ type: 'varchar', length: 36 })
  dataKeyId: string;

  /** 1, 2, 3 … within the case (not an optimistic-lock column: each version is its own row). */
  @Column({ type: 'integer' })
  version: number;

  @Column({ type: Date })
  createdAt: Date;

  @Column({ type: 'varchar' })
  authorId: string;

  @EncryptedColumn() plan: string | null;
}
