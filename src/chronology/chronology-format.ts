import { Language } from '../common/request-context';
import { DatePrecision, PARTIAL_DATE } from './chronology.constants';

/*
 * Dates of the chronology: incident dates as the victim remembers them (a day, a month or a year, or
 * a period between two of those) and timestamps of the handling, written out in the reader's language.
 */

export function precisionOf(date: string): DatePrecision {
  return date.length === 10 ? 'day' : date.length === 7 ? 'month' : 'year';
}

/** Whether `value` is `YYYY`, `YYYY-MM` or `YYYY-MM-DD` naming a real day, month or year (1900 on). */
export function isPartialDate(value: unknown): value is string {
  if (typeof value !== 'string' || !PARTIAL_DATE.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number);
  if (y < 1900) return false;
  if (m !== undefined && (m < 1 || m > 12)) return false;
  if (d !== undefined) {
    const date = new Date(Date.UTC(y, m - 1, d));
    if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return false;
  }
  return true;
}

/** The first day a partial date covers. */
export function startOf(date: string): string {
  return date.length === 4 ? `${date}-01-01` : date.length === 7 ? `${date}-01` : date;
}

/** The last day a partial date covers. */
export function endOf(date: string): string {
  if (date.length === 10) return date;
  if (date.length === 4) return `${date}-12-31`;
  const [y, m] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** Builds the stored form from a full date and how much of it is known (page forms). */
export function truncateDate(date: string, precision: DatePrecision): string {
  return precision === 'year' ? date.slice(0, 4) : precision === 'month' ? date.slice(0, 7) : date;
}

const locale = (lang: Language) => (lang === 'en' ? 'en-GB' : 'id-ID');

export function displayTimeZone(): string {
  return process.env.DISPLAY_TIMEZONE || 'Asia/Jakarta';
}

/** `14 Maret 2025`, `Maret 2025` or `2025`. */
export function formatPartialDate(date: string, lang: Language): string {
  const [y, m, d] = date.split('-').map(Number);
  const at = new Date(Date.UTC(y, (m ?? 1) - 1, d ?? 1));
  const precision = precisionOf(date);
  if (precision === 'year') return String(y);
  return new Intl.DateTimeFormat(locale(lang), {
    timeZone: 'UTC',
    year: 'numeric',
    month: 'long',
    ...(precision === 'day' ? { day: 'numeric' } : {}),
  }).format(at);
}

/** A calendar date `YYYY-MM-DD` written out (`10 Januari 2026`). */
export function formatDay(date: string, lang: Language): string {
  return formatPartialDate(date, lang);
}

/** A moment in the display time zone: `12 Februari 2026 10.15 WIB`. */
export function formatMoment(at: Date, lang: Language): string {
  return new Intl.DateTimeFormat(locale(lang), {
    timeZone: displayTimeZone(),
    dateStyle: 'long',
    timeStyle: 'short',
  }).format(at);
}

/** Day and time, compact, for table rows: `12/02/2026 10.15`. */
export function formatMomentShort(at: Date, lang: Language): string {
  return new Intl.DateTimeFormat(locale(lang), {
    timeZone: displayTimeZone(),
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(at);
}

/** The calendar day of a moment in the display time zone, written out. */
export function formatMomentDay(at: Date, lang: Language): string {
  return new Intl.DateTimeFormat(locale(lang), { timeZone: displayTimeZone(), dateStyle: 'long' }).format(at);
}
