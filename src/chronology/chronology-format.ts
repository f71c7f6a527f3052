import { addDays, addMonths } from '../platform/common/dates';
import { formatDate, formatDateTime } from '../platform/common/format';
import { Language } from '../platform/common/request-context';
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
  return addDays(addMonths(`${date}-01`, 1), -1);
}

/** Builds the stored form from a full date and how much of it is known (page forms). */
export function truncateDate(date: string, precision: DatePrecision): string {
  return precision === 'year' ? date.slice(0, 4) : precision === 'month' ? date.slice(0, 7) : date;
}

/* The chronology's names for the shared formatter (src/platform/common/format.ts), on the centre's clocks. */

/** `14 Maret 2025`, `Maret 2025` or `2025`. */
export function formatPartialDate(date: string, lang: Language): string {
  return formatDate(date, lang, 'long');
}

/** A calendar date `YYYY-MM-DD` written out (`10 Januari 2026`). */
export function formatDay(date: string, lang: Language): string {
  return formatDate(date, lang, 'long');
}

/** A moment on the centre's clocks: `12 Februari 2026 pukul 10.15`. */
export function formatMoment(at: Date, lang: Language): string {
  return formatDateTime(at, lang, 'long');
}

/** Day and time, compact, for table rows: `12 Feb 2026, 10.15`. */
export function formatMomentShort(at: Date, lang: Language): string {
  return formatDateTime(at, lang, 'medium');
}

/** The centre's calendar day of a moment, written out. */
export function formatMomentDay(at: Date, lang: Language): string {
  return formatDate(at, lang, 'long');
}
