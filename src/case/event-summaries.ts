import { Injectable } from '@nestjs/common';
import { formatDate, formatNumber, isCalendarValue } from '../platform/common/format';
import { Language, SUPPORTED_LANGUAGES } from '../platform/common/request-context';
import { Translator } from '../platform/i18n/translator';
import { ArgKind, CASE_EVENTS, EventSpec, isCaseEventType, NOTIFICATION_SPEC } from './event-catalogue';

/** What a summary is made of: the stored key and arguments of an event (or a notification). */
export interface StoredSummary {
  type: string;
  summaryKey: string;
  summaryArgs: Record<string, unknown> | null | undefined;
}

/**
 * The one place that turns a stored event summary into words: each argument by its kind in the event
 * catalogue (codes → the reader's words, dates → "24 November 2026", numbers → "0,5"), then the
 * summary's translation. Used by the case history, the chronology (JSON, print, PDF), the partner
 * inbox and notifications; every argument is translated exactly once, here.
 *
 * Events recorded by earlier versions may hold words where codes belong (or codes no longer listed):
 * a word is mapped back to its code when it is the translation of one in any language, and anything
 * else is shown as stored — never looked up as a key of its own.
 */
@Injectable()
export class EventSummaries {
  /** Per namespace: every translation of every code (any language) → the code. */
  private readonly reverse = new Map<string, Map<string, string>>();

  constructor(private readonly translator: Translator) {}

  /** The summary of a case event in `lang`. */
  summary(e: StoredSummary, lang: Language): string {
    const spec: EventSpec | null = isCaseEventType(e.type) ? CASE_EVENTS[e.type] : null;
    return this.render(e.summaryKey, e.summaryArgs ?? {}, spec, lang);
  }

  /** A notification's message in `lang` (`referrals.notifications.kinds.<kind>`). */
  notification(kind: string, args: Record<string, unknown> | null | undefined, lang: Language): string {
    return this.render(`referrals.notifications.kinds.${kind}`, args ?? {}, NOTIFICATION_SPEC, lang);
  }

  /** Every argument of a summary in words (arguments the spec does not know: shown as stored). */
  args(args: Record<string, unknown>, spec: EventSpec | null, lang: Language): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(args)) {
      const kind = spec?.args[name];
      out[name] = kind ? this.arg(kind, value, lang) : this.plain(value, lang);
    }
    // A declared argument an older event lacks still reads (e.g. `institution` null: any institution).
    for (const [name, kind] of Object.entries(spec?.args ?? {})) {
      if (!(name in out) && kind.kind === 'name') out[name] = this.translator.t(kind.nullKey, lang);
    }
    return out;
  }

  private render(key: string, args: Record<string, unknown>, spec: EventSpec | null, lang: Language): string {
    const words = this.args(args, spec, lang);
    if (this.translator.has(key, lang)) return this.translator.t(key, lang, words);
    // A summary key this version does not know (an event of a later or retired version): its type
    // and arguments as they are, never the raw key.
    return this.translator.t('events.unknown', lang, {
      details: Object.values(words)
        .filter((v) => v !== '')
        .join(', '),
    });
  }

  private arg(kind: ArgKind, value: unknown, lang: Language): string {
    switch (kind.kind) {
      case 'id':
        return '';
      case 'text':
        return value === null || value === undefined ? this.translator.t('common.none', lang) : String(value);
      case 'date':
        return typeof value === 'string' ? formatDate(value, lang, 'long') : this.plain(value, lang);
      case 'number':
        return formatNumber(value, lang);
      case 'yesNo':
        return typeof value === 'boolean'
          ? this.translator.t(value ? 'common.yes' : 'common.no', lang)
          : this.plain(value, lang);
      case 'name':
        return value === null || value === undefined || value === ''
          ? this.translator.t(kind.nullKey, lang)
          : String(value);
      case 'code':
        return this.code(kind.ns, kind.codes, value, lang);
      case 'codes': {
        if (value === '' || value === null || value === undefined) return this.translator.t(kind.none, lang);
        const text = String(value);
        const parts = text.split(',');
        if (parts.every((p) => kind.codes.includes(p)))
          return parts.map((p) => this.translator.t(`${kind.ns}.${p}`, lang)).join(', ');
        // Words stored by an earlier version ("Identitas (nama, jenis kelamin, usia), Kontak"): read
        // back into codes when the whole text is a list of known translations, else shown as stored.
        const read = this.readList(kind.ns, kind.codes, text);
        return read ? read.map((p) => this.translator.t(`${kind.ns}.${p}`, lang)).join(', ') : text;
      }
    }
  }

  private code(ns: string, known: readonly string[], value: unknown, lang: Language): string {
    if (value === null || value === undefined || value === '') return this.translator.t('common.none', lang);
    const text = String(value);
    if (known.includes(text)) return this.translator.t(`${ns}.${text}`, lang);
    const back = this.wordsOf(ns, known).get(text);
    return back ? this.translator.t(`${ns}.${back}`, lang) : text;
  }

  /** An argument no spec describes: dates and numbers formatted, booleans in words, the rest as stored. */
  private plain(value: unknown, lang: Language): string {
    if (value === null || value === undefined) return this.translator.t('common.none', lang);
    if (typeof value === 'boolean') return this.translator.t(value ? 'common.yes' : 'common.no', lang);
    if (typeof value === 'number') return formatNumber(value, lang);
    if (isCalendarValue(value) && value.length === 10) return formatDate(value, lang, 'long');
    return String(value);
  }

  private wordsOf(ns: string, known: readonly string[]): Map<string, string> {
    let map = this.reverse.get(ns);
    if (!map) {
      map = new Map();
      for (const c of known) {
        for (const lang of SUPPORTED_LANGUAGES) {
          const key = `${ns}.${c}`;
          if (this.translator.has(key, lang)) map.set(this.translator.t(key, lang), c);
        }
      }
      this.reverse.set(ns, map);
    }
    return map;
  }

  /** A text made of known translations joined by ", " → their codes; null when it is not one. */
  private readList(ns: string, known: readonly string[], text: string): string[] | null {
    const words = [...this.wordsOf(ns, known).entries()].sort((a, b) => b[0].length - a[0].length);
    const out: string[] = [];
    let rest = text;
    while (rest) {
      const hit = words.find(([w]) => rest.startsWith(w));
      if (!hit) return null;
      out.push(hit[1]);
      rest = rest.slice(hit[0].length);
      if (rest.startsWith(', ')) rest = rest.slice(2);
      else if (rest.startsWith(',')) rest = rest.slice(1);
      else if (rest) return null;
    }
    return out.length ? out : null;
  }
}
