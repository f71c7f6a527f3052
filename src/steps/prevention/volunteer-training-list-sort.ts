import { defineListSort } from '../../platform/common/list-sort';

/**
 * The volunteer trainings' columns to sort by (`GET /api/volunteer-trainings`, the page
 * /programme/volunteer-trainings); the id ends every order.
 */
export const VOLUNTEER_TRAINING_LIST_SORT = defineListSort({
  name: 'volunteer-trainings',
  api: '/api/volunteer-trainings',
  pages: ['/programme/volunteer-trainings'],
  columns: {
    startDate: { order: ['t.startDate', 't.title', 't.id'], field: 'startDate' },
    title: { order: ['t.title', 't.id'], field: 'title' },
  },
  defaultSort: 'startDate',
  defaultDir: 'desc',
});
