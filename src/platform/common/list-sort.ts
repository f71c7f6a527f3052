import { applyDecorators, HttpStatus } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { AppException, ErrorCode } from './app.exception';
import { DEFAULT_PAGE_SIZE } from './pagination';

/**
 * Sorting a list by its columns, in the database (issue 18, "finding things").
 *
 * Every list that can be sorted is declared once with `defineListSort`: the query parameter names
 * (`sort=<column>&dir=asc|desc`) a caller may use, each mapped to the columns of the ORDER BY. The
 * last column of every order is unique (the stable tie-breaker, e.g. the id or the case number), so
 * that pages never overlap or skip a row. Only plain columns are sortable: encrypted ones (names,
 * addresses…) cannot be ordered by the database and are never offered.
 *
 * The declarations form the table of sortable lists (`sortableLists()`) that the e2e suite
 * test/list-sorting.e2e-spec.ts walks, so a new list cannot be forgotten.
 */

export const SORT_DIRECTIONS = ['asc', 'desc'] as const;
export type SortDirection = (typeof SORT_DIRECTIONS)[number];

/** The page sizes a list page offers (its select); the API takes any size from 1 to 100. */
export const PAGE_SIZES = [10, 25, 50, 100] as const;

export interface SortColumn {
  /** The ORDER BY, most significant first; the whole order is unique (the list's tie-breaker last). */
  order: string[];
  /** The property of the JSON item this column shows (the e2e suite checks the order with it). */
  field: string;
  /**
   * The first column may be empty: empty values come last in both directions (sqlite puts NULL
   * first and PostgreSQL last unless told).
   */
  nullable?: boolean;
}

export interface ListSortDefinition<C extends string = string> {
  /** The list's name (the e2e suite's table). */
  name: string;
  /** The JSON route of the list, and its pages (paths). */
  api: string | null;
  pages: string[];
  columns: Record<C, SortColumn>;
  /** The order when none is asked for (what the list's index serves). */
  defaultSort: NoInfer<C>;
  defaultDir: SortDirection;
}

const REGISTRY = new Map<string, ListSortDefinition>();

/** Declares a sortable list (once, at module load) and returns it. */
export function defineListSort<C extends string>(def: ListSortDefinition<C>): ListSortDefinition<C> {
  if (REGISTRY.has(def.name)) throw new Error(`sortable list ${def.name} declared twice`);
  for (const [key, col] of Object.entries<SortColumn>(def.columns))
    if (!col.order.length) throw new Error(`sortable list ${def.name}: column ${key} has no order`);
  REGISTRY.set(def.name, def as ListSortDefinition);
  return def;
}

/** Every sortable list declared so far (all of them once the application module is loaded). */
export function sortableLists(): ListSortDefinition[] {
  return [...REGISTRY.values()];
}

export function sortKeys<C extends string>(def: ListSortDefinition<C>): C[] {
  return Object.keys(def.columns) as C[];
}

/** What a list query carries to sort. */
export interface SortQuery {
  sort?: string;
  dir?: SortDirection;
}

/** The order a query asks for (the list's default when it asks for none); a direction alone reverses the default. */
export function resolveSort<C extends string>(
  def: ListSortDefinition<C>,
  q: SortQuery,
): { sort: C; dir: SortDirection } {
  const sort = (q.sort ?? def.defaultSort) as C;
  if (!Object.prototype.hasOwnProperty.call(def.columns, sort)) throw sortRefused();
  const dir = q.dir ?? (q.sort && q.sort !== def.defaultSort ? 'asc' : def.defaultDir);
  return { sort, dir };
}

/** A refused sort column: a 400 naming the `sort` field, like a validation refusal. */
export function sortRefused(): AppException {
  return new AppException(ErrorCode.ValidationFailed, HttpStatus.BAD_REQUEST, {}, [
    { field: 'sort', rule: 'isIn' },
  ]);
}

/**
 * Adds the list's ORDER BY to a query (replacing any order it had): every column of the asked
 * order in the asked direction. Refuses (400, field `sort`) a column the list does not offer, or
 * one not in `allowed` (a column this reader may not order by: what they do not see).
 */
export function applySort<T extends ObjectLiteral, C extends string>(
  qb: SelectQueryBuilder<T>,
  def: ListSortDefinition<C>,
  q: SortQuery,
  allowed?: readonly C[],
): SelectQueryBuilder<T> {
  const { sort, dir } = resolveSort(def, q);
  if (allowed && !allowed.includes(sort)) throw sortRefused();
  const direction = dir === 'asc' ? 'ASC' : 'DESC';
  const col = def.columns[sort];
  col.order.forEach((column, i) => {
    const nulls = i === 0 && col.nullable ? 'NULLS LAST' : undefined;
    if (i === 0) qb.orderBy(column, direction, nulls);
    else qb.addOrderBy(column, direction);
  });
  return qb;
}

/** Query text: trimmed, empty means "not given". */
function emptyAsUndefined() {
  return Transform(({ value }) => {
    if (typeof value !== 'string') return value;
    const trimmed = value.trim();
    return trimmed === '' ? undefined : trimmed;
  });
}

