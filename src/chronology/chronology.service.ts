import { HttpStatus, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Permission } from '../platform/auth/permissions';
import { CaseAccessService } from '../case/case-access.service';
import { CaseEventService } from '../case/case-event.service';
import { AppException, ErrorCode } from '../platform/common/app.exception';
import { Clock } from '../platform/common/clock';
import { AuthContext, Language } from '../platform/common/request-context';
import { TransactionService } from '../platform/database/transaction.service';
import {
  ChronologyError,
  DATE_PRECISIONS,
  EVENT_ENTRY_ADDED,
  EVENT_ENTRY_CORRECTED,
} from './chronology.constants';
import { ChronologyEntry } from './chronology-entry.entity';
import { endOf, formatMoment, formatPartialDate, isPartialDate, startOf } from './chronology-format';
import { todayOf } from '../platform/common/dates';
import { CaseLedger, CaseRecord } from '../case/case-ledger.service';
import { userNames } from '../users/user-reads';

/** What the counselor records of one incident, as the victim told it. */
export interface EntryInput {
  /** `YYYY-MM-DD`, `YYYY-MM` or `YYYY`. */
  date: string;
  dateEnd?: string | null;
  /** `HH:MM` */
  time?: string | null;
  place?: string | null;
  description: string;
}

export interface CorrectionInput extends EntryInput {
  reason: string;
}

/** An entry as the JSON API gives it (every version, current or corrected). */
export interface EntryView {
  id: string;
  seq: number;
  date: string;
  dateEnd: string | null;
  time: string | null;
  place: string | null;
  description: string | null;
  /** The entry this one corrects. */
  supersedesId: string | null;
  /** The entry that corrects this one (null: this is the current version). */
  supersededById: string | null;
  current: boolean;
  correctionReason: string | null;
  recordedById: string;
  recordedByName: string | null;
  recordedAt: string;
}

/** A current entry with the versions it replaced, oldest first (pages and prints). */
export interface CurrentEntry {
  entry: ChronologyEntry;
  /** Earlier versions this entry corrects, oldest first. */
  replaced: ChronologyEntry[];
}

/** The incident chronology section of the case page (views/partials/case-chronology.hbs). */
export interface ChronologySection {
  caseId: string;
  entries: {
    id: string;
    no: number;
    when: string;
    place: string | null;
    descriptionLines: string[];
    corrected: boolean;
    correctedAt: string | null;
    correctedBy: string | null;
    correctionReason: string | null;
    replaced: { when: string; place: string | null; descriptionLines: string[]; recordedAt: string }[];
    recordedBy: string | null;
    recordedAt: string;
  }[];
  canWrite: boolean;
  canPrint: boolean;
  today: string;
  precisions: readonly string[];
  /** The chronology page: entries, corrections and the print options. */
  url: string;
}

