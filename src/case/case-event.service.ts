import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Clock } from '../platform/common/clock';
import { AuthContext } from '../platform/common/request-context';
import { FieldCryptoService } from '../platform/crypto/field-crypto.service';
import { TransactionService } from '../platform/database/transaction.service';
import { CaseChainKey } from './case-chain-key';
import {
  ChainVerification,
  eventHash,
  GENESIS_HASH,
  headSeal,
  KEYED_HASH_VERSION,
  verifyChain,
} from './case-chain';
import { CaseEvent } from './case-event.entity';
import { Case } from './case.entity';
import { CASE_EVENTS, CaseEventType, SummaryArgsOf, SummaryArgValue } from './event-catalogue';

export { GENESIS_HASH, verificationCode } from './case-chain';
export type { ChainVerification } from './case-chain';

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

/** A history read in one consistent snapshot, with its verification. */
export interface VerifiedHistory {
  events: CaseEvent[];
  chain: ChainVerification;
}

/**
 * The case history: append-only, chained with HMAC under the chain key (case/case-chain.ts), the
 * head sealed on the case row. Every action on a case appends exactly one event through `append`,
 * inside the action's transaction.
 */
@Injectable()
export class CaseEventService {
  constructor(
    private readonly tx: TransactionService,
    private readonly crypto: FieldCryptoService,
    private readonly clock: Clock,
    private readonly chainKey: CaseChainKey,
  ) {}

  async append<T extends CaseEventType>(
    caseId: string,
    actor: AuthContext | null,
    event: NewCaseEvent<T>,
  ): Promise<CaseEvent> {
    const summaryKey = this.summaryKeyOf(event);
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
      const saved = await this.build(m, head, actor, event, summaryKey);
      await this.insert(m, saved);
      await m.update(
        Case,
        { id: caseId },
        { headHash: saved.hash, headSeal: headSeal(this.chainKey.get(), caseId, saved.seq, saved.hash) },
      );
      return saved;
    });
  }

  /**
   * The first event of a case this transaction is creating, and the head the case row is inserted
   * with (`eventCount` 1, `headHash`, `headSeal`): the case is written once, with its history head,
   * instead of inserted and then updated twice. Insert the case, then `insertFirst` the event.
   */
  async first<T extends CaseEventType>(
    c: Pick<Case, 'id' | 'dataKeyId'>,
    actor: AuthContext | null,
    event: NewCaseEvent<T>,
    m: EntityManager,
  ): Promise<{ event: CaseEvent; head: Pick<Case, 'eventCount' | 'headHash' | 'headSeal'> }> {
    const summaryKey = this.summaryKeyOf(event);
    const head = { id: c.id, eventCount: 1, headHash: GENESIS_HASH, dataKeyId: c.dataKeyId };
    const built = await this.build(m, head, actor, event, summaryKey);
    return {
      event: built,
      head: {
        eventCount: 1,
        headHash: built.hash,
        headSeal: headSeal(this.chainKey.get(), c.id, 1, built.hash),
      },
    };
  }

  /** Inserts the event `first` built, once the case row is written (same transaction). */
  insertFirst(event: CaseEvent, m: EntityManager): Promise<void> {
    return this.insert(m, event);
  }

  private summaryKeyOf(event: NewCaseEvent): string {
    const summaryKey = event.summaryKey ?? `events.${event.type}`;
    // The catalogue lists every summary an event type can show (and so every one the tests render).
    if (!(CASE_EVENTS[event.type].summaryKeys as readonly string[]).includes(summaryKey))
      throw new Error(`summary ${summaryKey} is not listed for ${event.type} in event-catalogue.ts`);
    return summaryKey;
  }

  /** The event at `head.eventCount`, chained to `head.headHash`, its details sealed under the case's key. */
  private async build(
    m: EntityManager,
    head: Pick<Case, 'id' | 'eventCount' | 'headHash' | 'dataKeyId'>,
    actor: AuthContext | null,
    event: NewCaseEvent,
    summaryKey: string,
  ): Promise<CaseEvent> {
    const caseId = head.id;
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
      hashVersion: KEYED_HASH_VERSION,
    };
    return m.create(CaseEvent, { ...draft, id: randomUUID(), hash: eventHash(draft, this.chainKey.get())! });
  }

  /** One INSERT: every column is known here, nothing is read back (the id is made here too). */
  private async insert(m: EntityManager, e: CaseEvent): Promise<void> {
    await m.createQueryBuilder().insert().into(CaseEvent).values(e).updateEntity(false).execute();
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

  /**
   * A case's history and its verification, read in one consistent snapshot: the case row (its event
   * count, head and seal) and every stored event (not only those up to the count the row names), so
   * a row set back to hide the last events is caught. On PostgreSQL the case row is read FOR SHARE,
   * which waits for an append in progress and holds further appends until the events are read; on
   * sqlite transactions run one at a time.
   */
  async history(caseId: string): Promise<VerifiedHistory> {
    return this.tx.run(async (m) => {
      const qb = m
        .createQueryBuilder(Case, 'c')
        .select(['c.id', 'c.eventCount', 'c.headHash', 'c.headSeal'])
        .where('c.id = :id', { id: caseId });
      if (m.connection.options.type === 'postgres') qb.setLock('pessimistic_read');
      const head = await qb.getOneOrFail();
      const events = await this.list(caseId, m);
      return { events, chain: verifyChain(events, head, this.chainKey.get()) };
    });
  }

  /** Recomputes the chain from all the stored events and compares it with every anchor. */
  async verify(caseId: string): Promise<ChainVerification> {
    return (await this.history(caseId)).chain;
  }
}
