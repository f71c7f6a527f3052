import { defineListSort } from '../platform/common/list-sort';

/**
 * The decrees' columns to sort by (`GET /api/decrees`, the page /pug/decrees): the decree (alias
 * `d`) and its body's name (alias `b`); the id ends every order. The status is derived from whole
 * chains (not a column) and is not offered.
 */
export const DECREE_LIST_SORT = defineListSort({
  name: 'decrees',
  api: '/api/decrees',
  pages: ['/pug/decrees'],
  columns: {
    number: { order: ['d.number', 'd.id'], field: 'number' },
    decreeDate: { order: ['d.decreeDate', 'd.number', 'd.id'], field: 'decreeDate' },
    body: { order: ['b.name', 'd.decreeDate', 'd.id'], field: 'bodyName' },
    kind: { order: ['d.kind', 'd.decreeDate', 'd.id'], field: 'kind' },
    title: { order: ['d.title', 'd.id'], field: 'title' },
  },
  defaultSort: 'decreeDate',
  defaultDir: 'desc',
});
