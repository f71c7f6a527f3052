import { defineListSort } from '../../platform/common/list-sort';

/**
 * The partnership agreements' columns to sort by (`GET /api/partnerships`, the page /partnerships);
 * the agreement's number (unique) ends every order. The institution (another feature's table) and
 * the services (a list) are not sortable columns.
 */
export const PARTNERSHIP_LIST_SORT = defineListSort({
  name: 'partnerships',
  api: '/api/partnerships',
  pages: ['/partnerships'],
  columns: {
    number: { order: ['a.number'], field: 'number' },
    title: { order: ['a.title', 'a.number'], field: 'title' },
    signedOn: { order: ['a.signedOn', 'a.number'], field: 'signedOn' },
    validFrom: { order: ['a.validFrom', 'a.number'], field: 'validFrom' },
    validUntil: { order: ['a.validUntil', 'a.number'], field: 'validUntil', nullable: true },
    status: { order: ['a.status', 'a.validFrom', 'a.number'], field: 'status' },
  },
  defaultSort: 'validFrom',
  defaultDir: 'desc',
});
