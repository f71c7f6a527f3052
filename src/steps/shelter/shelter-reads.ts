import { EntityManager } from 'typeorm';
import { ShelterStay } from './shelter-stay.entity';

/*
 * Shelter as the other features ask about it, inside the caller's transaction. Stays are admitted and
 * ended by ShelterService.
 */

/**
 * Whether the case's victim is in a safe house now (an admitted stay): one query; none, and false,
 * in an application built without the shelter module (its entity not registered).
 */
export async function isInShelter(m: EntityManager, caseId: string): Promise<boolean> {
  if (!m.connection.hasMetadata(ShelterStay)) return false;
  return (await m.count(ShelterStay, { where: { caseId, status: 'admitted' } })) > 0;
}
