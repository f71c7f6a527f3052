import { DataSource } from 'typeorm';
import { Clock } from '../platform/common/clock';
import { countLiveKeys, liveKeyIds } from '../platform/crypto/data-key-reads';
import { DataKeyService } from '../platform/crypto/data-key.service';
import { FieldCryptoService } from '../platform/crypto/field-crypto.service';
import { TransactionService } from '../platform/database/transaction.service';
import { CaseChainKey } from './case-chain-key';
import { CaseEventService } from './case-event.service';
import { Case } from './case.entity';
import { Victim } from './victim.entity';

export const PURGED_EVENT = 'case.purged';

export interface PurgeResult {
  /** Closed cases whose retention period has ended and whose data key was (or would be) destroyed. */
  cases: { id: string; number: string; closedAt: Date }[];
  /** Victims whose own data key was (or would be) destroyed: none of their cases is still retained. */
  victims: number;
  dryRun: boolean;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Retention: the personal data of a case closed more than `retentionDays` before `now` is erased by
 * crypto-shredding — the case's data key is destroyed (every encrypted value of the case, its tracks,
 * files and event details becomes unreadable), and the victim's key too when none of the victim's
 * other cases is still retained (the victim's blind indexes are cleared with it). The clear,
 * non-identifying fields (sex, age, district, violence types, stages, dates) stay for statistics.
 * Each purged case gets one `case.purged` event (no personal data), so its history still verifies.
 * One transaction per case: safe to interrupt and run again.
 */
export async function purgeExpiredCases(
  ds: DataSource,
  /** Null only for a dry run (which reads no key). */
  dataKeys: DataKeyService | null,
  options: {
    retentionDays: number;
    now: Date;
    dryRun?: boolean;
    /** The application's TransactionService when run inside it (sqlite: one queue per connection). */
    tx?: TransactionService;
  },
): Promise<PurgeResult> {
  const cutoff = new Date(options.now.getTime() - options.retentionDays * DAY_MS);
  const closed = await ds.manager.find(Case, {
    where: { stage: 'closed' as Case['stage'] },
    select: { id: true, number: true, closedAt: true, dataKeyId: true, victimId: true },
  });
  const expired = closed.filter((c) => c.closedAt && c.closedAt.getTime() <= cutoff.getTime());
  const liveKeys = await liveKeyIds(
    ds.manager,
    expired.map((c) => c.dataKeyId),
  );
  const due = expired.filter((c) => liveKeys.has(c.dataKeyId));
  const dueIds = new Set(due.map((c) => c.id));

  // A victim's key goes when every case of the victim is purged (now or before).
  const victimIds = [...new Set(due.map((c) => c.victimId))];
  const victimsToShred = new Set<string>();
  for (const victimId of victimIds) {
    const cases = await ds.manager.find(Case, { where: { victimId }, select: { id: true, dataKeyId: true } });
    const retained = cases.filter((c) => !dueIds.has(c.id));
    const retainedLive = retained.length
      ? await countLiveKeys(
          ds.manager,
          retained.map((c) => c.dataKeyId),
        )
      : 0;
    if (retainedLive === 0) victimsToShred.add(victimId);
  }
  const result: PurgeResult = {
    cases: due.map((c) => ({ id: c.id, number: c.number, closedAt: c.closedAt as Date })),
    victims: victimsToShred.size,
    dryRun: options.dryRun === true,
  };
  if (options.dryRun) return result;
  if (!dataKeys) throw new Error('purgeExpiredCases: a purge needs the data keys');

  const tx = options.tx ?? new TransactionService(ds);
  const chainKey = await CaseChainKey.load(ds, dataKeys);
  if (!chainKey) throw new Error('The history chain key does not exist: start the application once first');
  const events = new CaseEventService(
    tx,
    new FieldCryptoService(dataKeys),
    fixedClock(options.now),
    CaseChainKey.of(chainKey),
  );
  const shredded = new Set<string>();
  for (const c of due) {
    await tx.run(async (m) => {
      await events.append(c.id, null, {
        type: PURGED_EVENT,
        summaryArgs: { days: options.retentionDays },
      });
      await dataKeys.destroy(c.dataKeyId, m);
      if (victimsToShred.has(c.victimId) && !shredded.has(c.victimId)) {
        const victim = await m.findOne(Victim, {
          where: { id: c.victimId },
          select: { id: true, dataKeyId: true },
        });
        if (victim) {
          await dataKeys.destroy(victim.dataKeyId, m);
          await m.update(Victim, { id: victim.id }, { nikIndex: null, nameYearIndex: null });
        }
        shredded.add(c.victimId);
      }
    });
  }
  return result;
}

function fixedClock(now: Date): Clock {
  const clock = new Clock();
  clock.now = () => new Date(now.getTime());
  return clock;
}
