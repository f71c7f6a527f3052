import { createHash } from 'node:crypto';
import {
  ChainAnchors,
  eventHash,
  GENESIS_HASH,
  headSeal,
  KEYED_HASH_VERSION,
  LEGACY_HASH_VERSION,
  verificationCode,
  verifyChain,
} from './case-chain';
import { CaseEvent } from './case-event.entity';

const KEY = Buffer.alloc(32, 5);
const OTHER_KEY = Buffer.alloc(32, 6);
const CASE = 'c0ffee00-0000-4000-8000-000000000001';

/** A history of `versions.length` events, each hashed with its version, and its sealed anchors. */
function history(versions: number[], key = KEY): { events: CaseEvent[]; anchors: ChainAnchors } {
  const events: CaseEvent[] = [];
  let prev = GENESIS_HASH;
  versions.forEach((hashVersion, i) => {
    const e = {
      id: `e${i}`,
      caseId: CASE,
      seq: i + 1,
      type: 'test.event',
      at: new Date(Date.UTC(2026, 0, 1, 0, i)),
      actorId: null,
      actorName: 'Petugas',
      actorRoles: 'counselor',
      actorInstitutionId: null,
      summaryKey: 'events.test',
      summaryArgs: { n: i },
      details: null,
      prevHash: prev,
      hashVersion,
    } as unknown as CaseEvent;
    e.hash = eventHash(e, key)!;
    prev = e.hash;
    events.push(e);
  });
  return {
    events,
    anchors: {
      id: CASE,
      eventCount: events.length,
      headHash: prev,
      headSeal: headSeal(key, CASE, events.length, prev),
    },
  };
}

describe('the case history chain', () => {
  it('verifies a keyed history, a legacy one, and a legacy one continued keyed', () => {
    for (const versions of [[2, 2, 2], [1, 1], [1, 1, 2, 2], []]) {
      const { events, anchors } = history(versions);
      expect(verifyChain(events, anchors, KEY)).toEqual({
        ok: true,
        eventCount: versions.length,
        headHash: anchors.headHash,
        brokenAtSeq: null,
        problem: null,
      });
    }
  });

  it('keys version 2 with HMAC (not SHA-256, and not under another key); version 1 stays SHA-256', () => {
    const keyed = history([2]).events[0];
    expect(eventHash(keyed, OTHER_KEY)).not.toBe(keyed.hash);
    const legacy = history([1]).events[0];
    expect(eventHash(legacy, OTHER_KEY)).toBe(legacy.hash);
    const { id: _i, hash, ...content } = legacy;
    const args = [['n', 0]];
    expect(hash).toBe(
      createHash('sha256')
        .update(
          JSON.stringify([
            content.caseId,
            1,
            'test.event',
            content.at.toISOString(),
            null,
            'Petugas',
            'counselor',
            null,
            'events.test',
            args,
            null,
            GENESIS_HASH,
          ]),
        )
        .digest('hex'),
    );
  });

  it.each([
    ['an edited event', (h: ReturnType<typeof history>) => (h.events[1].summaryArgs = { n: 99 }), 2, 'hash'],
    ['a missing event', (h: ReturnType<typeof history>) => h.events.splice(1, 1), 2, 'sequence'],
    ['a broken link', (h: ReturnType<typeof history>) => (h.events[2].prevHash = GENESIS_HASH), 3, 'link'],
    [
      'a legacy event after a keyed one',
      (h: ReturnType<typeof history>) => (h.events[2].hashVersion = LEGACY_HASH_VERSION),
      3,
      'version',
    ],
    ['an unknown version', (h: ReturnType<typeof history>) => (h.events[0].hashVersion = 9), 1, 'version'],
    ['a count set back', (h: ReturnType<typeof history>) => (h.anchors.eventCount = 2), 3, 'count'],
    [
      'a head that is not the last event',
      (h: ReturnType<typeof history>) => (h.anchors.headHash = h.events[1].hash),
      4,
      'head',
    ],
    [
      'a seal of another head',
      (h: ReturnType<typeof history>) => (h.anchors.headSeal = headSeal(KEY, CASE, 2, h.events[1].hash)),
      4,
      'seal',
    ],
    ['no seal', (h: ReturnType<typeof history>) => (h.anchors.headSeal = null), 4, 'unsealed'],
  ])('refuses %s', (_what, tamper, brokenAtSeq, problem) => {
    const h = history([1, KEYED_HASH_VERSION, KEYED_HASH_VERSION]);
    tamper(h);
    expect(verifyChain(h.events, h.anchors, KEY)).toEqual(
      expect.objectContaining({ ok: false, headHash: null, brokenAtSeq, problem }),
    );
  });

  it('refuses a history cut short with its head set back (the seal of the shorter head is not known)', () => {
    const h = history([2, 2, 2]);
    const events = h.events.slice(0, 2);
    const anchors = { ...h.anchors, eventCount: 2, headHash: events[1].hash };
    expect(verifyChain(events, anchors, KEY).problem).toBe('seal');
    // while sealing the histories that predate the seal, the seal is not asked for
    expect(verifyChain(events, { ...anchors, headSeal: null }, KEY, { checkSeal: false }).ok).toBe(true);
  });

  it('makes the verification code from the head', () => {
    expect(verificationCode('abcdef0123456789')).toBe('ABCD-EF01-2345');
  });
});
