import { Inject, Injectable, Optional } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource, EntityManager, FindOptionsWhere, In, IsNull, MoreThan, Not } from 'typeorm';
import { Clock } from '../common/clock';
import { KEY_LENGTH, openString, sealToString } from './aes-gcm';
import { DataKey } from './data-key.entity';
import { KEY_RING, KeyRing } from './key-ring';

export class DataKeyNotFoundError extends Error {
  constructor(id: string) {
    super(`Data key ${id} does not exist`);
    this.name = 'DataKeyNotFoundError';
  }
}

export class DataKeyDestroyedError extends Error {
  constructor(id: string) {
    super(`Data key ${id} was destroyed: values under it can no longer be read or written`);
    this.name = 'DataKeyDestroyedError';
  }
}

export interface RewrapResult {
  /** Keys moved from a previous master key to the current one. */
  rewrapped: number;
  /** Keys that were already wrapped by the current master key. */
  alreadyCurrent: number;
  /** Destroyed keys (nothing left to re-wrap). */
  destroyed: number;
}

interface Waiter {
  resolve(key: Buffer | null): void;
  reject(error: unknown): void;
}

const CACHE_LIMIT = 20_000;
/** Ids per `WHERE id IN (...)` (sqlite accepts 999 parameters). */
const QUERY_CHUNK = 500;
const SCOPE_PATTERN = /^[a-z_]{1,20}$/;
/** Default for DATA_KEY_RECHECK_MS: how stale the key cache may be about keys destroyed elsewhere. */
export const DEFAULT_RECHECK_MS = 1000;
/** Injection token for the recheck interval (milliseconds); optional, DEFAULT_RECHECK_MS without it. */
export const DATA_KEY_RECHECK_MS = Symbol('DATA_KEY_RECHECK_MS');

/**
 * Per-record data keys: creation (wrapped by the current master key), loading (batched: every
 * `getKey` issued in the same tick becomes one `WHERE id IN (...)` query per entity manager, and
 * unwrapped keys are cached, LRU, 20k entries), destruction (crypto-shredding) and re-wrapping after
 * a master-key rotation. Usable without Nest: `new DataKeyService(dataSource, keyRing)`.
 *
 * Keys may be destroyed by another process (`npm run purge`, another application instance on the
 * same PostgreSQL database). So the cache is trusted for at most `recheckMs` (DATA_KEY_RECHECK_MS,
 * default 1 s; 0 = before every use): after that, the next use asks the database for its destruction
 * mark (count and latest `destroyedAt` of destroyed keys, one indexed query) and, if it moved, marks
 * the cached keys now destroyed as gone. A key destroyed anywhere is unusable here within `recheckMs`.
 */
