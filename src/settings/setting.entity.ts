import { Column, Entity, PrimaryColumn, VersionColumn } from 'typeorm';

/** A named group of settings stored as JSON (e.g. `centre`: the service centre's identity). */
@Entity('settings')
export class Setting {
  @PrimaryColumn({ type: 'varchar', length: 60 })
  key: string;

  @Column({ type: 'simple-json' })
  value: Record<string, unknown>;

  @Column({ type: Date })
  updatedAt: Date;

  @Column({ type: 'varchar', nullable: true })
  updatedById: string | null;

  @VersionColumn()
  version: number;
}
