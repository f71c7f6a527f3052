import { centreTimeZone } from './dates';
import { Language } from './request-context';

/*
 * The one formatter of dates, times and numbers for people: pages (the handlebars helpers), sentences
 * (event summaries, notifications, flash messages), prints and PDFs, exports' captions. Always in the
 * reader's language ("24 November 2026", "0,5" in Bahasa Indonesia) and, for moments, on the centre's
 * clocks. Nothing else calls Intl.DateTimeFormat or Intl.NumberFormat (the lint says so).
 */

const LOCALES: Record<Language, string> = { id: 'id-ID', en: 'en-GB' };
const localeOf = (lang: Language): string => LOCALES[lang] ?? LOCALES.id;

/** `long`: "7 Desember 2026" (documents, sentences); `medium`: "7 Des 2026" (table cells). */
export type DateStyle = 'long' | 'medium';

/** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`: a calendar date, or what is known of one. */
const CALENDAR = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

const formatters = new Map<string, Intl.DateTimeFormat>();
function dateTimeFormat(lang: Language, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${lang}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(localeOf(lang), options);
    formatters.set(key, f);
  }
  return f;
}

/** A value the formatters accept as a moment (a Date or an ISO timestamp), or null. */
function momentOf(value: unknown): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(value)) {
    const text = /[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value.replace(' ', 'T')}Z`;
    const d = new Date(text);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  return null;
}

/** Whether a value is a calendar date the formatters read (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`). */
export function isCalendarValue(value: unknown): value is string {
  return typeof value === 'string' && CALENDAR.test(value);
}

/**
 * A date for people: a calendar date (`2026-11-24` → "24 November 2026"; `2026-11` → "November 2026";
 * `2026` → "2026"), or the centre's day of a moment (a Date or an ISO timestamp). Anything else is
 * returned as it is; empty values as ''.
 */
export function formatDate(value: unknown, lang: Language, style: DateStyle = 'long'): string {
  if (value === null || value === undefined || value === '') return '';
  if (isCalendarValue(value)) {
    const [, y, m, d] = CALENDAR.exec(value)!;
    if (!m) return y;
    const at = new Date(Date.UTC(Number(y), Number(m) - 1, d ? Number(d) : 1));
    return dateTimeFormat(lang, {
      timeZone: 'UTC',
      year: 'numeric',
      month: style === 'long' ? 'long' : 'short',
      ...(d ? { day: 'numeric' } : {}),
    }).format(at);
  }
  const at = momentOf(value);
  if (!at) return String(value);
  return dateTimeFormat(lang, { timeZone: centreTimeZone(), dateStyle: style }).format(at);
}

/** A month (`YYYY-MM`) for people: "September 2026". */
export function formatMonth(month: string, lang: Language): string {
  return formatDate(month.slice(0, 7), lang, 'long');
}

/** A period of calendar dates: "1 Januari 2026 – 31 Maret 2026". */
export function formatPeriod(from: string, to: string, lang: Language, style: DateStyle = 'long'): string {
  return `${formatDate(from, lang, style)} – ${formatDate(to, lang, style)}`;
}

/**
 * A moment on the centre's clocks: `long` "7 Desember 2026 pukul 03.17" (headers, sentences),
 * `medium` "7 Des 2026, 03.17" (table cells). A value that is not a moment is returned as it is.
 */
export function formatDateTime(value: unknown, lang: Language, style: DateStyle = 'long'): string {
  if (value === null || value === undefined || value === '') return '';
  const at = momentOf(value);
  if (!at) return isCalendarValue(value) ? formatDate(value, lang, style) : String(value);
  return dateTimeFormat(lang, { timeZone: centreTimeZone(), dateStyle: style, timeStyle: 'short' }).format(
    at,
  );
}

/** The time of a moment on the centre's clocks: "03.17" (id), "03:17" (en). */
export function formatTime(value: unknown, lang: Language): string {
  const at = momentOf(value);
  if (!at) return value === null || value === undefined ? '' : String(value);
  return dateTimeFormat(lang, { timeZone: centreTimeZone(), timeStyle: 'short' }).format(at);
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/**
 * A number for people: "0,5" and "12.345" in Bahasa Indonesia, "0.5" and "12,345" in English. At most
 * `maximumFractionDigits` decimals (default 1). A value that is not a finite number is returned as it is.
 */
export function formatNumber(value: unknown, lang: Language, maximumFractionDigits = 1): string {
  if (value === null || value === undefined || value === '') return '';
  const n =
    typeof value === 'number' ? value : typeof value === 'string' && value.trim() ? Number(value) : NaN;
  if (!Number.isFinite(n)) return String(value);
  const key = `${lang}|${maximumFractionDigits}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(localeOf(lang), { maximumFractionDigits });
    numberFormats.set(key, f);
  }
  return f.format(n);
}

/** The arguments of a sentence with their numbers in the reader's notation (limits: "4.000 karakter"). */
export function withNumbersFormatted(
  args: Record<string, unknown> | undefined,
  lang: Language,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(args ?? {}).map(([k, v]) => [k, typeof v === 'number' ? formatNumber(v, lang, 2) : v]),
  );
}
