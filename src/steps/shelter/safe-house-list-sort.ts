import { defineListSort } from '../../platform/common/list-sort';

/**
 * The safe-house list's columns to sort by (`GET /api/safe-houses`, the page /shelter/safe-houses);
 * the id ends every order. The address is encrypted and never offered.
 */
export const SAFE_HOUSE_LIST_SORT = defineListSort({
  name: 'safe-houses',
  api: '/api/safe-houses',
  pages: ['/shelter/safe-houses'],
  columns: {
    name: { order: ['h.name', 'h.id'], field: 'name' },
    capacity: { order: ['h.capacity', 'h.name', 'h.id'], field: 'capacity' },
    status: { order: ['h.isActive', 'h.name', 'h.id'], field: 'isActive' },
  },
  defaultSort: 'name',
  defaultDir: 'asc',
});
