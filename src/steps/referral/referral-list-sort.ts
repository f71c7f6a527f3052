import { defineListSort } from '../../platform/common/list-sort';

/**
 * The partner inbox's columns to sort by (`GET /api/partner/referrals`, the page /partner). The
 * referral id ends every order (unique). The case number is not a column of the referral: the inbox
 * is searched by it (`number`), not sorted.
 */
export const PARTNER_INBOX_SORT = defineListSort({
  name: 'partner-inbox',
  api: '/api/partner/referrals',
  pages: ['/partner'],
  columns: {
    received: { order: ['r.sentAt', 'r.id'], field: 'sentAt' },
    dueDate: { order: ['r.dueDate', 'r.id'], field: 'dueDate' },
    status: { order: ['r.status', 'r.sentAt', 'r.id'], field: 'status' },
    serviceRole: { order: ['r.serviceRole', 'r.sentAt', 'r.id'], field: 'serviceRole' },
    urgency: { order: ['r.urgency', 'r.sentAt', 'r.id'], field: 'urgency' },
  },
  defaultSort: 'received',
  defaultDir: 'desc',
});
