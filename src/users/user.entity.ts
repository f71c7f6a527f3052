import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Institution } from '../institutions/institution.entity';
import type { ServiceRole } from '../institutions/service-roles';

/** A staff account. Staff names are not survivors' data, but they are still never written to logs. */
@Entity('users')
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('UQ_users_username', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  username: string;

  @Column({ type: 'varchar', length: 120 })
  displayName: string;

  @Column({ type: 'varchar', length: 255 })
  passwordHash: string;

  /** Comma-separated Role values (see platform/auth/permissions.ts). */
  @Column({ type: 'simple-array' })
  roles: string[];

  @Column({ type: 'varchar', nullable: true })
  institutionId: string | null;

  @ManyToOne(() => Institution, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'institutionId' })
  institution?: Institution | null;

  /** Team members: the service roles of their institution they handle (referrals they receive). */
  @Column({ type: 'simple-array', nullable: true })
  serviceRoles: ServiceRole[] | null;

  @Column({ type: 'boolean' })
  isActive: boolean;

  @Column({ type: 'boolean' })
  mustChangePassword: boolean;

  @Column({ type: 'integer' })
  failedLoginCount: number;

  @Column({ type: Date, nullable: true })
  lockedUntil: Date | null;

  @Column({ type: 'varchar', length: 5 })
  language: string;

  /** Where e-mail notifications go (issue 19 item 3); none while null. */
  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  @Column({ type: Date, nullable: true })
  lastLoginAt: Date | null;

  @Column({ type: Date })
  passwordChangedAt: Date;

  /** When an administrator last reset this account's password (told to the user at the next login). */
  @Column({ type: Date, nullable: true })
  passwordResetAt: Date | null;

  /** Who reset it (an administrator's account id). */
  @Column({ type: 'varchar', length: 36, nullable: true })
  passwordResetById: string | null;

  @Column({ type: Date })
  createdAt: Date;

  @Column({ type: Date })
  updatedAt: Date;

  /** Optimistic locking: bumped only by edits (not by history appends or login bookkeeping). */
  @Column({ type: 'integer' })
  version: number;
}
