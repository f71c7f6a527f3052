import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { EncryptedColumn, EncryptedEntity } from '../../platform/crypto/encrypted-column.decorator';
import type { AssignmentStatus, VisitSituation } from './community.constants';

/**
 * A community volunteer (kader) and their group. The phone number is encrypted under the volunteer's
 * own data key. `userId`: the account (role community_volunteer) they log in with, if any.
 */
@EncryptedEntity({ keyProperty: 'dataKeyId' })
@Entity('community_volunteers')
export class CommunityVolunteer {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('UQ_community_volunteers_user', { unique: true })
  @Column({ type: 'varchar', nullable: true })
  userId: string | null;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  @Column({ type: 'varchar', length: 120 })
  groupName: string;

  @Column({ type: 'varchar', length: 80, nullable: true })
  district: string | null;

  @Column({ type: 'varchar', length: 36 })
  dataKeyId: string;

  @EncryptedColumn() phone: string | null;

  @Column({ type: 'boolean' })
  isActive: boolean;

  @Column({ type: Date })
  createdAt: Date;

  @Column({ type: Date })
  updatedAt: Date;

  @Column({ type: 'integer' })
  version: number;
}

/**
 * A volunteer asked to monitor a victim after return home (pemantauan). Relies on a consent covering
 * community monitoring; the instructions are encrypted under the case's key.
 */
@EncryptedEntity({ keyProperty: 'dataKeyId' })
@Entity('monitoring_assignments')
@Index('IDX_monitoring_assignments_volunteer', ['volunteerId', 'status'])
@Index('IDX_monitoring_assignments_case', ['caseId', 'status'])
export class MonitoringAssignment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  caseId: string;

  @Column({ type: 'varchar', length: 36 })
  dataKeyId: string;

  @Column({ type: 'uuid' })
  volunteerId: string;

  @Column({ type: 'uuid' })
  consentId: string;

  @EncryptedColumn() instructions: string | null;

  /** YYYY-MM-DD */
  @Column({ type: 'varchar', length: 10 })
  startedOn: string;

  /** YYYY-MM-DD */
  @Column({ type: 'varchar', length: 10, nullable: true })
  endedOn: string | null;

  @Column({ type: 'varchar', length: 10 })
  status: AssignmentStatus;

  @Column({ type: 'varchar' })
  assignedById: string;

  @Column({ type: Date })
  createdAt: Date;

  @Column({ type: Date })
  updatedAt: Date;

  @Column({ type: 'integer' })
  version: number;
}

/** A volunteer's visit: what they found; notes and concerns encrypted under the case's key. */
@EncryptedEntity({ keyProperty: 'dataKeyId' })
@Entity('monitoring_visits')
@Index('IDX_monitoring_visits_assignment', ['assignmentId', 'visitedOn'])
export class MonitoringVisit {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  assignmentId: string;

  @Column({ type: 'uuid' })
  caseId: string;

  @Column({ type: 'varchar', length: 36 })
  dataKeyId: string;

  /** YYYY-MM-DD */
  @Column({ type: 'varchar', length: 10 })
  visitedOn: string;

  @Column({ type: 'varchar', length: 10 })
  situation: VisitSituation;

  @EncryptedColumn() notes: string | null;

  @EncryptedColumn() concerns: string | null;

  @Column({ type: 'varchar' })
  recordedById: string;

  @Column({ type: Date })
  createdAt: Date;
}
