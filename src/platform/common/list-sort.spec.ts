import { AppException } from './app.exception';
import {
  applySort,
  defineListSort,
  DirParam,
  listControlsView,
  PageSizeParam,
  resolveSort,
  SortParam,
  sortableLists,
} from './list-sort';
import { createValidationPipe } from './validation';

async function validateInput(cls: any, raw: object, type: 'query') {
  try {
    return { value: await createValidationPipe().transform(raw, { type, metatype: cls }), error: undefined };
  } catch (error) {
    return { value: undefined, error: error as AppException };
  }
}

const THINGS = defineListSort({
  name: 'spec-things',
  api: '/api/things',
  pages: ['/things'],
  columns: {
    created: { order: ['t.createdAt', 't.id'], field: 'createdAt' },
    name: { order: ['t.code', 't.id'], field: 'code' },
    risk: { order: ['t.risk', 't.id'], field: 'risk', nullable: true },
  },
  defaultSort: 'created',
  defaultDir: 'desc',
});

class ThingsQuery {
  @SortParam(THINGS) sort?: string;
  @DirParam() dir?: 'asc' | 'desc';
  @PageSizeParam() pageSize: number = 25;
}

/** A query builder that records the ORDER BY it is given. */
function recorder() {
  const calls: [string, string, string | undefined][] = [];
  const qb: any = {
    orderBy: (c: string, d: string, n?: string) => {
      calls.length = 0;
      calls.push([c, d, n]);
      return qb;
    },
    addOrderBy: (c: string, d: string, n?: string) => {
      calls.push([c, d, n]);
      return qb;
    },
  };
  return { qb, calls };
}

describe('list sorting (shared)', () => {
  it('declares each list once, in the table of sortable lists', () => {
    expect(sortableLists().map((l) => l.name)).toContain('spec-things');
    expect(() => defineListSort({ ...THINGS, name: 'spec-things' })).toThrow(/declared twice/);
  });

  it('the default order when none is asked; a chosen column ascends unless told; a direction alone reverses the default', () => {
    expect(resolveSort(THINGS, {})).toEqual({ sort: 'created', dir: 'desc' });
    expect(resolveSort(THINGS, { sort: 'name' })).toEqual({ sort: 'name', dir: 'asc' });
    expect(resolveSort(THINGS, { sort: 'name', dir: 'desc' })).toEqual({ sort: 'name', dir: 'desc' });
    expect(resolveSort(THINGS, { dir: 'asc' })).toEqual({ sort: 'created', dir: 'asc' });
  });

  it('orders by every column of the order in one direction (the tie-breaker last); empty values last', () => {
    const { qb, calls } = recorder();
    applySort(qb, THINGS, { sort: 'name', dir: 'desc' });
    expect(calls).toEqual([
      ['t.code', 'DESC', undefined],
      ['t.id', 'DESC', undefined],
    ]);
    applySort(qb, THINGS, { sort: 'risk' });
    expect(calls).toEqual([
      ['t.risk', 'ASC', 'NULLS LAST'],
      ['t.id', 'ASC', undefined],
    ]);
  });

  it('refuses a column the list does not offer, or one this reader may not use: 400 naming `sort`', () => {
    const { qb } = recorder();
    for (const [q, allowed] of [
      [{ sort: 'victimName' }, undefined],
      [{ sort: 'constructor' }, undefined],
      [{ sort: 'risk' }, ['created', 'name'] as const],
    ] as const) {
      let err: unknown;
      try {
        applySort(qb, THINGS, q, allowed as never);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(AppException);
      expect((err as AppException).getStatus()).toBe(400);
      expect((err as AppException).problems).toEqual([{ field: 'sort', rule: 'isIn' }]);
    }
  });

  it('validates the query: a known column and direction, a page size of 1–100 like the API', async () => {
    const ok = await validateInput(ThingsQuery, { sort: 'name', dir: 'desc', pageSize: '50' }, 'query');
    expect(ok.value).toMatchObject({ sort: 'name', dir: 'desc', pageSize: 50 });
    const linked = await validateInput(ThingsQuery, { pageSize: '30' }, 'query');
    expect(linked.value).toMatchObject({ pageSize: 30 });
    const empty = await validateInput(ThingsQuery, { sort: '', dir: '', pageSize: '' }, 'query');
    expect(empty.value).toMatchObject({ sort: undefined, dir: undefined, pageSize: 25 });
    for (const [raw, field] of [
      [{ sort: 'code' }, 'sort'],
      [{ dir: 'up' }, 'dir'],
      [{ pageSize: '0' }, 'pageSize'],
      [{ pageSize: '101' }, 'pageSize'],
      [{ pageSize: '1000' }, 'pageSize'],
      [{ pageSize: 'abc' }, 'pageSize'],
    ] as const) {
      const bad = await validateInput(ThingsQuery, raw, 'query');
      expect(bad.error?.problems.map((p) => p.field)).toEqual([field]);
    }
  });

  it('page view: the page-size select offers the usual sizes and the current one', () => {
    const v = listControlsView(THINGS, '/things', { pageSize: 30 }, {});
    expect(v.pageSize.options).toEqual([
      { value: 10, selected: false },
      { value: 25, selected: false },
      { value: 30, selected: true },
      { value: 50, selected: false },
      { value: 100, selected: false },
    ]);
  });

  it('page view: header links keep the filters and the page size, go to page 1, and say the current order', () => {
    const v = listControlsView(
      THINGS,
      '/things',
      { sort: 'name', dir: 'asc', pageSize: 50 },
      { q: 'a b', page: 3, empty: '', status: undefined },
    );
    expect(v.columns.name).toEqual({
      url: '/things?q=a+b&sort=name&dir=desc&pageSize=50',
      ariaSort: 'ascending',
      stateKey: 'common.sort.sorted.asc',
    });
    expect(v.columns.created).toMatchObject({
      url: '/things?q=a+b&sort=created&dir=asc&pageSize=50',
      ariaSort: null,
    });
    expect(v.pageSize.keep).toEqual([
      { name: 'q', value: 'a b' },
      { name: 'sort', value: 'name' },
      { name: 'dir', value: 'asc' },
    ]);
    expect(v.pageSize.options.find((o) => o.selected)?.value).toBe(50);
    expect(v.keepForFilters).toEqual([
      { name: 'sort', value: 'name' },
      { name: 'dir', value: 'asc' },
      { name: 'pageSize', value: '50' },
    ]);
  });

  it('page view: the default order is marked on its column; only the allowed columns get links', () => {
    const v = listControlsView(THINGS, '/things', { pageSize: 25 }, {}, ['created', 'name']);
    expect(Object.keys(v.columns)).toEqual(['created', 'name']);
    expect(v.columns.created.ariaSort).toBe('descending');
    expect(v.columns.created.url).toBe('/things?sort=created&dir=asc');
    expect(v.keepForFilters).toEqual([]);
  });
});
