import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { CaseEvent } from './case-event.entity';

/**
 * The case history's chain, in one place: how an event's hash and a case head's seal are computed,
 * and how a stored history is verified.
 *
 * - hashVersion 1 (events stored before the keyed chain): SHA-256 over the event's content and the
 *   previous hash. Anyone can recompute it, so a history made only of these is protected by its seal.
 * - hashVersion 2 (every event appended since): HMAC-SHA256 under the chain key over the same content,
 *   tagged with the version. Without the key nobody can make a hash that verifies.
 * - The head seal: HMAC-SHA256 under the chain key over (case id, event count, head hash), kept on the
 *   case row. Setting the head back (hiding the last events) or forward, or cutting the history short,
 *   breaks it.
 * The chain key is not the master key (see CaseChainKey). Never reorder the content: it is the chain's
 * definition, and printed verification codes depend on it.
 */

export const GENESIS_HASH = '0'.repeat(64);
export const LEGACY_HASH_VERSION = 1;
export const KEYED_HASH_VERSION = 2;

export type ChainEvent = Omit<CaseEvent, 'id' | 'hash'>;

/** What went wrong with a history (null when it verifies). */
export type ChainProblem =
  /** a sequence number is missing or out of order */
  | 'sequence'
  /** an event does not name the previous event's hash */
  | 'link'
  /** an event's stored hash is not the hash of its content */
  | 'hash'
  /** an unknown hash version, or a legacy event after a keyed one */
  | 'version'
  /** the case row's event count is not the number of events stored */
  | 'count'
  /** the case row's head is not the last event's hash */
  | 'head'
  /** the head's seal does not match the case row's count and head */
  | 'seal'
  /** the head carries no seal */
  | 'unsealed';

export interface ChainVerification {
  ok: boolean;
  /** Events found (recomputed from the stored events, not taken from the case row). */
  eventCount: number;
  /** The verified head (the last event's hash); null when the history does not verify. */
  headHash: string | null;
  /** The first event where the history breaks (count + 1 when what follows the events is wrong). */
  brokenAtSeq: number | null;
  problem: ChainProblem | null;
}

/** The anchors a history is checked against: the case row. */
export interface ChainAnchors {
  id: string;
  eventCount: number;
  headHash: string;
  headSeal: string | null;
}

function content(e: ChainEvent): unknown[] {
  const args = Object.keys(e.summaryArgs ?? {})
    .sort()
    .map((k) => [k, e.summaryArgs[k]]);
  return [
    e.caseId,
    e.seq,
    e.type,
    e.at.toISOString(),
    e.actorId,
    e.actorName,
    e.actorRoles,
    e.actorInstitutionId,
    e.summaryKey,
    args,
    e.details,
    e.prevHash,
  ];
}

/** The hash of an event by its version (null for an unknown version). */
export function eventHash(e: ChainEvent, chainKey: Buffer): string | null {
  if (e.hashVersion === LEGACY_HASH_VERSION)
    return createHash('sha256')
      .update(JSON.stringify(content(e)))
      .digest('hex');
  if (e.hashVersion === KEYED_HASH_VERSION)
    return createHmac('sha256', chainKey)
      .update(JSON.stringify(['lentera/case-event/v2', ...content(e)]))
      .digest('hex');
  return null;
}

/** The seal of a case's head. */
export function headSeal(chainKey: Buffer, caseId: string, eventCount: number, headHash: string): string {
  return createHmac('sha256', chainKey)
    .update(JSON.stringify(['lentera/case-head/v2', caseId, eventCount, headHash]))
    .digest('hex');
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Recomputes a history from ALL its stored events (in sequence order) and compares it with every
 * anchor: sequence numbers 1..n without gaps (so the highest present is n), each event's link and
 * hash, versions never going back to the legacy one, the case row's event count and head, and the
 * head's seal (`checkSeal: false` only while sealing the histories that predate the seal).
 */
export function verifyChain(
  events: CaseEvent[],
  anchors: ChainAnchors,
  chainKey: Buffer,
  options: { checkSeal?: boolean } = {},
): ChainVerification {
  const broken = (seq: number, problem: ChainProblem): ChainVerification => ({
    ok: false,
    eventCount: events.length,
    headHash: null,
    brokenAtSeq: seq,
    problem,
  });
  let prev = GENESIS_HASH;
  let version = LEGACY_HASH_VERSION;
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    if (e.seq !== i + 1) return broken(i + 1, 'sequence');
    if (e.hashVersion < version || eventHash(e, chainKey) === null) return broken(e.seq, 'version');
    version = e.hashVersion;
    if (e.prevHash !== prev) return broken(e.seq, 'link');
    const { id: _id, hash, ...rest } = e;
    if (!sameHex(eventHash(rest, chainKey)!, hash)) return broken(e.seq, 'hash');
    prev = hash;
  }
  const n = events.length;
  const after = Math.min(n, anchors.eventCount) + 1;
  if (anchors.eventCount !== n) return broken(after, 'count');
  if (anchors.headHash !== prev) return broken(after, 'head');
  if (options.checkSeal !== false) {
    if (!anchors.headSeal) return broken(after, 'unsealed');
    if (!sameHex(headSeal(chainKey, anchors.id, n, prev), anchors.headSeal)) return broken(after, 'seal');
  }
  return { ok: true, eventCount: n, headHash: prev, brokenAtSeq: null, problem: null };
}

/** A short code for the footer of a printed chronology: the head hash's first 12 hex digits, grouped. */
export function verificationCode(headHash: string): string {
  return headHash
    .slice(0, 12)
    .toUpperCase()
    .replace(/(.{4})(?=.)/g, '$1-');
}
