import { applyDecorators, HttpStatus } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsDateString, Matches } from 'class-validator';
import { AppException, ErrorCode } from '../common/app.exception';
import { InstitutionsService } from '../institutions/institutions.service';
import { PugErrorCode } from './pug.errors';

/* Small helpers shared by the PUG and programme records. */

export const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date `YYYY-MM-DD` that exists (2026-02-30 is refused). */
export function IsCalendarDate() {
  return applyDecorators(
    Matches(DATE_ONLY, { message: 'must be a date YYYY-MM-DD' }),
    IsDateString({ strict: true, strictSeparator: true }),
  );
}

/** A 400 naming one field, for input rules a DTO cannot express. */
export function fieldProblem(field: string, rule: string): AppException {
  return new AppException(ErrorCode.ValidationFailed, HttpStatus.BAD_REQUEST, {}, [{ field, rule }]);
}

export function assertPeriod(start: string, end: string): void {
  if (end < start) throw AppException.rule(PugErrorCode.PeriodInvalid);
}

/** Every id names an institution (422 INSTITUTION_NOT_FOUND otherwise). */
export async function assertInstitutions(
  institutions: InstitutionsService,
  ids: (string | null | undefined)[],
): Promise<void> {
  for (const id of new Set(ids.filter((i): i is string => !!i))) {
    if (!(await institutions.exists(id))) throw AppException.rule(ErrorCode.InstitutionNotFound);
  }
}

/** Query-string / form number: empty means "not given"; digits become a number; the rest is refused. */
export function NumberInput() {
  return Transform(({ value }) =>
    value === '' || value === undefined || value === null
      ? undefined
      : typeof value === 'string' && /^-?\d+$/.test(value.trim())
        ? Number(value.trim())
        : value,
  );
}

/** Form text: empty means "not given". */
export function EmptyToUndefined() {
  return Transform(({ value }) => (typeof value === 'string' && value.trim() === '' ? undefined : value));
}

/** Quarter (1–4) of a YYYY-MM-DD date. */
export function quarterOf(date: string): number {
  return Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1;
}

/** 409 with one of the module's own codes. */
export function conflict(code: string, args: Record<string, unknown> = {}): AppException {
  return new AppException(code, HttpStatus.CONFLICT, args);
}

/** A unique-constraint violation from either database (a concurrent duplicate write). */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { driverError?: { code?: string; errno?: number }; code?: string; message?: string };
  const code = e?.driverError?.code ?? e?.code;
  return (
    code === '23505' || code === 'SQLITE_CONSTRAINT' || /UNIQUE constraint failed/.test(e?.message ?? '')
  );
}
