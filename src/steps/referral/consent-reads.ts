import { EntityManager } from 'typeorm';
import { Consent } from './consent.entity';

/*
 * Consent as the other features read it (community monitoring relies on a consent): one statement
 * each, inside the caller's transaction. Consent is given, narrowed and withdrawn by ConsentService.
 */

/** A consent as the other features read it (never write it). */
export type ConsentRecord = Consent;

/** The active consents of a case (one query). */
export function activeConsentsOf(m: EntityManager, caseId: string): Promise<ConsentRecord[]> {
  return m.find(Consent, { where: { caseId, status: 'active' } });
}

/** One consent by id, or null. */
export function findConsent(m: EntityManager, id: string): Promise<ConsentRecord | null> {
  return m.findOne(Consent, { where: { id } });
}

/** One consent by id that must exist (a row of the caller's references it). */
export function getConsent(m: EntityManager, id: string): Promise<ConsentRecord> {
  return m.findOneOrFail(Consent, { where: { id } });
}
