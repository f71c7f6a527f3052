import { EntityManager, In } from 'typeorm';
import { Institution } from '../institutions/institution.entity';
import { User } from '../users/user.entity';

/* Display names for the referral services' views, read inside their transaction. */

/** Staff display names by id (one query). */
export async function userNames(
  m: EntityManager,
  ids: (string | null | undefined)[],
): Promise<Map<string, string>> {
  const unique = [...new Set(ids.filter((id): id is string => !!id))];
  if (!unique.length) return new Map();
  const users = await m.find(User, { where: { id: In(unique) }, select: { id: true, displayName: true } });
  return new Map(users.map((u) => [u.id, u.displayName]));
}

/** Institution names by id (one query). */
export async function institutionNames(
  m: EntityManager,
  ids: (string | null | undefined)[],
): Promise<Map<string, string>> {
  const unique = [...new Set(ids.filter((id): id is string => !!id))];
  if (!unique.length) return new Map();
  const rows = await m.find(Institution, { where: { id: In(unique) }, select: { id: true, name: true } });
  return new Map(rows.map((i) => [i.id, i.name]));
}
