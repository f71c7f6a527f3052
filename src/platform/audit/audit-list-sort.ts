import { defineListSort } from '../common/list-sort';

/**
 * The audit log's columns to sort by (`GET /api/audit-logs`, the page /admin/audit); the id (a
 * sequence) ends every order. Entries without a user or a resource come last.
 */
export const AUDIT_LIST_SORT = defineListSort({
  name: 'audit-logs',
  api: '/api/audit-logs',
  pages: ['/admin/audit'],
  columns: {
    at: { order: ['a.at', 'a.id'], field: 'at' },
    user: { order: ['a.username', 'a.at', 'a.id'], field: 'username', nullable: true },
    action: { order: ['a.action', 'a.at', 'a.id'], field: 'action' },
    resource: { order: ['a.resourceType', 'a.at', 'a.id'], field: 'resourceType', nullable: true },
    outcome: { order: ['a.outcome', 'a.at', 'a.id'], field: 'outcome' },
  },
  defaultSort: 'at',
  defaultDir: 'desc',
});
