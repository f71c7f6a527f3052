import { EntityManager, In, IsNull } from 'typeorm';
import { DataKey } from './data-key.entity';

/*
 * The key table for the modules that ask about keys (retention, the history chain key), each read
 * one statement inside the caller's transaction. Keys are made and destroyed by DataKeyService only.
 */

/** Which of the keys are live (not destroyed): one query. */
export async function liveKeyIds(m: EntityManager, ids: readonly string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await m.find(DataKey, {
    where: { id: In([...ids]), destroyedAt: IsNull() },
    select: { id: true },
  });
  return new Set(rows.map((k) => k.id));
}

/** How many of the keys are live (not destroyed): one query. */
export function countLiveKeys(m: EntityManager, ids: readonly string[]): Promise<number> {
  return m.count(DataKey, { where: { id: In([...ids]), destroyedAt: IsNull() } });
}

/** The id of the earliest key of a scope (first made, then lowest id), or null: one query. */
export function earliestKeyOfScope(m: EntityManager, scope: string): Promise<Pick<DataKey, 'id'> | null> {
  return m.getRepository(DataKey).findOne({
    select: { id: true },
    where: { scope },
    order: { createdAt: 'ASC', id: 'ASC' },
  });
}
