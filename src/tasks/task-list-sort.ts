import { defineListSort } from '../platform/common/list-sort';

/**
 * "My tasks" (`GET /api/my-tasks`, the page /tasks; its first page on the home page): by due date (default), priority or kind; the
 * task's id ends every order. The tasks of all rules are one list merged from one query per rule
 * (each filtered in the database to what is due), so the order is applied to the merged rows.
 */
export const MY_TASKS_SORT = defineListSort({
  name: 'my-tasks',
  api: '/api/my-tasks',
  pages: ['/tasks'],
  columns: {
    dueOn: { order: ['dueOn', 'id'], field: 'dueOn' },
    priority: { order: ['priorityRank', 'dueOn', 'id'], field: 'priorityRank' },
    code: { order: ['code', 'dueOn', 'id'], field: 'code' },
  },
  defaultSort: 'dueOn',
  defaultDir: 'asc',
});

/** The team's overdue tasks (`GET /api/team-tasks`): by counselor (default) or due date. */
export const TEAM_TASKS_SORT = defineListSort({
  name: 'team-tasks',
  api: '/api/team-tasks',
  pages: ['/tasks/team'],
  columns: {
    ownerName: { order: ['ownerName', 'dueOn', 'id'], field: 'ownerName' },
    dueOn: { order: ['dueOn', 'id'], field: 'dueOn' },
  },
  defaultSort: 'ownerName',
  defaultDir: 'asc',
});
