import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { EncryptedColumn, EncryptedEntity } from '../../platform/crypto/encrypted-column.decorator';
import { Institution } from '../../institutions/institution.entity';
import type { ActionPlanSource, RecordedItemStatus } from '../reference-data';
import { PugRegion } from './pug-region.entity';

/** An action plan: from a participatory gender study (KSGP) or a regional action plan (RANDA). */
@Entity('pug_action_plans')
@Index('IDX_pug_action_plans_region', ['regionId', 'year'])
export class PugActionPlan {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  regionId: string;

  @ManyToOne(() => PugRegion, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'regionId' })
  region?: PugRegion;

  @Column({ type: 'varchar', length: 10 })
  source: ActionPlanSource;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  /** The year of the study or plan (KSGP 2010). */
  @Column({ type: 'integer' })
  year: number;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  description: string | null;

  @Column({ type: Date })
  createdAt: Date;

  @Column({ type: Date })
  updatedAt: Date;

  @Column({ type: 'integer' })
  version: number;
}

/**
 * One item of an action plan. Its status and current deadline are not stored here: the monitoring
 * rounds set them (updates and agreements), and `late` follows from the deadline (action-item-status.ts).
 */
@Entity('pug_action_items')
@Index('IDX_pug_action_items_plan', ['planId', 'position'])
export class PugActionItem {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  planId: string;

  @ManyToOne(() => PugActionPlan, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'planId' })
  plan?: PugActionPlan;

  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'varchar', length: 1000 })
  description: string;

  @Index('IDX_pug_action_items_owner')
  @Column({ type: 'uuid' })
  ownerInstitutionId: string;

  @ManyToOne(() => Institution, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'ownerInstitutionId' })
  ownerInstitution?: Institution;

  /** YYYY-MM-DD: the deadline the plan set (agreements may move it). */
  @Column({ type: 'varchar', length: 10 })
  deadline: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  indicator: string | null;

  @Column({ type: Date })
  createdAt: Date;

  @Column({ type: Date })
  updatedAt: Date;

  @Column({ type: 'integer' })
  version: number;
}

/**
 * A monitoring round (monev) of an action plan: dates, facilitators (names: encrypted) and findings
 * (encrypted) under the round's own 'pug' data key; its updates set item statuses and its agreements
 * set new deadlines.
 */
@EncryptedEntity({ keyProperty: 'dataKeyId' })
@Entity('pug_monitoring_rounds')
@Index('IDX_pug_monitoring_rounds_plan', ['planId', 'startDate'])
export class PugMonitoringRound {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  planId: string;

  @ManyToOne(() => PugActionPlan, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'planId' })
  plan?: PugActionPlan;

  /** YYYY-MM-DD */
  @Column({ type: 'varchar', length: 10 })
  startDate: string;

  /** YYYY-MM-DD */
  @Column({ type: 'varchar', length: 10 })
  endDate: string;

  @Column({ type: 'varchar', length: 36 })
  dataKeyId: string;

  @EncryptedColumn({ json: true }) facilitators: string[] | null;
  @EncryptedColumn() findings: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @Column({ type: Date })
  createdAt: Date;
}

/** The status a monitoring round found for one item. */
@EncryptedEntity({ keyProperty: 'dataKeyId' })
@Entity('pug_monitoring_updates')
@Index('UQ_pug_monitoring_updates_round_item', ['roundId', 'itemId'], { unique: true })
export class PugMonitoringUpdate {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  roundId: string;

  @ManyToOne(() => PugMonitoringRound, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'roundId' })
  round?: PugMonitoringRound;

  @Index('IDX_pug_monitoring_updates_item')
  @Column({ type: 'uuid' })
  itemId: string;

  @ManyToOne(() => PugActionItem, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'itemId' })
  item?: PugActionItem;

  /** The round's data key. */
  @Column({ type: 'varchar', length: 36 })
  dataKeyId: string;

  @Column({ type: 'varchar', length: 12 })
  status: RecordedItemStatus;

  @EncryptedColumn() note: string | null;
}

/** An agreement reached at a monitoring round (kesepakatan), possibly with a new deadline for an item. */
@Entity('pug_agreements')
@Index('IDX_pug_agreements_round', ['roundId', 'position'])
export class PugAgreement {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  roundId: string;

  @ManyToOne(() => PugMonitoringRound, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'roundId' })
  round?: PugMonitoringRound;

  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'varchar', length: 1000 })
  description: string;

  /** The item whose deadline it moves, if any. */
  @Index('IDX_pug_agreements_item')
  @Column({ type: 'uuid', nullable: true })
  itemId: string | null;

  @ManyToOne(() => PugActionItem, { nullable: true, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'itemId' })
  item?: PugActionItem | null;

  /** YYYY-MM-DD */
  @Column({ type: 'varchar', length: 10, nullable: true })
  newDeadline: string | null;

  @Column({ type: 'uuid', nullable: true })
  ownerInstitutionId: string | null;

  @ManyToOne(() => Institution, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'ownerInstitutionId' })
  ownerInstitution?: Institution | null;
}
