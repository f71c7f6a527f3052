import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Institution } from '../../institutions/institution.entity';
import type { BodyKind } from '../reference-data';
import { PugRegion } from './pug-region.entity';

/**
 * A PUG body: the Pokja PUG, the technical team, an SKPD's Focal Point PUG team or the service centre's
 * partner team. Its members come from the decree in force (its decree chain); its duties from
 * reference-data.ts.
 */
@Entity('pug_bodies')
@Index('IDX_pug_bodies_region_kind', ['regionId', 'kind'])
export class PugBody {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  regionId: string;

  @ManyToOne(() => PugRegion, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'regionId' })
  region?: PugRegion;

  @Column({ type: 'varchar', length: 20 })
  kind: BodyKind;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** The SKPD of a focal-point team; the service centre of a partner team; else null. */
  @Index('IDX_pug_bodies_institution')
  @Column({ type: 'uuid', nullable: true })
  institutionId: string | null;

  @ManyToOne(() => Institution, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'institutionId' })
  institution?: Institution | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  description: string | null;

  @Column({ type: Date })
  createdAt: Date;

  @Column({ type: Date })
  updatedAt: Date;

  @Column({ type: 'integer' })
  version: number;
}
