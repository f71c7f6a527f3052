import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { Case } from '../../case/case.entity';

/**
 * Whether the victim agreed that the case be counted in the anonymous statistics; a separate choice
 * from sharing with partners. No row = not asked yet.
 */
@Entity('case_statistics_consents')
export class StatisticsConsent {
  @PrimaryColumn({ type: 'uuid' })
  caseId: string;

  @OneToOne(() => Case, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'caseId' })
  case?: Case;

  @Column({ type: 'boolean' })
  included: boolean;

  @Column({ type: 'varchar' })
  recordedById: string;

  @Column({ type: Date })
  recordedAt: Date;

  @Column({ type: 'integer' })
  version: number;
}
