import { EntityManager, FindOptionsSelect, FindOptionsWhere, In } from 'typeorm';
import { Institution } from './institution.entity';

/*
 * The institutions module's read interface for the other features: partner institutions by id, their
 * names, the active ones for a form's choices. Each read runs inside the caller's transaction (its
 * EntityManager) and takes id lists, answering with one statement whatever the number of ids.
 * Writes to `institutions` are InstitutionsService's.
 */

/** A partner institution as the other features read it (never write it). */
export type InstitutionRecord = Institution;

const uniqueIds = (ids: readonly (string | null | undefined)[]): string[] => [
  ...new Set(ids.filter((id): id is string => !!id)),
];

/** Institution names by id (one query; none for no id). */
export async function institutionNames(
  m: EntityManager,
  ids: readonly (string | null | undefined)[],
): Promise<Map<string, string>> {
  const unique = uniqueIds(ids);
  if (!unique.length) return new Map();
  const rows = await m.find(Institution, { where: { id: In(unique) }, select: { id: true, name: true } });
  return new Map(rows.map((i) => [i.id, i.name]));
}

/** Institutions by id, whole rows (one query; none for no id). */
export async function institutionsById(
  m: EntityManager,
  ids: readonly (string | null | undefined)[],
): Promise<Map<string, InstitutionRecord>> {
  const unique = uniqueIds(ids);
  if (!unique.length) return new Map();
  const rows = await m.find(Institution, { where: { id: In(unique) } });
  return new Map(rows.map((i) => [i.id, i]));
}

/** One institution by id (optionally some columns), or null. */
export function findInstitution(
  m: EntityManager,
  id: string,
  select?: FindOptionsSelect<Institution>,
): Promise<InstitutionRecord | null> {
  return m.findOne(Institution, { where: { id }, select });
}

/**
 * How many of the ids are institutions (one query; `activeOnly`: active ones): the caller compares
 * with the number of distinct ids it asked about.
 */
export function countInstitutions(
  m: EntityManager,
  ids: readonly string[],
  activeOnly = false,
): Promise<number> {
  const where: FindOptionsWhere<Institution> = { id: In([...new Set(ids)]) };
  if (activeOnly) where.isActive = true;
  return m.count(Institution, { where });
}

/** The active institutions by name (optionally some columns): the choices of a form. */
export function activeInstitutions(
  m: EntityManager,
  select?: FindOptionsSelect<Institution>,
): Promise<InstitutionRecord[]> {
  return m.find(Institution, { where: { isActive: true }, select, order: { name: 'ASC' } });
}

/** Every institution (optionally some columns), in no particular order. */
export function allInstitutions(
  m: EntityManager,
  select?: FindOptionsSelect<Institution>,
): Promise<InstitutionRecord[]> {
  return m.find(Institution, { select });
}
