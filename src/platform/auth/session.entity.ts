import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Account } from './user-directory';

/**
 * An opaque server-side session. The client holds a random token; only its SHA-256 is stored, so a
 * copy of the database does not give anyone a live session.
 */
@Entity('sessions')
export class Session {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('UQ_sessions_token_hash', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;

  @Index('IDX_sessions_user')
  @Column({ type: 'varchar' })
  userId: string;

  /**
   * The account (the users module's `User` entity, named rather than imported: auth imports no
   * feature), joined by `SessionService.resolve` so that a request costs one query.
   */
  @ManyToOne('User', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId' })
  user?: Account;

  @Column({ type: Date })
  createdAt: Date;

  @Column({ type: Date })
  lastSeenAt: Date;

  /** Absolute end: createdAt + SESSION_MAX_HOURS. */
  @Column({ type: Date })
  expiresAt: Date;

  @Column({ type: Date, nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  revokedReason: string | null;
}
