import { defineListSort } from '../platform/common/list-sort';

/**
 * The notification list's columns to sort by (`GET /api/notifications`, the page /notifications);
 * the id ends every order. Unread ones (no read time) come last when sorted by the read time.
 */
export const NOTIFICATION_LIST_SORT = defineListSort({
  name: 'notifications',
  api: '/api/notifications',
  pages: ['/notifications'],
  columns: {
    createdAt: { order: ['n.createdAt', 'n.id'], field: 'createdAt' },
    kind: { order: ['n.kind', 'n.createdAt', 'n.id'], field: 'kind' },
    readAt: { order: ['n.readAt', 'n.id'], field: 'readAt', nullable: true },
  },
  defaultSort: 'createdAt',
  defaultDir: 'desc',
});
