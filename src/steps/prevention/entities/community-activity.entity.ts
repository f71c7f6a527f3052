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
import { EncryptedColumn, EncryptedEntity } from '../../../platform/crypto/encrypted-column.decorator';
import type { CommunityActivityKind } from '../programme.constants';
import { CommunityGroup } from './community-group.entity';

/**
 * What a community group and its volunteers did (step 8): prevention, accompaniment or monitoring.
 * No case content: a title, a count and notes (encrypted under the activity's 'programme' key); the
 * volunteers involved are listed by reference to the community module's registry.
 */
@EncryptedEntity({ keyProperty: 'dataKeyId' })
@Entity('community_activities')
@Index('IDX_community_activities_group', ['groupId', 'activityDate'])
@Index('IDX_community_activities_date', ['activityDate'])
export class CommunityActivity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  groupId: string;

  @ManyToOne(() => CommunityGroup, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'groupId' })
  group?: CommunityGroup;

  @Column({ type: 'varchar', length: 20 })
  kind: CommunityActivityKind;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  /** YYYY-MM-DD */
  @Column({ type: 'varchar', length: 10 })
  activityDate: string;

  @Column({ type: 'varchar', length: 100 })
  district: string;

  /** People reached (prevention) or accompanied; null when not counted. */
  @Column({ type: 'integer', nullable: true })
  participants: number | null;

  @ManyToMany(() => CommunityVolunteer)
  @JoinTable({
    name: 'community_activity_volunteers',
    joinColumn: { name: 'activityId', referencedColumnName: 'id' },
    inverseJoinColumn: { name: 'volunteerId', referencedColumnName: 'id' },
  })
  volunteers?: CommunityVolunteer[];

  @Column({ type: 'varchar', length: 36 })
  dataKeyId: string;

  @EncryptedColumn() notes: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @Column({ type: Date })
  createdAt: Date;

  @Column({ type: Date })
  updatedAt: Date;

  @Column({ type: 'integer' })
  version: number;
}