const lines = (text: string | null) =>
  (text ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

/** Chronological order of the incident: start of the date, coarser dates first, time, then as recorded. */
export function compareEntries(a: ChronologyEntry, b: ChronologyEntry): number {
  return (
    startOf(a.date).localeCompare(startOf(b.date)) ||
    a.date.length - b.date.length ||
    (a.time ?? '').localeCompare(b.time ?? '') ||
    a.seq - b.seq
  );
}

/** `14 Maret 2025, 19:30` or `Januari 2025 – Maret 2025`. */
export function entryWhen(e: Pick<ChronologyEntry, 'date' | 'dateEnd' | 'time'>, lang: Language): string {
  const from = formatPartialDate(e.date, lang);
  const period = e.dateEnd ? `${from} – ${formatPartialDate(e.dateEnd, lang)}` : from;
  return e.time ? `${period}, ${e.time}` : period;
}

/**
 * The current entries of a case (those no later entry corrects), in the incident's chronological
 * order, each with the versions it replaced.
 */
export function currentEntries(all: ChronologyEntry[]): CurrentEntry[] {
  const bySupersedes = new Map(all.filter((e) => e.supersedesId).map((e) => [e.supersedesId!, e]));
  const byId = new Map(all.map((e) => [e.id, e]));
  return all
    .filter((e) => !bySupersedes.has(e.id))
    .sort(compareEntries)
    .map((entry) => {
      const replaced: ChronologyEntry[] = [];
      for (let p = entry.supersedesId ? byId.get(entry.supersedesId) : undefined; p;) {
        replaced.unshift(p);
        p = p.supersedesId ? byId.get(p.supersedesId) : undefined;
      }
      return { entry, replaced };
    });
}

function badField(field: string, rule: string): AppException {
  return new AppException(ErrorCode.ValidationFailed, HttpStatus.BAD_REQUEST, {}, [{ field, rule }]);
}

/**
 * The incident chronology (kronologi kejadian) maintained by the counselor: entries are added and
 * corrected, never edited; each addition or correction appends a case event. Only those who work on
 * the case (the assigned counselor, coordinators) read or write it.
 */
@Injectable()
export class ChronologyService {
  constructor(
    private readonly tx: TransactionService,
    private readonly access: CaseAccessService,
    private readonly events: CaseEventService,
    private readonly clock: Clock,
    private readonly ledger: CaseLedger,
  ) {}

  // ---- reads

  /** Every entry of the case, in the order recorded (one query). */
  entriesOf(caseId: string, m: EntityManager = this.tx.manager): Promise<ChronologyEntry[]> {
    return m.find(ChronologyEntry, { where: { caseId }, order: { seq: 'ASC' } });
  }

  /** Staff display names by id (one query). */
  staffNames(ids: (string | null | undefined)[], m: EntityManager = this.tx.manager) {
    return userNames(m, ids);
  }

  /** All versions of every entry, chronologically (current and corrected), for the JSON API. */
  async list(actor: AuthContext, caseId: string): Promise<{ case: CaseRecord; entries: EntryView[] }> {
    const c = await this.access.findWorkable(actor, caseId);
    const all = await this.entriesOf(c.id);
    return { case: c, entries: await this.views(all) };
  }

  async views(all: ChronologyEntry[]): Promise<EntryView[]> {
    const names = await this.staffNames(all.map((e) => e.recordedById));
    const supersededBy = new Map(all.filter((e) => e.supersedesId).map((e) => [e.supersedesId!, e.id]));
    return [...all].sort(compareEntries).map((e) => this.view(e, names, supersededBy.get(e.id) ?? null));
  }

  private view(e: ChronologyEntry, names: Map<string, string>, supersededById: string | null): EntryView {
    return {
      id: e.id,
      seq: e.seq,
      date: e.date,
      dateEnd: e.dateEnd,
      time: e.time,
      place: e.place,
      description: e.description,
      supersedesId: e.supersedesId,
      supersededById,
      current: supersededById === null,
      correctionReason: e.correctionReason,
      recordedById: e.recordedById,
      recordedByName: names.get(e.recordedById) ?? null,
      recordedAt: e.recordedAt.toISOString(),
    };
  }

  /**
   * The incident chronology section of the case page, or null when the caller may not see it
   * (no permission, or not working on the case).
   */
  async forCase(
    actor: AuthContext,
    caseId: string,
    lang: Language = 'id',
  ): Promise<ChronologySection | null> {
    if (!actor.permissions.has(Permission.ChronologyRead)) return null;
    let c: CaseRecord;
    try {
      c = await this.access.findReadable(actor, caseId);
    } catch (err) {
      if (err instanceof AppException && err.getStatus() === HttpStatus.NOT_FOUND) return null;
      throw err;
    }
    if (!this.access.canWork(actor, c)) return null;
    const all = await this.entriesOf(c.id);
    const names = await this.staffNames(all.map((e) => e.recordedById));
    const current = currentEntries(all);
    return {
      caseId: c.id,
      entries: current.map(({ entry, replaced }, i) => {
        const original = replaced[0] ?? entry;
        return {
          id: entry.id,
          no: i + 1,
          when: entryWhen(entry, lang),
          place: entry.place,
          descriptionLines: lines(entry.description),
          corrected: replaced.length > 0,
          correctedAt: replaced.length ? formatMoment(entry.recordedAt, lang) : null,
          correctedBy: replaced.length ? (names.get(entry.recordedById) ?? null) : null,
          correctionReason: entry.correctionReason,
          replaced: replaced.map((r) => ({
            when: entryWhen(r, lang),
            place: r.place,
            descriptionLines: lines(r.description),
            recordedAt: formatMoment(r.recordedAt, lang),
          })),
          recordedBy: names.get(original.recordedById) ?? null,
          recordedAt: formatMoment(original.recordedAt, lang),
        };
      }),
      canWrite: actor.permissions.has(Permission.ChronologyWrite) && c.stage !== 'closed',
      canPrint: actor.permissions.has(Permission.ChronologyPrint),
      today: this.today(),
      precisions: DATE_PRECISIONS,
      url: `/cases/${c.id}/chronology`,
    };
  }

  /** One current entry of the case (for the correction form); 404 when unknown, 409 when already corrected. */
  async currentEntry(
    actor: AuthContext,
    caseId: string,
    entryId: string,
  ): Promise<{ case: CaseRecord; entry: ChronologyEntry }> {
    const c = await this.access.findWorkable(actor, caseId);
    const entry = await this.findEntry(this.tx.manager, c.id, entryId);
    await this.assertCurrent(this.tx.manager, entry);
    return { case: c, entry };
  }

  // ---- writes

  addEntry(actor: AuthContext, caseId: string, input: EntryInput): Promise<EntryView> {
    const clean = this.checked(input);
    return this.tx.run(async (m) => {
      const c = await this.writableCase(actor, caseId, m);
      const entry = await this.insert(m, c, actor, clean, null, null);
      await this.events.append(c.id, actor, {
        type: EVENT_ENTRY_ADDED,
        summaryArgs: { entry: entry.seq },
        details: { entryId: entry.id },
      });
      return this.view(entry, await this.staffNames([actor.userId], m), null);
    });
  }

  correctEntry(
    actor: AuthContext,
    caseId: string,
    entryId: string,
    input: CorrectionInput,
  ): Promise<EntryView> {
    const clean = this.checked(input);
    const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
    if (!reason) throw badField('reason', 'isNotEmpty');
    return this.tx.run(async (m) => {
      const c = await this.writableCase(actor, caseId, m);
      const target = await this.findEntry(m, c.id, entryId);
      await this.assertCurrent(m, target);
      const entry = await this.insert(m, c, actor, clean, target.id, reason);
      await this.events.append(c.id, actor, {
        type: EVENT_ENTRY_CORRECTED,
        summaryArgs: { entry: entry.seq, corrects: target.seq },
        details: { entryId: entry.id, supersedesId: target.id },
      });
      return this.view(entry, await this.staffNames([actor.userId], m), null);
    });
  }

  // ---- helpers

  private today(): string {
    return todayOf(this.clock);
  }

  /** Rules the DTOs cannot express: real dates, a period that ends after it starts, nothing in the future. */
  private checked(input: EntryInput): EntryInput {
    if (!isPartialDate(input.date)) throw badField('date', 'matches');
    const dateEnd = input.dateEnd || null;
    if (dateEnd !== null && !isPartialDate(dateEnd)) throw badField('dateEnd', 'matches');
    const today = this.today();
    if (startOf(input.date) > today || (dateEnd && startOf(dateEnd) > today))
      throw AppException.rule(ErrorCode.DateInFuture);
    if (dateEnd && (endOf(dateEnd) <= endOf(input.date) || startOf(dateEnd) < startOf(input.date)))
      throw AppException.rule(ErrorCode.IncidentPeriodInvalid);
    const description = (input.description ?? '').trim();
    if (!description) throw badField('description', 'isNotEmpty');
    return {
      date: input.date,
      dateEnd,
      time: input.time || null,
      place: input.place?.trim() ? input.place.trim() : null,
      description,
    };
  }

  private async writableCase(actor: AuthContext, caseId: string, m: EntityManager): Promise<CaseRecord> {
    const c = await this.access.findWorkable(actor, caseId, m);
    // Numbers are taken one at a time per case: on PostgreSQL the case row stays locked until commit
    // (sqlite transactions are serialized by TransactionService).
    await this.ledger.lockRow(m, c.id);
    if (c.stage === 'closed') throw AppException.rule(ErrorCode.CaseClosed);
    return c;
  }

  private async findEntry(m: EntityManager, caseId: string, entryId: string): Promise<ChronologyEntry> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(entryId))
      throw AppException.notFound();
    const entry = await m.findOne(ChronologyEntry, { where: { id: entryId, caseId } });
    if (!entry) throw AppException.notFound();
    return entry;
  }

  private async assertCurrent(m: EntityManager, entry: ChronologyEntry): Promise<void> {
    const later = await m.findOne(ChronologyEntry, {
      where: { supersedesId: entry.id },
      select: { id: true },
    });
    if (later) throw new AppException(ChronologyError.EntrySuperseded, HttpStatus.CONFLICT);
  }

  private async insert(
    m: EntityManager,
    c: CaseRecord,
    actor: AuthContext,
    input: EntryInput,
    supersedesId: string | null,
    correctionReason: string | null,
  ): Promise<ChronologyEntry> {
    const last = await m.findOne(ChronologyEntry, {
      where: { caseId: c.id },
      order: { seq: 'DESC' },
      select: { id: true, seq: true },
    });
    const entry = m.create(ChronologyEntry, {
      caseId: c.id,
      dataKeyId: c.dataKeyId,
      seq: (last?.seq ?? 0) + 1,
      date: input.date,
      dateEnd: input.dateEnd ?? null,
      time: input.time ?? null,
      place: input.place ?? null,
      description: input.description,
      supersedesId,
      correctionReason,
      recordedById: actor.userId,
      recordedAt: this.clock.now(),
    });
    await m.save(ChronologyEntry, entry);
    return entry;
  }
}