/** The `sort` query parameter of a list: one of the list's columns (documented in OpenAPI). */
export function SortParam(def: ListSortDefinition) {
  const keys = sortKeys(def);
  return applyDecorators(
    ApiPropertyOptional({
      enum: keys,
      description: `The column to sort by (in the database; default \`${def.defaultSort}\` ${def.defaultDir}). Any other value is refused (400, field \`sort\`).`,
    }),
    emptyAsUndefined(),
    IsOptional(),
    IsIn(keys),
  );
}

/** The `dir` query parameter: `asc` or `desc` (default: ascending for a chosen column, the list's own for its default order). */
export function DirParam() {
  return applyDecorators(
    ApiPropertyOptional({ enum: SORT_DIRECTIONS, description: 'Sort direction' }),
    emptyAsUndefined(),
    IsOptional(),
    IsIn(SORT_DIRECTIONS),
  );
}

/**
 * A list page's `pageSize`: 1–100 like the JSON API's (CONVENTIONS), the page's select offering
 * PAGE_SIZES (and the current size when a link asked for another); empty means the default.
 */
export function PageSizeParam() {
  return applyDecorators(
    ApiPropertyOptional({ minimum: 1, maximum: 100, default: DEFAULT_PAGE_SIZE, type: 'integer' }),
    // The raw value (no @Type: it would turn an empty text into 0 before this sees it).
    Transform(
      ({ obj, key }) => {
        const value = obj[key];
        return value === undefined || value === ''
          ? DEFAULT_PAGE_SIZE
          : typeof value === 'string' && /^\s*\d{1,4}\s*$/.test(value)
            ? Number(value.trim())
            : value;
      },
      { toClassOnly: true },
    ),
    IsInt(),
    Min(1),
    Max(100),
  );
}

// ---- pages -------------------------------------------------------------------------------------------

type QueryValue = string | number | boolean | Date | null | undefined | readonly (string | number)[];

export interface SortHeaderView {
  url: string;
  /** `ascending` / `descending` on the sorted column, null elsewhere (the `aria-sort` of its th). */
  ariaSort: 'ascending' | 'descending' | null;
  /** What the link says to a screen reader: the current order and what a click does (a translation key). */
  stateKey: string;
}

export interface ListControlsView {
  /** One header link per sortable column this reader may use. */
  columns: Record<string, SortHeaderView>;
  /** The page-size form: its options and the other parameters it keeps (hidden fields). */
  pageSize: {
    action: string;
    options: { value: number; selected: boolean }[];
    keep: { name: string; value: string }[];
  };
  /** What a filter form keeps (hidden fields): the order and the page size. */
  keepForFilters: { name: string; value: string }[];
}

function queryString(params: [string, string][]): string {
  const p = new URLSearchParams();
  for (const [k, v] of params) p.append(k, v);
  const qs = p.toString();
  return qs ? `?${qs}` : '';
}

function pairs(query: Record<string, QueryValue>, skip: string[]): [string, string][] {
  const out: [string, string][] = [];
  for (const [key, value] of Object.entries(query)) {
    if (skip.includes(key) || value === undefined || value === null || value === '') continue;
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) out.push([key, v instanceof Date ? v.toISOString() : String(v)]);
  }
  return out;
}

/**
 * The view data of a list page's sort headers, page-size form and kept parameters. `filters` are the
 * list's own filters (kept by every link and form); `sort`/`dir`/`pageSize` the current ones. A sort
 * link goes back to page 1.
 */
export function listControlsView<C extends string>(
  def: ListSortDefinition<C>,
  baseUrl: string,
  current: { sort?: string; dir?: SortDirection; pageSize: number },
  filters: Record<string, QueryValue>,
  allowed: readonly C[] = sortKeys(def),
): ListControlsView {
  const known = Object.prototype.hasOwnProperty.call(def.columns, current.sort ?? def.defaultSort);
  const { sort, dir } = known ? resolveSort(def, current) : { sort: def.defaultSort, dir: def.defaultDir };
  const kept = pairs(filters, ['page', 'pageSize', 'sort', 'dir']);
  const sizePair: [string, string][] =
    current.pageSize !== DEFAULT_PAGE_SIZE ? [['pageSize', String(current.pageSize)]] : [];
  const columns: Record<string, SortHeaderView> = {};
  for (const key of allowed) {
    const sorted = key === sort;
    const nextDir: SortDirection = sorted ? (dir === 'asc' ? 'desc' : 'asc') : 'asc';
    columns[key] = {
      url: baseUrl + queryString([...kept, ['sort', key], ['dir', nextDir], ...sizePair]),
      ariaSort: sorted ? (dir === 'asc' ? 'ascending' : 'descending') : null,
      stateKey: sorted ? `common.sort.sorted.${dir}` : 'common.sort.notSorted',
    };
  }
  const orderPairs: [string, string][] =
    current.sort || current.dir
      ? [
          ['sort', sort],
          ['dir', dir],
        ]
      : [];
  return {
    columns,
    pageSize: {
      action: baseUrl,
      options: [...new Set([...PAGE_SIZES, current.pageSize])]
        .sort((a, b) => a - b)
        .map((value) => ({ value, selected: value === current.pageSize })),
      keep: [...kept, ...orderPairs].map(([name, value]) => ({ name, value })),
    },
    keepForFilters: [...orderPairs, ...sizePair].map(([name, value]) => ({ name, value })),
  };
}
