import { EntityManager } from 'typeorm';
import { AppException } from '../common/app.exception';
import { Setting } from './setting.entity';

/*
 * The settings table for the other modules: each keeps its own section (a key, a JSON value, a
 * version for optimistic locking) and reads and writes it here, inside its own transaction, without
 * touching the table itself.
 */

/** A section's value over its defaults, and its version (0 while never written). One query. */
export async function readSection<T extends object>(
  m: EntityManager,
  key: string,
  defaults: T,
): Promise<{ value: T; version: number }> {
  const row = await m.findOne(Setting, { where: { key } });
  return { value: { ...defaults, ...((row?.value as Partial<T>) ?? {}) }, version: row?.version ?? 0 };
}

/**
 * Writes a section's changes over its stored value (and defaults) when `version` is still current
 * (409 VERSION_CONFLICT otherwise): one read and one INSERT (first write) or one guarded UPDATE.
 */
export async function writeSection<T extends object>(
  m: EntityManager,
  key: string,
  defaults: T,
  changes: Partial<T>,
  version: number,
  userId: string,
  now: Date,
): Promise<{ value: T; version: number }> {
  const row = await m.findOne(Setting, { where: { key } });
  if ((row?.version ?? 0) !== version) throw AppException.versionConflict();
  const value: T = { ...defaults, ...((row?.value as Partial<T>) ?? {}), ...changes };
  if (!row) {
    await m.insert(Setting, {
      key,
      value: { ...value } as any,
      updatedAt: now,
      updatedById: userId,
      version: 1,
    });
    return { value, version: 1 };
  }
  const res = await m
    .createQueryBuilder()
    .update(Setting)
    .set({ value: { ...value } as any, updatedAt: now, updatedById: userId, version: version + 1 })
    .where('key = :key AND version = :version', { key, version })
    .execute();
  if (!res.affected) throw AppException.versionConflict();
  return { value, version: version + 1 };
}
