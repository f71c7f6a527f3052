import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Institution } from '../../institutions/institution.entity';
import type { RegionKind, SkpdPugRole } from '../reference-data';

/**
 * A local government (pemerintah kota/kabupaten) whose PUG institutions are recorded: Kota Semarang,
 * Kota Kupang… Its bodies, action plans, trainings and awards hang under it.
 */
@Entity('pug_regions')
export class PugRegion {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('UQ_pug_regions_name', { unique: true })
  @Column({ type: 'varchar', length: 120 })
  name: string;

  @Column({ type: 'varchar', length: 10 })
  kind: RegionKind;

  @Column({ type: Date })
  createdAt: Date;

  @Column({ type: Date })
  updatedAt: Date;

  @Column({ type: 'integer' })
  version: number;
}

/**
 * An SKPD of the region taking part in PUG: its head sits in the Pokja PUG, and it is expected to form
 * a Focal Point PUG team. `pugRole` marks Bappeda (chairs the Pokja) and the women's-empowerment SKPD
 * (heads the Pokja's secretariat). The institution itself is the one shared Institution record.
 */
@Entity('pug_region_institutions')
@Index('UQ_pug_region_institutions', ['regionId', 'institutionId'], { unique: true })
export class PugRegionInstitution {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  regionId: string;

  @ManyToOne(() => PugRegion, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'regionId' })
  region?: PugRegion;

  @Index('IDX_pug_region_institutions_institution')
  @Column({ type: 'uuid' })
  institutionId: string;

  @ManyToOne(() => Institution, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'institutionId' })
  institution?: Institution;

  @Column({ type: 'varchar', length: 20 })
  pugRole: SkpdPugRole;

  /** Expected to form a Focal Point PUG team (body completeness). */
  @Column({ type: 'boolean' })
  focalPointRequired: boolean;

  @Column({ type: Date })
  createdAt: Date;
}
