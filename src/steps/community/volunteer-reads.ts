import { EntityManager, FindOptionsSelect, In } from 'typeorm';
import { CommunityVolunteer } from './community.entities';

/*
 * The community module's volunteer registry as the other features read it (the programme's groups
 * and trainings): one statement each, inside the caller's transaction. Volunteers are registered and
 * changed by CommunityService.
 */

/** A volunteer as the other features read it (never write it). */
export type VolunteerRecord = CommunityVolunteer;

/**
 * The volunteers with these ids (some columns; `byName`: ordered by name), one query; fewer rows
 * when some are unknown.
 */
export async function volunteersWithIds(
  m: EntityManager,
  ids: readonly string[],
  select: FindOptionsSelect<CommunityVolunteer>,
  byName = false,
): Promise<VolunteerRecord[]> {
  const unique = [...new Set(ids)];
  if (!unique.length) return [];
  return m.find(CommunityVolunteer, {
    select,
    where: { id: In(unique) },
    ...(byName ? { order: { name: 'ASC' as const } } : {}),
  });
}

/** The active volunteers (some columns), by name: one query. */
export function activeVolunteers(
  m: EntityManager,
  select: FindOptionsSelect<CommunityVolunteer>,
): Promise<VolunteerRecord[]> {
  return m.find(CommunityVolunteer, { select, where: { isActive: true }, order: { name: 'ASC' } });
}
