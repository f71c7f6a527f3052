import { AppException, ErrorCode } from './app.exception';
import { Clock } from './clock';

/* Calendar dates (`YYYY-MM-DD`, UTC) and timestamps as the API shows them. */

/** Today's date (UTC, as intake does) from the application clock. */
export function todayOf(clock: Clock): string {
  return clock.now().toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Refuses a date after today (422 DATE_IN_FUTURE). */
export function assertNotFuture(clock: Clock, ...dates: (string | null | undefined)[]): void {
  const today = todayOf(clock);
  if (dates.some((d) => d && d > today)) throw AppException.rule(ErrorCode.DateInFuture);
}

export const iso = (d: Date | string | null | undefined): string | null =>
  d ? new Date(d).toISOString() : null;
