import { ThrottlerStorage } from '@nestjs/throttler';
import { Clock } from '../common/clock';
import { TransactionService } from '../database/transaction.service';
import { RateLimitCounter } from './rate-limit-counter.entity';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** How long a bucket whose window has ended is kept before a sweep removes it. */
const STALE_AFTER_MS = 60 * 60_000;
/** How often (at most) an instance sweeps the ended buckets, on a hit. */
const SWEEP_EVERY_MS = 5 * 60_000;

/**
 * The throttler's storage in the database (issue 17, item 4): a fixed window per key, counted by one
 * atomic UPDATE (never read, add and write in code), so concurrent requests on one instance and
 * requests spread over several instances behind a proxy all count in the same bucket. The window
 * opens with the key's first request and lasts `ttl`; a request over the limit is refused until the
 * window ends (the block lasts what is left of it). Time comes from the application's Clock.
 */
export class DatabaseThrottlerStorage implements ThrottlerStorage {
  private lastSweep = 0;

  constructor(
    private readonly tx: TransactionService,
    private readonly clock: Clock,
  ) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    _blockDuration: number,
    _throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const now = this.clock.now();
    const windowEndsAt = new Date(now.getTime() + ttl);
    return this.tx.run(async (m) => {
      await m
        .createQueryBuilder()
        .insert()
        .into(RateLimitCounter)
        .values({ key, hits: 0, windowEndsAt })
        .orIgnore()
        .execute();
      const ended = '("windowEndsAt" <= :now)';
      await m
        .createQueryBuilder()
        .update(RateLimitCounter)
        .set({
          hits: () => `(CASE WHEN ${ended} THEN 1 ELSE "hits" + 1 END)`,
          windowEndsAt: () => `(CASE WHEN ${ended} THEN :windowEndsAt ELSE "windowEndsAt" END)`,
        })
        .where('"key" = :key')
        .setParameters({ key, now, windowEndsAt })
        .execute();
      const row = await m.findOneOrFail(RateLimitCounter, { where: { key } });
      if (Math.abs(now.getTime() - this.lastSweep) >= SWEEP_EVERY_MS) {
        this.lastSweep = now.getTime();
        await m
          .createQueryBuilder()
          .delete()
          .from(RateLimitCounter)
          .where('"windowEndsAt" < :stale', { stale: new Date(now.getTime() - STALE_AFTER_MS) })
          .execute();
      }
      const secondsLeft = Math.max(0, Math.ceil((row.windowEndsAt.getTime() - now.getTime()) / 1000));
      const isBlocked = row.hits > limit;
      return {
        totalHits: row.hits,
        timeToExpire: secondsLeft,
        isBlocked,
        timeToBlockExpire: isBlocked ? secondsLeft : 0,
      };
    });
  }
}
