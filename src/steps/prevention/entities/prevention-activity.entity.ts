import { Column, Entity, Index, JoinTable, ManyToMany, PrimaryGeneratedColumn } from 'typeorm';
import { EncryptedColumn, EncryptedEntity } from '../../../platform/crypto/encrypted-column.decorator';
import { Institution } from '../../../institutions/institution.entity';
import type { PreventionKind } from '../programme.constants';

/**
 * A prevention activity (step 7): a socialization session, an on-air broadcast, leaflets (print or
 * email), a website post or a mass-media item. Participants are counted by sex and age group (no
 * names); materials are PugFile rows (purpose 'prevention_material'); notes are encrypted under the
 * activity's 'programme' data key.
 */
@EncryptedEntity({ keyProperty: 'dataKeyId' })
@Entity('prevention_activities')
@Index('IDX_prevention_activities_date', ['activityDate'])
@Index('IDX_prevention_activities_district', ['district', 'activityDate'])
export class PreventionActivity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 20 })
  kind: PreventionKind;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  /** YYYY-MM-DD */
  @Column({ type: 'varchar', length: 10 })
  activityDate: string;

  /** One of the centre's districts (SettingsService.centre().districts). */
  @Column({ type: 'varchar', length: 100 })
  district: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  place: string | null;

  /** Who it was for, e.g. "ibu-ibu PKK RW 03", "siswa SMP". */
  @Column({ type: 'varchar', length: 300, nullable: true })
  audience: string | null;

  @Column({ type: 'integer' })
  femaleChildren: number;

  @Column({ type: 'integer' })
  maleChildren: number;

  @Column({ type: 'integer' })
  femaleAdults: number;

  @Column({ type: 'integer' })
  maleAdults: number;

  /** Leaflets printed or sent, estimated listeners or readers; null when not counted. */
  @Column({ type: 'integer', nullable: true })
  reach: number | null;

  @ManyToMany(() => Institution)
  @JoinTable({
    name: 'prevention_activity_partners',
    joinColumn: { name: 'activityId', referencedColumnName: 'id' },
    inverseJoinColumn: { name: 'institutionId', referencedColumnName: 'id' },
  })
  partners?: Institution[];

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
