import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type AuditOutcome = 'allowed' | 'denied' | 'failed';

/**
 * One append-only row per request that reads or changes a resource, per denial and per login
 * attempt. It never holds personal data: ids, codes and route patterns only (never query strings).
 */
@Entity('audit_logs')
@Index('IDX_audit_logs_at', ['at'])
@Index('IDX_audit_logs_user_at', ['userId', 'at'])
@Index('IDX_audit_logs_resource', ['resourceType', 'resourceId'])
@Index('IDX_audit_logs_action_at', ['action', 'at'])
export class AuditLog {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Column({ type: Date })
  at: Date;

  @Column({ type: 'varchar', nullable: true })
  userId: string | null;

  /** Username at the time (staff account name, not a survivor's data). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  username: string | null;

  @Column({ type: 'varchar', length: 200 })
  roles: string;

  /** A permission (`users.manage`) or an event name (`auth.login`). */
  @Column({ type: 'varchar', length: 80 })
  action: string;

  @Column({ type: 'varchar', length: 40, nullable: true })
  resourceType: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  resourceId: string | null;

  @Column({ type: 'varchar', length: 10 })
  outcome: AuditOutcome;

  /** A stable machine code for denials and failures (e.g. FORBIDDEN, LOGIN_FAILED). */
  @Column({ type: 'varchar', length: 60, nullable: true })
  code: string | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  method: string | null;

  /** The route pattern (`/api/users/:id`), never the raw URL. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  route: string | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  requestId: string | null;

  @Column({ type: 'varchar', length: 45, nullable: true })
  ip: string | null;
}
