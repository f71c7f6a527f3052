import { applyDecorators, HttpStatus } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsDateString, Matches } from 'class-validator';
import { EntityManager, FindOneOptions, In } from 'typeorm';
import { AppException, ErrorCode } from '../common/app.exception';
import { Clock } from '../common/clock';
import { Institution } from '../institutions/institution.entity';
import { User } from '../users/user.entity';

/* Small helpers shared by referrals, partnerships and community monitoring. */

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A calendar date `YYYY-MM-DD` that exists (2026-02-30 is refused). */
export function IsDateOnly() {
  return applyDecorators(
    Matches(/^\d{4}-\d{2}-\d{2}$/),
    IsDateString({ strict: true, strictSeparator: true }),
  );
}

/** Form field: an empty text means "not given". */
export function EmptyAsUndefined() {
  return Transform(({ value }) => (typeof value === 'string' && value.trim() === '' ? undefined : value));
}

/** Form field: an empty text means null ("none"). */
export function EmptyAsNull() {
  return Transform(({ value }) => (typeof value === 'string' && value.trim() === '' ? null : value));
}

/** Form number: digits become a number; empty means "not given". */
export function FormInt() {
  return Transform(({ value }) =>
    value === '' || value === undefined || value === null
      ? undefined
      : typeof value === 'string' && /^-?\d+$/.test(value.trim())
        ? Number(value.trim())
        : value,
  );
}

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

/** Staff display names by id (one query). */
export async function userNames(
  m: EntityManager,
  ids: (string | null | undefined)[],
): Promise<Map<string, string>> {
  const unique = [...new Set(ids.filter((id): id is string => !!id))];
  if (!unique.length) return new Map();
  const users = await m.find(User, { where: { id: In(unique) }, select: { id: true, displayName: true } });
  return new Map(users.map((u) => [u.id, u.displayName]));
}

/** Institution names by id (one query). */
export async function institutionNames(
  m: EntityManager,
  ids: (string | null | undefined)[],
): Promise<Map<string, string>> {
  const unique = [...new Set(ids.filter((id): id is string => !!id))];
  if (!unique.length) return new Map();
  const rows = await m.find(Institution, { where: { id: In(unique) }, select: { id: true, name: true } });
  return new Map(rows.map((i) => [i.id, i.name]));
}

/** Find options that lock the row until the transaction ends, on PostgreSQL (sqlite is serialized). */
export function lockedFor<T>(m: EntityManager, options: FindOneOptions<T>): FindOneOptions<T> {
  return m.connection.options.type === 'postgres'
    ? { ...options, lock: { mode: 'pessimistic_write' } }
    : options;
}

/** A 400 naming one field, for rules the DTO cannot express. */
export function fieldProblem(field: string, rule: string): AppException {
  return new AppException(ErrorCode.ValidationFailed, HttpStatus.BAD_REQUEST, {}, [{ field, rule }]);
}

/** A 404 for a malformed id as for an unknown one. */
export function assertUuid(id: string): void {
  if (!UUID_PATTERN.test(id)) throw AppException.notFound();
}

/** Users holding a role (simple-array column) as a WHERE fragment. */
export function roleLike(alias: string, column: string, param: string): string {
  return `(',' || ${alias}.${column} || ',') LIKE :${param}`;
}

export const iso = (d: Date | string | null | undefined): string | null =>
  d ? new Date(d).toISOString() : null;
