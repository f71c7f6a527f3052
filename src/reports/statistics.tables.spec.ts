import { present, StatTable, suppressionMask, SUPPRESSED } from './statistics.tables';

const table = (rows: number[][], totals: StatTable['totals'] = 'both'): StatTable => ({
  id: 'x',
  rowNs: 'r.',
  colNs: 'c.',
  columns: rows[0]!.map((_, i) => `c${i}`),
  rows: rows.map((values, i) => ({ key: `r${i}`, values })),
  totals,
  caseBased: true,
});

/** Lines of the presented table extended with its margins. */
function lines(t: ReturnType<typeof present>): (number | string)[][] {
  const grid = t.rows.map((r) => (r.total === null ? [...r.values] : [...r.values, r.total]));
  if (t.columnTotals)
    grid.push(t.rows[0]?.total === null ? [...t.columnTotals] : [...t.columnTotals, t.grandTotal!]);
  const out = [...grid];
  for (let c = 0; c < grid[0]!.length; c++) out.push(grid.map((r) => r[c]!));
  return out.filter((l) => l.length > 1);
}

describe('small-cell suppression', () => {
  it('suppresses 1–4 and, where a line has one suppressed cell, its next smallest cell too', () => {
    const p = present(
      table([
        [3, 10, 20],
        [7, 12, 30],
        [9, 0, 40],
      ]),
      true,
    );
    expect(p.rows[0]!.values[0]).toBe(SUPPRESSED);
    for (const line of lines(p)) expect(line.filter((v) => v === SUPPRESSED).length).not.toBe(1);
    for (const line of lines(p))
      for (const v of line) if (typeof v === 'number') expect(v === 0 || v >= 5).toBe(true);
  });

  it('suppresses small totals as well, and leaves zeros visible when not needed', () => {
    const p = present(table([[2], [0], [1]]), true);
    expect(p.columnTotals).toEqual([SUPPRESSED]);
    expect(p.rows.map((r) => r.values[0])).toEqual([SUPPRESSED, 0, SUPPRESSED]);
  });

  it('shows exact counts internally, and suppression applies only to case-based tables', () => {
    expect(present(table([[1, 2]]), false).rows[0]!.values).toEqual([1, 2]);
    expect(present({ ...table([[1, 2]]), caseBased: false }, true).rows[0]!.values).toEqual([1, 2]);
  });

  it('never leaves exactly one suppressed cell in a line on random tables', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 12;
    for (let n = 0; n < 200; n++) {
      const rows = Array.from({ length: 2 + (n % 4) }, () => Array.from({ length: 1 + (n % 3) }, rnd));
      const p = present(table(rows), true);
      for (const line of lines(p)) expect(line.filter((v) => v === SUPPRESSED).length).not.toBe(1);
      const mask = suppressionMask(rows);
      expect(mask.flat().filter(Boolean).length).toBeGreaterThanOrEqual(
        rows.flat().filter((v) => v >= 1 && v <= 4).length,
      );
    }
  });
});