@Injectable()
export class DataKeyService {
  private readonly cache = new Map<string, Buffer | null>();
  private readonly batches = new Map<EntityManager, Map<string, Waiter[]>>();
  private readonly clock: Clock;
  private readonly recheckMs: number;
  /** The destruction mark last read from the database (undefined: never read). */
  private mark: string | undefined;
  /** When the mark was last read (performance.now()); the cache starts fresh, so: at construction. */
  private checkedAt = performance.now();
  private checking: Promise<void> | null = null;
  /** Bumped whenever the cache is dropped, so a load that started before cannot put back a stale key. */
  private generation = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(KEY_RING) private readonly keyRing: KeyRing,
    @Optional() clock?: Clock,
    @Optional() @Inject(DATA_KEY_RECHECK_MS) recheckMs?: number,
  ) {
    this.clock = clock ?? new Clock();
    this.recheckMs = recheckMs ?? DEFAULT_RECHECK_MS;
  }

  /**
   * Creates a key for `scope` ('case', 'person', …): random, or `material` (32 bytes) when the caller
   * derives it (the history's chain key). Pass the transaction's manager if any.
   */
  async create(scope: string, manager?: EntityManager, material?: Buffer): Promise<DataKey> {
    if (!SCOPE_PATTERN.test(scope)) throw new Error(`Invalid data key scope '${scope}'`);
    if (material && material.length !== KEY_LENGTH) throw new Error(`A data key is ${KEY_LENGTH} bytes`);
    const id = randomUUID();
    const key = material ? Buffer.from(material) : randomBytes(KEY_LENGTH);
    const master = this.keyRing.current;
    const row = Object.assign(new DataKey(), {
      id,
      scope,
      wrappedKey: sealToString(master.key, key, id),
      masterKeyId: master.id,
      createdAt: this.clock.now(),
      destroyedAt: null,
      version: 1,
    });
    // One INSERT: every column is set here, so nothing is read back (a repository insert would
    // select the version column it has just written).
    await (manager ?? this.dataSource.manager)
      .createQueryBuilder()
      .insert()
      .into(DataKey)
      .values(row)
      .updateEntity(false)
      .execute();
    this.remember(id, key);
    return row;
  }

  /**
   * The unwrapped 32-byte key, or null once destroyed. Throws DataKeyNotFoundError for an unknown id.
   * Inside a transaction pass its manager, so keys created in that transaction are visible.
   */
  getKey(id: string, manager?: EntityManager): Promise<Buffer | null> {
    if (this.cache.size > 0 && performance.now() - this.checkedAt >= this.recheckMs) {
      return this.recheck(manager).then(() => this.lookup(id, manager));
    }
    return this.lookup(id, manager);
  }

  /**
   * Reads the destruction mark now and drops the cache if a key was destroyed since the last read
   * (by this process or another). getKey does this on its own every `recheckMs`.
   */
  recheck(manager?: EntityManager): Promise<void> {
    if (!this.checking) {
      const target = manager ?? this.dataSource.manager;
      this.checking = (async () => {
        const mark = await this.readMark(target);
        if (mark !== this.mark) {
          this.generation++;
          await this.forgetDestroyed(target);
          this.mark = mark;
        }
        this.checkedAt = performance.now();
      })().finally(() => {
        this.checking = null;
      });
    }
    return this.checking;
  }

  /** Drops the cached keys that the database now marks destroyed (chunked `WHERE id IN`). */
  private async forgetDestroyed(manager: EntityManager): Promise<void> {
    const ids = [...this.cache.entries()].filter(([, key]) => key !== null).map(([id]) => id);
    for (let i = 0; i < ids.length; i += QUERY_CHUNK) {
      const gone = await manager.find(DataKey, {
        select: { id: true },
        where: { id: In(ids.slice(i, i + QUERY_CHUNK)), destroyedAt: Not(IsNull()) },
      });
      for (const row of gone) this.cache.set(row.id, null);
    }
  }

  private async readMark(manager: EntityManager): Promise<string> {
    const row = await manager
      .createQueryBuilder(DataKey, 'k')
      .select('COUNT(*)', 'destroyed')
      .addSelect('MAX(k.destroyedAt)', 'latest')
      .where('k.destroyedAt IS NOT NULL')
      .getRawOne<{ destroyed: string | number; latest: string | Date | null }>();
    const latest = row?.latest instanceof Date ? row.latest.toISOString() : String(row?.latest ?? '');
    return `${Number(row?.destroyed ?? 0)}|${latest}`;
  }

  private lookup(id: string, manager?: EntityManager): Promise<Buffer | null> {
    const cached = this.cache.get(id);
    if (cached !== undefined) {
      this.remember(id, cached);
      return Promise.resolve(cached);
    }
    const target = manager ?? this.dataSource.manager;
    let batch = this.batches.get(target);
    if (!batch) {
      const fresh = new Map<string, Waiter[]>();
      this.batches.set(target, fresh);
      // As DataLoader does: let the pending promise jobs run (they may ask for more keys), then query.
      void Promise.resolve().then(() => process.nextTick(() => void this.flush(target, fresh)));
      batch = fresh;
    }
    const waiters = batch.get(id) ?? [];
    batch.set(id, waiters);
    return new Promise((resolve, reject) => waiters.push({ resolve, reject }));
  }

  /** Crypto-shredding: forgets the key for good; values sealed under it become unreadable. */
  async destroy(id: string, manager?: EntityManager): Promise<void> {
    const m = manager ?? this.dataSource.manager;
    const result = await m.update(
      DataKey,
      { id, destroyedAt: IsNull() },
      { wrappedKey: null, destroyedAt: this.clock.now() },
    );
    this.cache.delete(id);
    if (!result.affected && !(await m.existsBy(DataKey, { id }))) throw new DataKeyNotFoundError(id);
  }

  /**
   * Re-wraps every live key that is not under the current master key, using the ring's previous
   * keys; batches of `batchSize`, one transaction each (safe to interrupt and run again).
   */
  async rewrapAll(batchSize = 200): Promise<RewrapResult> {
    const current = this.keyRing.current;
    const repo = this.dataSource.getRepository(DataKey);
    const destroyed = await repo.countBy({ wrappedKey: IsNull() });
    const alreadyCurrent = await repo.countBy({ masterKeyId: current.id, wrappedKey: Not(IsNull()) });
    let rewrapped = 0;
    let after: string | undefined;
    for (;;) {
      const batch = await this.dataSource.transaction(async (manager) => {
        const where: FindOptionsWhere<DataKey> = { masterKeyId: Not(current.id), wrappedKey: Not(IsNull()) };
        if (after) where.id = MoreThan(after);
        const rows = await manager.find(DataKey, { where, order: { id: 'ASC' }, take: batchSize });
        for (const row of rows) {
          const key = this.unwrap(row) as Buffer;
          const result = await manager.update(
            DataKey,
            { id: row.id, version: row.version },
            { wrappedKey: sealToString(current.key, key, row.id), masterKeyId: current.id },
          );
          rewrapped += result.affected ?? 0;
        }
        return rows;
      });
      if (batch.length < batchSize) break;
      after = batch[batch.length - 1].id;
    }
    return { rewrapped, alreadyCurrent, destroyed };
  }

  private async flush(manager: EntityManager, batch: Map<string, Waiter[]>): Promise<void> {
    if (this.batches.get(manager) === batch) this.batches.delete(manager);
    const generation = this.generation;
    const ids = [...batch.keys()];
    try {
      for (let i = 0; i < ids.length; i += QUERY_CHUNK) {
        const rows = await manager.find(DataKey, {
          select: { id: true, wrappedKey: true, masterKeyId: true },
          where: { id: In(ids.slice(i, i + QUERY_CHUNK)) },
        });
        for (const row of rows) {
          const waiters = batch.get(row.id) ?? [];
          batch.delete(row.id);
          try {
            const key = this.unwrap(row);
            if (generation === this.generation) this.remember(row.id, key);
            waiters.forEach((w) => w.resolve(key));
          } catch (error) {
            waiters.forEach((w) => w.reject(error));
          }
        }
      }
      batch.forEach((waiters, id) => waiters.forEach((w) => w.reject(new DataKeyNotFoundError(id))));
    } catch (error) {
      batch.forEach((waiters) => waiters.forEach((w) => w.reject(error)));
    }
  }

  private unwrap(row: Pick<DataKey, 'id' | 'wrappedKey' | 'masterKeyId'>): Buffer | null {
    if (row.wrappedKey === null) return null;
    const master = row.masterKeyId ? this.keyRing.byId(row.masterKeyId) : undefined;
    if (!master) {
      throw new Error(
        `Data key ${row.id} is wrapped by master key ${row.masterKeyId}, which is not in the key ring: ` +
          'add that key to ENCRYPTION_PREVIOUS_KEYS (or DATA_DIR/encryption-previous.keys)',
      );
    }
    return openString(master.key, row.wrappedKey, row.id);
  }

  /** Caches an unwrapped key as the most recently used, evicting the least recently used beyond the limit. */
  private remember(id: string, key: Buffer | null): void {
    this.cache.delete(id);
    this.cache.set(id, key);
    if (this.cache.size > CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value as string);
  }
}
