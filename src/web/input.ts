import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDateString, IsInt, Matches, Min } from 'class-validator';

/*
 * Input rules of forms and query strings shared by the record pages and their JSON twins: calendar
 * dates, numbers typed into a text box, the version of an optimistic-locking delete, and the raw
 * form values a page turns into its DTO's input.
 */

export const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date `YYYY-MM-DD` that exists (2026-02-30 is refused). */
export function IsCalendarDate() {
  return applyDecorators(
    Matches(DATE_ONLY, { message: 'must be a date YYYY-MM-DD' }),
    IsDateString({ strict: true, strictSeparator: true }),
  );
}

/** `?version=` of a DELETE, or the `version` of a delete confirmation (optimistic locking). */
export class VersionQueryDto {
  @ApiProperty({
    description: 'The version read; a stale one gives 409 VERSION_CONFLICT',
    minimum: 1,
    type: 'integer',
  })
  @Type(() => Number)
  @Min(1)
  @IsInt()
  version: number;
}

/** A raw form value that may be repeated, by position (empty entries kept). */
export function rows(value: unknown): string[] {
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values.map((v) => (typeof v === 'string' ? v : ''));
}

/** Empty form text → undefined (the DTO's "not given"). */
export function blank(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** Empty → null (clear the value), for nullable fields. */
export function blankNull(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

/** Digits → number; empty → undefined; anything else stays to be refused by the DTO. */
export function num(value: unknown): unknown {
  if (value === undefined || value === '') return undefined;
  return typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
}

/** Text with one entry per line, as a list (blank lines dropped). */
export function linesOf(value: unknown): string[] {
  if (typeof value !== 'string') return [];
  return value
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}
