import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { AuthContext } from '../common/request-context';
import { FieldCryptoService } from '../crypto/field-crypto.service';
import { TransactionService } from '../database/transaction.service';
import { CaseEvent } from './case-event.entity';
import { Case } from './case.entity';
import { CASE_EVENTS, CaseEventType, SummaryArgsOf, SummaryArgValue } from './event-catalogue';

export const GENESIS_HASH = '0'.repeat(64);

export type SummaryArgs = Record<string, SummaryArgValue>;

/**
 * An event to append. Its type is one of the catalogue's (event-catalogue.ts) and its summary
 * arguments are the ones that entry declares, as codes, dates and numbers — never words: the reader's
 * words are chosen when the history is read (EventSummaries).
 */
export interface NewCaseEvent<T extends CaseEventType = CaseEventType> {
  type: T;
  /** Defaults to `events.<type>`; one of the catalogue entry's `summaryKeys`. */
  summaryKey?: string;
  summaryArgs?: SummaryArgsOf<T>;
  /** Personal content and before/after values; encrypted with the case's data key. */
  details?: Record<string, unknown>;
}

export interface ChainVerification {
  ok: boolean;
  eventCount: number;
  headHash: string;
  /** The first event whose hash does not match, or where the chain breaks. */
  brokenAtSeq: number | null;
}

/** The hashed content of an event, in a fixed order (the chain's definition; never reorder). */
export function eventHash(e: Omit<CaseEvent, 'id' | 'hash'>): string {
  const args = Object.keys(e.summaryArgs ?? {})
    .sort()
    .map((k) => [k, e.summaryArgs[k]]);
  const content = JSON.stringify([
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
  ]);
  return createHash('sha256').update(content).digest('hex');
}

/** A short code for the footer of a printed chronology: the head hash's first 12 hex digits, grouped. */
export function verificationCode(headHash: string): string {
  return headHash
    .slice(0, 12)
    .toUpperCase()
    .replace(/(.{4})(?=.)/g, '$1-');
}

/**
 * The case history: append-only, hash-chained. Every action on a case appends exactly one event
 * through `append`, inside the action's transaction.
 */
@Injectable()
export class CaseEventService {
  constructor(
    private readonly tx: TransactionService,
    private readonly crypto: FieldCryptoService,
    private readonly clock: Clock,
  ) {}

  async append<T extends CaseEventType>(
    caseId: string,
    actor: AuthContext | null,
    event: NewCaseEvent<T>,
  ): Promise<CaseEvent> {
    const summaryKey = event.summaryKey ?? `events.${event.type}`;
    // The catalogue lists every summary an event type can show (and so every one the tests render).
    if (!(CASE_EVENTS[event.type].summaryKeys as readonly string[]).includes(summaryKey))
      throw new Error(`summary ${summaryKey} is not listed for ${event.type} in event-catalogue.ts`);
    return this.tx.run(async (m) => {
      // Taking the next number locks the case row (PostgreSQL) until the action commits: events of
      // one case are appended one at a time, so the chain never forks.
      await m
        .createQueryBuilder()
        .update(Case)
        .set({ eventCount: () => '"eventCount" + 1' })
        .where('id = :id', { id: caseId })
        .execute();
      const head = await m.findOneOrFail(Case, {
        where: { id: caseId },
        select: { id: true, eventCount: true, headHash: true, dataKeyId: true },
      });
      const details = event.details
        ? await this.crypto.encryptString(
            head.dataKeyId,
            JSON.stringify(event.details),
            `case_events.details:${caseId}`,
            m,
          )
        : null;
      const draft = {
        caseId,
        seq: head.eventCount,
        type: event.type,
        at: this.clock.now(),
        actorId: actor?.userId ?? null,
        actorName: actor?.displayName ?? null,
        actorRoles: (actor?.roles ?? ['system']).join(','),
        actorInstitutionId: actor?.institutionId ?? null,
        summaryKey,
        summaryArgs: (event.summaryArgs ?? {}) as SummaryArgs,
        details,
        prevHash: head.headHash,
      };
      const saved = m.create(CaseEvent, { ...draft, hash: eventHash(draft) });
      await m.insert(CaseEvent, saved);
      await m.update(Case, { id: caseId }, { headHash: saved.hash });
      return saved;
    });
  }

  /** One page of a case's events in order (seq from `skip + 1`); the total is the case's eventCount. */
  page(
    caseId: string,
    skip: number,
    take: number,
    manager: EntityManager = this.tx.manager,
  ): Promise<CaseEvent[]> {
    return manager.find(CaseEvent, { where: { caseId }, order: { seq: 'ASC' }, skip, take });
  }

  /** All events of a case in order (one query). */
  list(caseId: string, manager: EntityManager = this.tx.manager): Promise<CaseEvent[]> {
    return manager.find(CaseEvent, { where: { caseId }, order: { seq: 'ASC' } });
  }

  async decryptDetails(event: CaseEvent, dataKeyId: string): Promise<Record<string, unknown> | null> {
    if (!event.details) return null;
    const text = await this.crypto.decryptString(
      dataKeyId,
      event.details,
      `case_events.details:${event.caseId}`,
    );
    return text === null ? null : (JSON.parse(text) as Record<string, unknown>);
  }

  /** Recomputes the chain from the stored events and compares it with the case's head. */
  async verify(caseId: string): Promise<ChainVerification> {
    const m = this.tx.manager;
    const head = await m.findOneOrFail(Case, {
      where: { id: caseId },
      select: { id: true, eventCount: true, headHash: true },
    });
    return verifyChain(await this.list(caseId, m), head.eventCount, head.headHash);
  }
}

export function verifyChain(
  events: CaseEvent[],
  expectedCount: number,
  expectedHead: string,
): ChainVerification {
  let prev = GENESIS_HASH;
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    const { id: _id, hash, ...content } = e;
    if (e.seq !== i + 1 || e.prevHash !== prev || eventHash(content) !== hash) {
      return { ok: false, eventCount: events.length, headHash: expectedHead, brokenAtSeq: e.seq };
    }
    prev = hash;
  }
  const ok = events.length === expectedCount && prev === expectedHead;
  return {
    ok,
    eventCount: events.length,
    headHash: expectedHead,
    brokenAtSeq: ok ? null : events.length + 1,
  };
}
