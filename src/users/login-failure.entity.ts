import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Failed logins to one account from one source (an IPv4 address, or an IPv6 /64 network): the
 * per-source lock of the login lockout (users/login-lockout.service.ts). The account is named by a
 * keyed hash of the username as typed (never the text: people type passwords into the username
 * field), so unknown usernames are counted like known ones and nothing typed is stored in clear.
 */
@Entity('login_failures')
export class LoginFailure {
  /** HMAC (blind index key) of the normalised username. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  usernameHash: string;

  /** `203.0.113.5`, or `2001:db8:7:7::/64` for IPv6. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  source: string;

  /** Failures since the last success from this source or the end of its last lock. */
  @Column({ type: 'integer' })
  failures: number;

  @Column({ type: Date, nullable: true })
  lockedUntil: Date | null;

  @Index('IDX_login_failures_last')
  @Column({ type: Date })
  lastFailureAt: Date;
}
