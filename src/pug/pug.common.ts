import { HttpStatus } from '@nestjs/common';
import { AppException } from '../platform/common/app.exception';
import { PugErrorCode } from './pug.errors';

/* Small rules shared by the PUG and programme records. */

export function assertPeriod(start: string, end: string): void {
  if (end < start) throw AppException.rule(PugErrorCode.PeriodInvalid);
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
