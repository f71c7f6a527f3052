import { EntityManager, FindOptionsSelect, In } from 'typeorm';
import { Role } from '../platform/auth/permissions';
import { roleLike } from '../platform/database/query-helpers';
import { User } from './user.entity';

/*
 * The users module's read interface for the other features: who holds an account, a role, a name.
 * Each read runs inside the caller's transaction (its EntityManager) and takes id lists, answering
 * with one statement whatever the number of ids. Writes to `users` are UsersService's.
 */

/** An account as the other features read it (never write it). */
export type UserRecord = User;

const uniqueIds = (ids: readonly (string | null | undefined)[]): string[] => [
  ...new Set(ids.filter((id): id is string => !!id)),
];

/** Staff display names by id (one query; none for no id). */
export async function userNames(
  m: EntityManager,
  ids: readonly (string | null | undefined)[],
): Promise<Map<string, string>> {
  const unique = uniqueIds(ids);
  if (!unique.length) return new Map();
  const users = await m.find(User, { where: { id: In(unique) }, select: { id: true, displayName: true } });
  return new Map(users.map((u) => [u.id, u.displayName]));
}

/** Login names by id (one query; none for no id). */
export async function usernames(
  m: EntityManager,
  ids: readonly (string | null | undefined)[],
): Promise<Map<string, string>> {
  const unique = uniqueIds(ids);
  if (!unique.length) return new Map();
  const users = await m.find(User, { where: { id: In(unique) }, select: { id: true, username: true } });
  return new Map(users.map((u) => [u.id, u.username]));
}

/** One account by id, or null. */
export function findUser(m: EntityManager, id: string): Promise<UserRecord | null> {
  return m.findOne(User, { where: { id } });
}

/** How many of the ids are active accounts (one query): the caller compares with its count. */
export function countActiveUsers(m: EntityManager, ids: readonly string[]): Promise<number> {
  return m.count(User, { where: { id: In([...ids]), isActive: true } });
}

/** The active accounts (id, name, roles) by name: choices of a form that names staff. */
export function activeUsers(
  m: EntityManager,
  select: FindOptionsSelect<User> = { id: true, displayName: true, roles: true },
): Promise<UserRecord[]> {
  return m.find(User, { where: { isActive: true }, select, order: { displayName: 'ASC' } });
}

/** Active users holding a role (e.g. every coordinator), by id (one query). */
export async function usersWithRole(m: EntityManager, role: Role): Promise<string[]> {
  const rows = await m
    .createQueryBuilder(User, 'u')
    .select('u.id', 'id')
    .where(roleLike('u', 'roles', 'role'), { role: `%,${role},%` })
    .andWhere('u.isActive = :active', { active: true })
    .getRawMany<{ id: string }>();
  return rows.map((r) => r.id);
}

/** Active team members of the institutions who handle the service role, by id (one query). */
export async function membersHandling(
  m: EntityManager,
  institutionIds: readonly string[],
  serviceRole: string,
): Promise<string[]> {
  if (!institutionIds.length) return [];
  const rows = await m
    .createQueryBuilder(User, 'u')
    .select('u.id', 'id')
    .where({ institutionId: In([...institutionIds]), isActive: true })
    .andWhere(roleLike('u', 'roles', 'role'), { role: `%,${Role.TeamMember},%` })
    .andWhere(roleLike('u', 'serviceRoles', 'serviceRole'), { serviceRole: `%,${serviceRole},%` })
    .getRawMany<{ id: string }>();
  return rows.map((r) => r.id);
}
