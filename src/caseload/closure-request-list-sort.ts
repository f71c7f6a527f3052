import { defineListSort } from '../platform/common/list-sort';

/**
 * The pending closure requests' columns to sort by (`GET /api/closure-requests`, the page
 * /closure-requests): the request (alias `r`) and its case's number (alias `c`, the relation); the
 * id ends every order. The explanation is encrypted and never offered.
 */
export const CLOSURE_REQUEST_LIST_SORT = defineListSort({
  name: 'closure-requests',
  api: '/api/closure-requests',
  pages: ['/closure-requests'],
  columns: {
    caseNumber: { order: ['c.number', 'r.id'], field: 'caseNumber' },
    requestedAt: { order: ['r.requestedAt', 'r.id'], field: 'requestedAt' },
    closureReason: { order: ['r.closureReason', 'r.requestedAt', 'r.id'], field: 'closureReason' },
  },
  defaultSort: 'requestedAt',
  defaultDir: 'asc',
});
