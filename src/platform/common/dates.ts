import { AppException, ErrorCode } from './app.exception';
import { Clock } from './clock';

/*
 * The centre's calendar. Timestamps are stored in UTC; calendar dates (`YYYY-MM-DD`: when a complaint
 * was received, a session held, a referral due) are days of the centre's own time zone
 * (`CENTRE_TIMEZONE`, default Asia/Jakarta). Every "today", "future", "overdue", age and due-date rule
 * asks this file for the centre's day; nothing derives a calendar date from a moment any other way
 * (the lint forbids `new Date()`, `toISOString().slice(…)` and process-local getters outside it).
 */

export const DEFAULT_CENTRE_TIME_ZONE = 'Asia/Jakarta';

/** Whether `zone` is a time zone this Node.js knows (an IANA name such as `Asia/Makassar`, or `UTC`). */
export function isTimeZone(zone: unknown): zone is string {
  if (typeof zone !== 'string' || !zone.trim()) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

let centreZone = DEFAULT_CENTRE_TIME_ZONE;

/** Sets the centre's time zone (from the validated configuration, once at start-up). */
export function useCentreTimeZone(zone: string): void {
  if (!isTimeZone(zone)) throw new Error(`unknown time zone: ${zone}`);
  centreZone = zone;
}

/** The centre's time zone. */
export function centreTimeZone(): string {
  return centreZone;
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

/** Year, month, day, hour, minute and second of a moment on the wall clocks of `zone`. */
function wallClock(
  at: Date,
  zone: string,
): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number> {
  let f = partsFormatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormatters.set(zone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(at).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The centre's calendar day (`YYYY-MM-DD`) of a moment. */
export function dayOf(at: Date): string {
  const w = wallClock(at, centreZone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
}

/** Today in the centre (`YYYY-MM-DD`), from the application clock. */
export function todayOf(clock: Clock): string {
  return dayOf(clock.now());
}

/** The centre's current year. */
export function yearOf(clock: Clock): number {
  return Number(todayOf(clock).slice(0, 4));
}

/** The offset (ms) of `zone`'s wall clock from UTC at a moment (Asia/Jakarta: +7 h). */
function zoneOffsetMs(at: Date, zone: string): number {
  const w = wallClock(at, zone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - (at.getTime() - at.getUTCMilliseconds());
}

/**
 * The moment a centre day (`YYYY-MM-DD`, plus `plusDays`) begins: midnight on the centre's clocks.
 * For half-open ranges of timestamps over calendar days: `[dayStart(from), dayStart(to, 1))`.
 */
export function dayStart(date: string, plusDays = 0): Date {
  const midnightUtc = new Date(`${addDays(date, plusDays)}T00:00:00.000Z`);
  // The offset at the guessed instant, then again at the corrected one (a zone that changed its offset
  // that night gives the second answer).
  let at = new Date(midnightUtc.getTime() - zoneOffsetMs(midnightUtc, centreZone));
  at = new Date(midnightUtc.getTime() - zoneOffsetMs(at, centreZone));
  return at;
}

/**
 * A moment from an ISO 8601 text: with a zone designator (`Z`, `+07:00`) as written; a date and time
 * without one is a time on the centre's clocks; a date alone is the start of that centre day.
 */
export function parseMoment(text: string): Date {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return dayStart(text);
  if (/([zZ]|[+-]\d\d(:?\d\d)?)$/.test(text)) return new Date(text);
  const asUtc = new Date(`${text}Z`);
  let at = new Date(asUtc.getTime() - zoneOffsetMs(asUtc, centreZone));
  at = new Date(asUtc.getTime() - zoneOffsetMs(at, centreZone));
  return at;
}

/** A calendar date moved by whole days (calendar arithmetic, no time zone involved). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A calendar date moved by whole months, the day kept (`2026-01-31` + 1 month: `2026-02-28`). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${pad(year, 4)}-${pad(month)}-${pad(Math.min(d, last))}`;
}

/** Whole days from one calendar date to another (`daysBetween('2026-01-01', '2026-01-03')` = 2). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Refuses a date after the centre's today (422 DATE_IN_FUTURE). */
export function assertNotFuture(clock: Clock, ...dates: (string | null | undefined)[]): void {
  const today = todayOf(clock);
  if (dates.some((d) => d && d > today)) throw AppException.rule(ErrorCode.DateInFuture);
}

/** A timestamp as the API shows it (ISO 8601, UTC). */
export const iso = (d: Date | string | null | undefined): string | null =>
  d ? new Date(d).toISOString() : null;
