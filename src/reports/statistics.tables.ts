/**
 * Statistics tables and small-cell suppression, independent of the database.
 *
 * A table is a grid of counts (rows × columns). Labels are translation keys (`rowNs` + key) unless
 * the row keys are data themselves (district or institution names: `rowNs` null, `label` set).
 */

export type Totals = 'both' | 'columns' | 'none';

export interface StatRow {
  key: string;
  /** Shown as is (district, institution); otherwise the key is translated under `rowNs`. */
  label?: string;
  /** A translation key for this row alone (a data row that is not data, e.g. "the centre itself"). */
  labelKey?: string;
  values: number[];
}

export interface StatTable {
  id: string;
  /** Translation prefix of the row keys; null when rows carry their own label. */
  rowNs: string | null;
  /** Translation prefix of the column keys. */
  colNs: string;
  columns: string[];
  rows: StatRow[];
  /**
   * Which margins are meaningful: 'both' (row totals and column totals), 'columns' (column sums
   * only: columns measure different things), 'none' (multi-response: a case counts in several rows).
   */
  totals: Totals;
  /** Counts cases or victims: the consent filter and small-cell suppression apply to external exports. */
  caseBased: boolean;
}

/** A presented cell: an exact count, or `SUPPRESSED` in external exports. */
export type Cell = number | string;
export const SUPPRESSED = '<5';
export const SMALL_MIN = 1;
export const SMALL_MAX = 4;

export interface PresentedRow {
  key: string;
  label?: string;
  labelKey?: string;
  values: Cell[];
  total: Cell | null;
}

export interface PresentedTable {
  id: string;
  rowNs: string | null;
  colNs: string;
  columns: string[];
  rows: PresentedRow[];
  /** Column totals (null when totals are not meaningful). */
  columnTotals: Cell[] | null;
  grandTotal: Cell | null;
  totals: Totals;
  caseBased: boolean;
  suppressed: boolean;
}

const isSmall = (n: number) => n >= SMALL_MIN && n <= SMALL_MAX;

/**
 * Suppression for external exports (GBVIMS practice), on the table extended with its margins:
 *
 * 1. Primary: every cell — inner cells and totals alike — holding 1 to 4 becomes "<5".
 * 2. Complementary: a line (row or column of the extended table, a total being one more cell of the
 *    line it sums) with exactly ONE suppressed cell would let a reader recompute it as
 *    total − the others; so the smallest other cell of that line is suppressed too (a non-zero cell
 *    when there is one). Repeated until no line has exactly one suppressed cell.
 *
 * Lines are equations (total = sum of cells); with zero or ≥ 2 unknowns in every line no single
 * suppressed value can be solved from one line. Zeros stay visible: an empty cell discloses no one.
 */
export function suppressionMask(grid: number[][]): boolean[][] {
  const mask = grid.map((row) => row.map(isSmall));
  const lines: [number, number][][] = [];
  for (let r = 0; r < grid.length; r++) lines.push(grid[r]!.map((_, c) => [r, c] as [number, number]));
  const width = grid[0]?.length ?? 0;
  for (let c = 0; c < width; c++) lines.push(grid.map((_, r) => [r, c] as [number, number]));
  let changed = true;
  while (changed) {
    changed = false;
    for (const line of lines) {
      const hidden = line.filter(([r, c]) => mask[r]![c]);
      if (hidden.length !== 1) continue;
      const candidates = line
        .filter(([r, c]) => !mask[r]![c])
        .sort((a, b) => {
          const va = grid[a[0]]![a[1]]!;
          const vb = grid[b[0]]![b[1]]!;
          // non-zero first, then the smallest
          if ((va === 0) !== (vb === 0)) return va === 0 ? 1 : -1;
          return va - vb;
        });
      const pick = candidates[0];
      if (!pick) continue;
      mask[pick[0]]![pick[1]] = true;
      changed = true;
    }
  }
  return mask;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** The table with its margins; suppressed when `suppress` (external exports of case-based tables). */
export function present(table: StatTable, suppress: boolean): PresentedTable {
  const rowTotals = table.totals === 'both' && table.columns.length > 1;
  const colTotals = table.totals !== 'none';
  // The extended grid: inner cells, a row-total column, a column-total row.
  const grid: number[][] = table.rows.map((r) => (rowTotals ? [...r.values, sum(r.values)] : [...r.values]));
  if (colTotals) {
    const width = table.columns.length + (rowTotals ? 1 : 0);
    grid.push(Array.from({ length: width }, (_, c) => sum(grid.map((row) => row[c]!))));
  }
  const doSuppress = suppress && table.caseBased;
  // Lines through the margins only make sense when the totals exist; without them, each cell stands
  // alone and primary suppression is enough.
  const mask = doSuppress
    ? colTotals
      ? suppressionMask(grid)
      : grid.map((row) => row.map(isSmall))
    : grid.map((row) => row.map(() => false));
  const cell = (r: number, c: number): Cell => (mask[r]![c] ? SUPPRESSED : grid[r]![c]!);
  const n = table.columns.length;
  const rows: PresentedRow[] = table.rows.map((row, r) => ({
    key: row.key,
    ...(row.label !== undefined ? { label: row.label } : {}),
    ...(row.labelKey !== undefined ? { labelKey: row.labelKey } : {}),
    values: row.values.map((_, c) => cell(r, c)),
    total: rowTotals ? cell(r, n) : null,
  }));
  const last = table.rows.length;
  return {
    id: table.id,
    rowNs: table.rowNs,
    colNs: table.colNs,
    columns: table.columns,
    rows,
    columnTotals: colTotals ? table.columns.map((_, c) => cell(last, c)) : null,
    grandTotal: colTotals ? (rowTotals ? cell(last, n) : n === 1 ? cell(last, 0) : null) : null,
    totals: table.totals,
    caseBased: table.caseBased,
    suppressed: doSuppress,
  };
}
