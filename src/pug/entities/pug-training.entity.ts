import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Institution } from '../../institutions/institution.entity';
import type { AwardLevel, TrainingKind } from '../reference-data';
import { PugRegion } from './pug-region.entity';

/** A PUG training (gender awareness, PPRG): counts of participants by institution and sex, no names. */
@Entity('pug_trainings')
@Index('IDX_pug_trainings_region', ['regionId', 'startDate'])
export class PugTraining {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  regionId: string;

  @ManyToOne(() => PugRegion, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'regionId' })
  region?: PugRegion;

  @Column({ type: 'varchar', length: 20 })
  kind: TrainingKind;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  /** YYYY-MM-DD */
  @Column({ type: 'varchar', length: 10 })
  startDate: string;

  /** YYYY-MM-DD */
  @Column({ type: 'varchar', length: 10 })
  endDate: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  place: string | null;

  @Column({ type: 'uuid', nullable: true })
  organiserInstitutionId: string | null;

  @ManyToOne(() => Institution, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organiserInstitutionId' })
  organiserInstitution?: Institution | null;

  @Column({ type: Date })
  createdAt: Date;

  @Column({ type: Date })
  updatedAt: Date;

  @Column({ type: 'integer' })
  version: number;
}

@Entity('pug_training_participants')
@Index('UQ_pug_training_participants', ['trainingId', 'institutionId'], { unique: true })
export class PugTrainingParticipant {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  trainingId: string;

  @ManyToOne(() => PugTraining, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'trainingId' })
  training?: PugTraining;

  @Index('IDX_pug_training_participants_institution')
  @Column({ type: 'uuid' })
  institutionId: string;

  @ManyToOne(() => Institution, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'institutionId' })
  institution?: Institution;

  @Column({ type: 'integer' })
  female: number;

  @Column({ type: 'integer' })
  male: number;
}

/** An Anugerah Parahita Ekapraya (pratama, madya, utama) received by the region in a year. */
@Entity('pug_awards')
@Index('UQ_pug_awards_region_year_name', ['regionId', 'year', 'awardName'], { unique: true })
export class PugAward {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  regionId: string;

  @ManyToOne(() => PugRegion, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'regionId' })
  region?: PugRegion;

  @Column({ type: 'integer' })
  year: number;

  @Column({ type: 'varchar', length: 100 })
  awardName: string;

  @Column({ type: 'varchar', length: 10 })
  level: AwardLevel;

  @Column({ type: 'varchar', length: 200, nullable: true })
  givenBy: string | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  notes: string | null;

  @Column({ type: Date })
  createdAt: Date;

  @Column({ type: Date })
  updatedAt: Date;

  @Column({ type: 'integer' })
  version: number;
}
