import { defineListSort } from '../platform/common/list-sort';

/**
 * The action plans' columns to sort by (`GET /api/action-plans`, the page /pug/action-plans): the
 * plan (alias `p`) and its region's name (alias `r`); the id ends every order.
 */
export const ACTION_PLAN_LIST_SORT = defineListSort({
  name: 'action-plans',
  api: '/api/action-plans',
  pages: ['/pug/action-plans'],
  columns: {
    title: { order: ['p.title', 'p.id'], field: 'title' },
    region: { order: ['r.name', 'p.year', 'p.id'], field: 'regionName' },
    year: { order: ['p.year', 'p.title', 'p.id'], field: 'year' },
    source: { order: ['p.source', 'p.year', 'p.id'], field: 'source' },
  },
  defaultSort: 'year',
  defaultDir: 'desc',
});
