import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const INSTITUTION_TYPES = [
  'police_unit',
  'hospital',
  'legal_aid',
  'social_service',
  'religious_body',
  'psychologist',
  'ngo',
  'business',
  'womens_organisation',
  'government_office',
  'service_centre',
] as const;
export type InstitutionType = (typeof INSTITUTION_TYPES)[number];

/**
 * An institution: a partner of the service centre, an SKPD, an NGO… Minimal now; the referral and
 * PUG modules extend it (service roles, active periods, decrees).
 */
@Entity('institutions')
export class Institution {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('UQ_institutions_name', { unique: true })
  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 40 })
  type: InstitutionType;

  @Column({ type: 'boolean' })
  isActive: boolean;

  @Column({ type: Date })
  createdAt: Date;

  @Column({ type: Date })
  updatedAt: Date;

  /** Optimistic locking: bumped only by edits (not by history appends or login bookkeeping). */
  @Column({ type: 'integer' })
  version: number;
}
