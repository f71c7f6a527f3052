import { applyDecorators, HttpStatus } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsDateString, Matches } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { EntityManager, FindOneOptions, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppException, ErrorCode } from '../common/app.exception';
import { Clock } from '../common/clock';
import { AppRequest } from '../common/request-context';
import { setFlash } from '../http/flash';
import { recordAudit, validateInput } from '../http/forms';
import { User } from '../users/user.entity';
import { Type } from '@nestjs/common';

/*
 * Small helpers shared by the case tracks (counseling, shelter, support services, case conferences):
 * calendar dates, staff names, row locks, and the page forms that post back to the case page.
 */

export const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date `YYYY-MM-DD` that exists (2026-02-30 is refused). */
export function IsDateOnly() {
  return applyDecorators(
    Matches(DATE_ONLY, { message: 'must be a date YYYY-MM-DD' }),
    IsDateString({ strict: true, strictSeparator: true }),
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
export async function staffNames(
  m: EntityManager,
  ids: (string | null | undefined)[],
): Promise<Map<string, string>> {
  const unique = [...new Set(ids.filter((id): id is string => !!id))];
  if (!unique.length) return new Map();
  const users = await m.find(User, { where: { id: In(unique) }, select: { id: true, displayName: true } });
  return new Map(users.map((u) => [u.id, u.displayName]));
}

/**
 * Find options that lock the row until the transaction ends, on PostgreSQL. On sqlite transactions
 * are already serialized (TransactionService), and sqlite has no row locks.
 */
export function lockedFor<T>(m: EntityManager, options: FindOneOptions<T>): FindOneOptions<T> {
  return m.connection.options.type === 'postgres'
    ? { ...options, lock: { mode: 'pessimistic_write' } }
    : options;
}

/** A 400 naming one field, for rules the DTO cannot express (e.g. "nothing to change"). */
export function fieldProblem(field: string, rule: string): AppException {
  return new AppException(ErrorCode.ValidationFailed, HttpStatus.BAD_REQUEST, {}, [{ field, rule }]);
}

/** Form number: empty means "not given"; digits become a number; anything else is left to be refused. */
export function FormNumber() {
  return Transform(({ value }) =>
    value === '' || value === undefined || value === null
      ? undefined
      : typeof value === 'string' && /^-?\d+$/.test(value.trim())
        ? Number(value.trim())
        : value,
  );
}

/** Form text: empty means "not given". */
export function FormText() {
  return Transform(({ value }) => (typeof value === 'string' && value.trim() === '' ? undefined : value));
}

/** Text with one entry per line, as a list (blank lines dropped). */
export function linesOf(value: unknown): string[] {
  if (typeof value !== 'string') return [];
  return value
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

/** A repeated form field as a list of strings, by position (empty entries kept). */
export function repeated(value: unknown): string[] {
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values.map((v) => (typeof v === 'string' ? v : ''));
}

/** Validates a page form with the application's rules; throws the 400 on bad input. */
export async function parseForm<T extends object>(cls: Type<T>, raw: unknown): Promise<T> {
  const parsed = await validateInput(cls, raw ?? {});
  if (parsed.error) throw parsed.error;
  return parsed.value;
}

/**
 * Runs a case page form's action and answers with a 303 back to the case page: to `#section` with a
 * success flash, or to `?error=<CODE>#section` when the input or a rule refused it. Not seeing the
 * case (404) or not being allowed (403) are not form problems: they go to the error page.
 */
export async function caseFormAction(
  reply: FastifyReply,
  req: AppRequest,
  audit: AuditService,
  opts: { caseId: string; section: string; action: string; flash: string; resourceId?: string },
  work: () => Promise<unknown>,
): Promise<void> {
  const back = `/cases/${encodeURIComponent(opts.caseId)}`;
  try {
    await work();
  } catch (err) {
    await recordAudit(audit, req, opts.action, opts.resourceId ?? opts.caseId, err).catch(() => undefined);
    if (!(err instanceof AppException)) throw err;
    const status = err.getStatus();
    if (
      status === HttpStatus.FORBIDDEN ||
      status === HttpStatus.NOT_FOUND ||
      status === HttpStatus.UNAUTHORIZED
    )
      throw err;
    await reply.redirect(`${back}?error=${encodeURIComponent(err.code)}#${opts.section}`, 303);
    return;
  }
  await recordAudit(audit, req, opts.action, opts.resourceId ?? opts.caseId);
  setFlash(reply, 'success', opts.flash);
  await reply.redirect(`${back}#${opts.section}`, 303);
}
