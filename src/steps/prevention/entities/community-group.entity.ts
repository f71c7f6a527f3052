import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Institution } from '../../../institutions/institution.entity';
import type { CommunityGroupKind } from '../programme.constants';

/**
 * A community group taking part in prevention, accompaniment and monitoring (step 8): a PKK team, a
 * posyandu, a religious group, a joint business group (KUBE), a youth group. When the group is also
 * an organisation in the partner network (e.g. Tim Penggerak PKK), `institutionId` links it.
 */
@Entity('community_groups')
@Index('IDX_community_groups_kind', ['kind', 'name'])
export class CommunityGroup {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 20 })
  kind: CommunityGroupKind;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 100 })
  district: string;

  /** Kelurahan / RW the group works in. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  area: string | null;

  @Column({ type: 'uuid', nullable: true })
  institutionId: string | null;

  @ManyToOne(() => Institution, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'institutionId' })
  institution?: Institution | null;

  @Column({ type: 'boolean' })
  isActive: boolean;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  description: string | null;

  @Column({ type: Date })
  createdAt: Date;

  @Column({ type: Date })
  updatedAt: Date;

  @Column({ type: 'integer' })
  version: number;
}
