import { defineListSort } from '../platform/common/list-sort';

/** The e-mail deliveries list's columns to sort by (`GET /api/email-deliveries`, the page); id last. */
export const EMAIL_DELIVERY_LIST_SORT = defineListSort({
  name: 'email-deliveries',
  api: '/api/email-deliveries',
  pages: ['/email-deliveries'],
  columns: {
    createdAt: { order: ['d.createdAt', 'd.id'], field: 'createdAt' },
    kind: { order: ['d.kind', 'd.createdAt', 'd.id'], field: 'kind' },
    attempts: { order: ['d.attempts', 'd.createdAt', 'd.id'], field: 'attempts' },
    lastErrorCode: { order: ['d.lastErrorCode', 'd.id'], field: 'lastErrorCode', nullable: true },
  },
  defaultSort: 'createdAt',
  defaultDir: 'desc',
});
