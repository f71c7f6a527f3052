import { normalizeName } from '../platform/crypto/blind-index.service';
import type { AppointmentRole, DecreeKind, DecreeStatus } from './reference-data';

/*
 * A body's history is the chain of its decrees: each decree after the first replaces (or amends, or
 * revokes) exactly one earlier decree of the same body. Statuses are derived here, never stored:
 *   - pending:  its effective date is still ahead;
 *   - replaced: a decree replacing or amending it is in effect;
 *   - revoked:  a revocation of it is in effect;
 *   - in_force: otherwise.
 * The body's composition is the decree in force that is not itself a revocation.
 */

export interface DecreeLink {
  id: string;
  kind: DecreeKind;
  decreeDate: string;
  effectiveDate: string;
  replacesDecreeId: string | null;
}

export function decreeStatuses<T extends DecreeLink>(
  decrees: readonly T[],
  today: string,
): Map<string, DecreeStatus> {
  const successor = new Map<string, T>();
  for (const d of decrees) if (d.replacesDecreeId) successor.set(d.replacesDecreeId, d);
  const result = new Map<string, DecreeStatus>();
  for (const d of decrees) {
    if (d.effectiveDate > today) {
      result.set(d.id, 'pending');
      continue;
    }
    const next = successor.get(d.id);
    if (next && next.effectiveDate <= today)
      result.set(d.id, next.kind === 'revocation' ? 'revoked' : 'replaced');
    else result.set(d.id, 'in_force');
  }
  return result;
}

/** The decree that sets the body's composition today (in force, not a revocation), if any. */
export function decreeInForce<T extends DecreeLink>(decrees: readonly T[], today: string): T | null {
  const statuses = decreeStatuses(decrees, today);
  const inForce = decrees
    .filter((d) => statuses.get(d.id) === 'in_force' && d.kind !== 'revocation')
    .sort(
      (a, b) => b.effectiveDate.localeCompare(a.effectiveDate) || b.decreeDate.localeCompare(a.decreeDate),
    );
  return inForce[0] ?? null;
}

/**
 * The decrees in chain order: each chain from its first decree along its replacements, chains ordered
 * by the effective date of their first decree (a body re-formed after a revocation has two chains).
 */
export function chainOrder<T extends DecreeLink>(decrees: readonly T[]): T[] {
  const ids = new Set(decrees.map((d) => d.id));
  const successor = new Map<string, T>();
  for (const d of decrees) if (d.replacesDecreeId) successor.set(d.replacesDecreeId, d);
  const roots = decrees
    .filter((d) => !d.replacesDecreeId || !ids.has(d.replacesDecreeId))
    .sort(
      (a, b) => a.effectiveDate.localeCompare(b.effectiveDate) || a.decreeDate.localeCompare(b.decreeDate),
    );
  const ordered: T[] = [];
  const seen = new Set<string>();
  for (const root of roots) {
    for (let d: T | undefined = root; d && !seen.has(d.id); d = successor.get(d.id)) {
      seen.add(d.id);
      ordered.push(d);
    }
  }
  return ordered;
}

export interface Appointee {
  fullName: string | null;
  userId: string | null;
  institutionId: string | null;
  role: AppointmentRole;
}

/** Who is the same person across two decrees: the linked account, else the normalized name. */
export function personKey(a: Appointee): string {
  if (a.userId) return `u:${a.userId}`;
  return `n:${normalizeName(a.fullName ?? '')}`;
}

export interface CompositionChange<A extends Appointee> {
  joined: A[];
  left: A[];
  /** Same person, another role. */
  roleChanged: { before: A; after: A }[];
  institutionsJoined: string[];
  institutionsLeft: string[];
}

/**
 * Who joined and who left from `before` (the replaced decree's appointees, or none) to `after`.
 * People are matched by account, else by name; a person linked to an account in only one of the two
 * decrees is matched by name.
 */
export function compositionChange<A extends Appointee>(
  before: readonly A[],
  after: readonly A[],
): CompositionChange<A> {
  const nameKey = (a: A) => `n:${normalizeName(a.fullName ?? '')}`;
  const match = (a: A, pool: readonly A[]) =>
    pool.find((b) => (a.userId && b.userId ? a.userId === b.userId : nameKey(a) === nameKey(b)));
  const joined: A[] = [];
  const roleChanged: { before: A; after: A }[] = [];
  for (const a of after) {
    const previous = match(a, before);
    if (!previous) joined.push(a);
    else if (previous.role !== a.role) roleChanged.push({ before: previous, after: a });
  }
  const left = before.filter((b) => !match(b, after));
  const institutionsOf = (list: readonly A[]) =>
    new Set(list.map((a) => a.institutionId).filter((id): id is string => !!id));
  const beforeInst = institutionsOf(before);
  const afterInst = institutionsOf(after);
  return {
    joined,
    left,
    roleChanged,
    institutionsJoined: [...afterInst].filter((id) => !beforeInst.has(id)),
    institutionsLeft: [...beforeInst].filter((id) => !afterInst.has(id)),
  };
}
