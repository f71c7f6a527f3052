import { Column, Entity, PrimaryColumn } from 'typeorm';

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

  /** Optimistic locking: bumped only by edits (not by history appends or login bookkeeping). */
  @Column({ type: 'integer' })
  version: number;
}
