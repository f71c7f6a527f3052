import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One periodic task's turn (issue 17, item 3): when it may run next, and who ran it last. The instance
 * that moves `nextRunAt` forward with one atomic UPDATE runs the task; the others find it not due, so
 * a schedule runs once per interval however many instances share the database.
 */
@Entity('schedule_runs')
export class ScheduleRun {
  /** The task's name, e.g. `referrals.overdue`. */
  @PrimaryColumn({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: Date })
  nextRunAt: Date;

  @Column({ type: Date, nullable: true })
  lastStartedAt: Date | null;

  /** The instance that ran it last (a random id per process, no host name). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  lastInstance: string | null;

  @Column({ type: 'integer', default: 0 })
  runs: number;
}
