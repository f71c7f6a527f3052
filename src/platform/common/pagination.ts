import { Type as ClassType } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;

/** An empty query value (`?page=`) means "not given": the default applies. */
function emptyTo(fallback: unknown) {
  return Transform(({ value }) => (value === undefined || value === '' ? fallback : value));
}

/**
 * Query-string text filter: trimmed; empty means "no filter" (HTML filter forms send every field,
 * used or not). Anything that is not a string is left for the validators to refuse.
 */
export function QueryText() {
  return Transform(({ value }) => {
    if (typeof value !== 'string') return value;
    const trimmed = value.trim();
    return trimmed === '' ? undefined : trimmed;
  });
}

/** Query-string yes/no filter: `true` / `false`; empty means "no filter". Anything else is refused. */
export function QueryBoolean() {
  return Transform(({ value }) =>
    value === 'true' || value === true
      ? true
      : value === 'false' || value === false
        ? false
        : value === ''
          ? undefined
          : value,
  );
}

/** `?page=&pageSize=` of every list. Subclass it with the list's filters. */
export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, default: 1, type: 'integer' })
  @emptyTo(1)
  @Type(() => Number)
  @Min(1)
  @IsInt()
  page: number = 1;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE, type: 'integer' })
  @emptyTo(DEFAULT_PAGE_SIZE)
  @Type(() => Number)
  @Max(MAX_PAGE_SIZE)
  @Min(1)
  @IsInt()
  pageSize: number = DEFAULT_PAGE_SIZE;
}

/** The response shape of every list. */
export interface Paginated<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/**
 * A named OpenAPI class for `Paginated<Item>`:
 * `export class UserPageDto extends PaginatedDto(UserResponseDto) {}`.
 */
export function PaginatedDto<T>(item: ClassType<T>): ClassType<Paginated<T>> {
  class PaginatedOf implements Paginated<T> {
    @ApiProperty({ type: () => item, isArray: true })
    items: T[];

    @ApiProperty({ description: 'Number of matching items across all pages', type: 'integer' })
    total: number;

    @ApiProperty({ minimum: 1, type: 'integer' })
    page: number;

    @ApiProperty({ minimum: 1, maximum: MAX_PAGE_SIZE, type: 'integer' })
    pageSize: number;
  }
  Object.defineProperty(PaginatedOf, 'name', { value: `Paginated${item.name}` });
  return PaginatedOf;
}

export function paginated<T>(items: T[], total: number, q: { page: number; pageSize: number }): Paginated<T> {
  return { items, total, page: q.page, pageSize: q.pageSize };
}

/** One page of a list already read in full (a short list of one record, e.g. a case's assignments). */
export function pageOf<T>(all: T[], q: { page: number; pageSize: number }): Paginated<T> {
  return paginated(all.slice((q.page - 1) * q.pageSize, q.page * q.pageSize), all.length, q);
}

/** What views/partials/pagination.hbs expects. */
export interface PaginationView {
  from: number;
  to: number;
  total: number;
  page: number;
  pages: number;
  prevUrl: string | null;
  nextUrl: string | null;
}

type QueryValue = string | number | boolean | Date | null | undefined | readonly (string | number)[];

/**
 * The pagination partial's data for a list page, or null when there is nothing to page through.
 * Previous/next links keep the other filters (`query`), encoded; `page` and `pageSize` in `query`
 * are ignored (the page size is kept when it is not the default). A page holding several lists names
 * its page parameter (`pageParam`, e.g. `historyPage`) and the fragment the links go to.
 */
export function paginationView(
  total: number,
  page: number,
  pageSize: number,
  baseUrl: string,
  query: Record<string, QueryValue> = {},
  options: { pageParam?: string; fragment?: string } = {},
): PaginationView | null {
  const pageParam = options.pageParam ?? 'page';
  if (total <= 0) return null;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const urlFor = (target: number): string => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (key === pageParam || key === 'pageSize' || value === undefined || value === null || value === '')
        continue;
      const values = Array.isArray(value) ? value : [value];
      for (const v of values) params.append(key, v instanceof Date ? v.toISOString() : String(v));
    }
    if (pageSize !== DEFAULT_PAGE_SIZE) params.set('pageSize', String(pageSize));
    if (target > 1 || pageParam !== 'page') params.set(pageParam, String(target));
    const qs = params.toString();
    const fragment = options.fragment ? `#${options.fragment}` : '';
    return (qs ? `${baseUrl}?${qs}` : baseUrl) + fragment;
  };
  const first = (page - 1) * pageSize;
  const inRange = first < total;
  return {
    from: inRange ? first + 1 : 0,
    to: inRange ? Math.min(first + pageSize, total) : 0,
    total,
    page,
    pages,
    prevUrl: page > 1 ? urlFor(Math.min(page - 1, pages)) : null,
    nextUrl: page < pages ? urlFor(page + 1) : null,
  };
}
