import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ServiceRole } from './service-roles';

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
 * An institution: a partner of the service centre, an SKPD, an NGO… with its institutional contacts
 * (not personal data: the office's phone, email and address), the service roles it provides to
 * referred victims and the period it is a partner. Whether it may receive referrals is decided by
 * ReferralEligibilityService (active flag and period now; the decree in force later).
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

  @Column({ type: 'varchar', length: 40, nullable: true })
  phone: string | null;

  @Column({ type: 'varchar', length: 120, nullable: true })
  email: string | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  address: string | null;

  /** The service roles it provides (see service-roles.ts); empty = none. */
  @Column({ type: 'simple-array', nullable: true })
  serviceRoles: ServiceRole[] | null;

  /** YYYY-MM-DD: first day it is a partner; null = since always. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  activeFrom: string | null;

  /** YYYY-MM-DD: last day it is a partner; null = open-ended. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  activeUntil: string | null;

  @Column({ type: Date })
  createdAt: Date;

  @Column({ type: Date })
  updatedAt: Date;

  /** Optimistic locking: bumped only by edits (not by history appends or login bookkeeping). */
  @Column({ type: 'integer' })
  version: number;
}
