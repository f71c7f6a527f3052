import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One rate-limit bucket (issue 17, item 4): the requests a key (e.g. `login:login:203.0.113.5`) made in
 * its current window. Kept in the database so that every instance of the application counts in the
 * same bucket: two instances allow no more than one. Keys name an address or network, never a person.
 */
@Entity('rate_limit_counters')
export class RateLimitCounter {
  @PrimaryColumn({ type: 'varchar', length: 200 })
  key: string;

  /** Requests counted in the window that ends at `windowEndsAt`. */
  @Column({ type: 'integer' })
  hits: number;

  @Index('IDX_rate_limit_counters_window_end')
  @Column({ type: Date })
  windowEndsAt: Date;
}
