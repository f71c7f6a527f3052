import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { Case } from '../../case/case.entity';
import type { DischargeReason, ShelterStayStatus } from './shelter.constants';
import { SafeHouse } from './safe-house.entity';

/**
 * A victim's stay in a safe house: `admitted` (only through the workflow's admit_to_shelter) →
 * `discharged` (with a reason). Holds no personal text: where the victim is, is the safe house.
 */
@Entity('shelter_stays')
@Index('IDX_shelter_stays_house_status', ['safeHouseId', 'status'])
@Index('IDX_shelter_stays_case_status', ['caseId', 'status'])
export class ShelterStay {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => Case, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'caseId' })
  case?: Case;

  @Column({ type: 'uuid' })
  safeHouseId: string;

  @ManyToOne(() => SafeHouse, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'safeHouseId' })
  safeHouse?: SafeHouse;

  @Column({ type: 'varchar', length: 12 })
  status: ShelterStayStatus;

  @Column({ type: Date })
  admittedAt: Date;

  @Column({ type: 'integer' })
  plannedDays: number;

  /** YYYY-MM-DD: the admission date plus the planned days. */
  @Column({ type: 'varchar', length: 10 })
  plannedUntil: string;

  @Column({ type: Date, nullable: true })
  dischargedAt: Date | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  dischargeReason: DischargeReason | null;

  @Column({ type: 'varchar' })
  admittedById: string;

  @Column({ type: 'varchar', nullable: true })
  dischargedById: string | null;

  @VersionColumn()
  version: number;
}
