/*
 * Assertions over lists that cannot pass on an empty list (issue 22, item 8). `expect(list.every(p))`
 * is true for [], and `expect(list.some(p)).toBe(false)` too: a list that came back empty by mistake
 * (a broken filter, a wrong route, a fixture that did not run) would pass them. Lint refuses those
 * two forms in tests (eslint.config.mjs); these helpers assert the list's length first and show
 * the offending elements when they fail.
 */

/** At least `min` elements (default 1), and every one satisfies `predicate`. */
export function expectEvery<T>(list: readonly T[], predicate: (item: T) => boolean, min = 1): void {
  expect(list.length).toBeGreaterThanOrEqual(min);
  expect(list.filter((item) => !predicate(item))).toEqual([]);
}

/** At least `min` elements (default 1), and none satisfies `predicate`. */
export function expectNone<T>(list: readonly T[], predicate: (item: T) => boolean, min = 1): void {
  expect(list.length).toBeGreaterThanOrEqual(min);
  expect(list.filter(predicate)).toEqual([]);
}
