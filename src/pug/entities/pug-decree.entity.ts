import { Column, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import { EncryptedColumn, EncryptedEntity } from '../../platform/crypto/encrypted-column.decorator';
import { Institution } from '../../institutions/institution.entity';
import { User } from '../../users/user.entity';
import type { AppointmentRole, DecreeKind, IssuerKind } from '../reference-data';
import { PugBody } from './pug-body.entity';

/**
 * A decree (surat keputusan, SK) forming, renewing, amending or revoking a body. Its status (pending,
 * in force, replaced, revoked) is never stored: decree-status.ts derives it from the chain
 * (`replacesDecreeId`, unique: a decree is replaced by at most one other) and today's date.
 * `dataKeyId`: the decree's own 'pug' data key, which encrypts its appointees' names.
 */
@Entity('pug_decrees')
@Index('UQ_pug_decrees_body_number', ['bodyId', 'number'], { unique: true })
export class PugDecree {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  bodyId: string;

  @ManyToOne(() => PugBody, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'bodyId' })
  body?: PugBody;

  /** As printed, e.g. `463.05/112`, `463/A. 023`. */
  @Column({ type: 'varchar', length: 100 })
  number: string;

  /** YYYY-MM-DD: signed on. */
  @Column({ type: 'varchar', length: 10 })
  decreeDate: string;

  /** YYYY-MM-DD: in force from. */
  @Index('IDX_pug_decrees_effective')
  @Column({ type: 'varchar', length: 10 })
  effectiveDate: string;

  @Column({ type: 'varchar', length: 20 })
  issuerKind: IssuerKind;

  /** The SKPD whose head signed it (issuerKind skpd_head). */
  @Column({ type: 'uuid', nullable: true })
  issuerInstitutionId: string | null;

  @ManyToOne(() => Institution, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'issuerInstitutionId' })
  issuerInstitution?: Institution | null;

  @Column({ type: 'varchar', length: 500 })
  title: string;

  @Column({ type: 'varchar', length: 20 })
  kind: DecreeKind;

  /** The decree this one replaces, amends or revokes (same body); null for a formation. */
  @Index('UQ_pug_decrees_replaces', { unique: true })
  @Column({ type: 'uuid', nullable: true })
  replacesDecreeId: string | null;

  @ManyToOne(() => PugDecree, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'replacesDecreeId' })
  replaces?: PugDecree | null;

  @Column({ type: 'varchar', length: 36 })
  dataKeyId: string;

  @OneToMany(() => PugAppointment, (a) => a.decree)
  appointments?: PugAppointment[];

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @Column({ type: Date })
  createdAt: Date;

  @Column({ type: Date })
  updatedAt: Date;

  @Column({ type: 'integer' })
  version: number;
}

/**
 * A person a decree appoints: name (personal data, encrypted under the decree's key), position,
 * institution, role in the body, and optionally the user account of that officer (so that referral
 * eligibility can follow the decree in force).
 */
@EncryptedEntity({ keyProperty: 'dataKeyId' })
@Entity('pug_appointments')
@Index('IDX_pug_appointments_decree', ['decreeId', 'position'])
export class PugAppointment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  decreeId: string;

  @ManyToOne(() => PugDecree, (d) => d.appointments, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'decreeId' })
  decree?: PugDecree;

  /** The decree's data key. */
  @Column({ type: 'varchar', length: 36 })
  dataKeyId: string;

  /** Order in the decree's annex (lampiran). */
  @Column({ type: 'integer' })
  position: number;

  @EncryptedColumn() fullName: string | null;

  /** Official position (jabatan), e.g. "Kepala Bappeda". */
  @Column({ type: 'varchar', length: 200, nullable: true })
  jobTitle: string | null;

  @Index('IDX_pug_appointments_institution')
  @Column({ type: 'uuid', nullable: true })
  institutionId: string | null;

  @ManyToOne(() => Institution, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'institutionId' })
  institution?: Institution | null;

  @Index('IDX_pug_appointments_user')
  @Column({ type: 'uuid', nullable: true })
  userId: string | null;

  @ManyToOne(() => User, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'userId' })
  user?: User | null;

  @Column({ type: 'varchar', length: 20 })
  role: AppointmentRole;
}
