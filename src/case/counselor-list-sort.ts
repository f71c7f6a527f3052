import { defineListSort } from '../platform/common/list-sort';

/**
 * The assignable counselors' columns to sort by (`GET /api/counselors`): the users' query (alias `u`),
 * by the name shown; the id ends every order.
 */
export const COUNSELOR_LIST_SORT = defineListSort({
  name: 'counselors',
  api: '/api/counselors',
  pages: [],
  columns: {
    name: { order: ['u.displayName', 'u.id'], field: 'name' },
  },
  defaultSort: 'name',
  defaultDir: 'asc',
});
