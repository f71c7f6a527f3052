import { defineListSort } from '../platform/common/list-sort';

/** The PUG regions' columns to sort by (`GET /api/pug-regions`); the id ends every order. */
export const REGION_LIST_SORT = defineListSort({
  name: 'pug-regions',
  api: '/api/pug-regions',
  pages: [],
  columns: {
    name: { order: ['g.name', 'g.id'], field: 'name' },
    kind: { order: ['g.kind', 'g.name', 'g.id'], field: 'kind' },
  },
  defaultSort: 'name',
  defaultDir: 'asc',
});

/**
 * The PUG bodies' columns to sort by (`GET /api/pug-bodies`): the body (alias `b`) and its region's
 * name (alias `r`); the id ends every order. The default (by region, then kind and name) is the list's
 * order before it could be sorted.
 */
export const BODY_LIST_SORT = defineListSort({
  name: 'pug-bodies',
  api: '/api/pug-bodies',
  pages: [],
  columns: {
    region: { order: ['r.name', 'b.kind', 'b.name', 'b.id'], field: 'regionName' },
    kind: { order: ['b.kind', 'b.name', 'b.id'], field: 'kind' },
    name: { order: ['b.name', 'b.id'], field: 'name' },
  },
  defaultSort: 'region',
  defaultDir: 'asc',
});
