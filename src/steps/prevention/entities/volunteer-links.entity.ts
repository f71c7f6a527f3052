import {
  Column,
  Entity,
  Index,
  JoinColumn,
  JoinTable,
  ManyToMany,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { CommunityVolunteer } from '../../community/community.entities';
import { Institution } from '../../../institutions/institution.entity';
import { CommunityGroup } from './community-group.entity';

/*
 * The volunteers (kader) are the community module's registry (community_volunteers, the case-monitoring
 * volunteers). The programme records extend it by reference only: which groups a volunteer belongs to,
 * the trainings they attended, and (on CommunityActivity) who took part in an activity.
 */

/** A volunteer's membership of a community group. */
@Entity('community_group_volunteers')
@Index('UQ_community_group_volunteers', ['groupId', 'volunteerId'], { unique: true })
export class CommunityGroupVolunteer {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  groupId: string;

  @ManyToOne(() => CommunityGroup, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'groupId' })
  group?: CommunityGroup;

  @Index('IDX_community_group_volunteers_volunteer')
  @Column({ type: 'uuid' })
  volunteerId: string;

  @ManyToOne(() => CommunityVolunteer, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'volunteerId' })
  volunteer?: CommunityVolunteer;

  @Column({ type: Date })
  createdAt: Date;
}

/** A training of community volunteers (kader): who attended, by reference to the registry. */
@Entity('volunteer_trainings')
@Index('IDX_volunteer_trainings_date', ['startDate'])
export class VolunteerTraining {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  /** e.g. "pencegahan KDRT", "pemantauan kasus", "kesetaraan gender". */
  @Column({ type: 'varchar', length: 300, nullable: true })
  topic: string | null;

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

  @ManyToMany(() => CommunityVolunteer)
  @JoinTable({
    name: 'volunteer_training_participants',
    joinColumn: { name: 'trainingId', referencedColumnName: 'id' },
    inverseJoinColumn: { name: 'volunteerId', referencedColumnName: 'id' },
  })
  participants?: CommunityVolunteer[];

  @Column({ type: Date })
  createdAt: Date;

  @Column({ type: Date })
  updatedAt: Date;

  @Column({ type: 'integer' })
  version: number;
}
