import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A possible earlier record of a victim, offered by the duplicate check to the front desk as a
 * short-lived, single-use token instead of the victim's id. The token is bound to the session that
 * asked and to the identifiers that were typed (a keyed hash of them); attaching a complaint with it
 * reveals nothing of the existing record. Only the token's SHA-256 is stored.
 */
@Entity('victim_match_tokens')
@Index('IDX_victim_match_tokens_expires', ['expiresAt'])
export class VictimMatchToken {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('UQ_victim_match_tokens_hash', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ type: 'varchar', length: 36 })
  sessionId: string;

  @Column({ type: 'varchar', length: 36 })
  userId: string;

  @Column({ type: 'uuid' })
  victimId: string;

  /** Keyed hash of the normalised identifiers the check was asked with (NIK, or name and birth year). */
  @Column({ type: 'varchar', length: 64 })
  identifiersHash: string;

  /** 'nik' or 'name_birth_year'. */
  @Column({ type: 'varchar', length: 20 })
  matchedBy: string;

  @Column({ type: Date })
  createdAt: Date;

  @Column({ type: Date })
  expiresAt: Date;

  @Column({ type: Date, nullable: true })
  usedAt: Date | null;
}
