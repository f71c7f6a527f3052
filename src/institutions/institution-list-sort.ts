import { defineListSort } from '../platform/common/list-sort';

/**
 * The institution list's columns to sort by (`GET /api/institutions`, the page /admin/institutions);
 * the id ends every order.
 */
export const INSTITUTION_LIST_SORT = defineListSort({
  name: 'institutions',
  api: '/api/institutions',
  pages: ['/admin/institutions'],
  columns: {
    name: { order: ['i.name', 'i.id'], field: 'name' },
    type: { order: ['i.type', 'i.name', 'i.id'], field: 'type' },
    status: { order: ['i.isActive', 'i.name', 'i.id'], field: 'isActive' },
    updatedAt: { order: ['i.updatedAt', 'i.id'], field: 'updatedAt' },
  },
  defaultSort: 'name',
  defaultDir: 'asc',
});
