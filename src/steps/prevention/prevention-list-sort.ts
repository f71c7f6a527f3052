import { defineListSort } from '../../platform/common/list-sort';

/**
 * The prevention activities' columns to sort by (`GET /api/prevention-activities`, the page
 * /programme/prevention); the id ends every order.
 */
export const PREVENTION_LIST_SORT = defineListSort({
  name: 'prevention-activities',
  api: '/api/prevention-activities',
  pages: ['/programme/prevention'],
  columns: {
    activityDate: { order: ['a.activityDate', 'a.id'], field: 'activityDate' },
    title: { order: ['a.title', 'a.id'], field: 'title' },
    district: { order: ['a.district', 'a.activityDate', 'a.id'], field: 'district' },
    kind: { order: ['a.kind', 'a.activityDate', 'a.id'], field: 'kind' },
  },
  defaultSort: 'activityDate',
  defaultDir: 'desc',
});
