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

/**
 * The referral list's columns to sort by (`GET /api/referrals`, the page /referrals: the referrals
 * of the cases the caller works on); the referral id ends every order.
 */
export const REFERRAL_LIST_SORT = defineListSort({
  name: 'referrals',
  api: '/api/referrals',
  pages: ['/referrals'],
  columns: {
    created: { order: ['r.createdAt', 'r.id'], field: 'createdAt' },
    dueDate: { order: ['r.dueDate', 'r.id'], field: 'dueDate' },
    status: { order: ['r.status', 'r.createdAt', 'r.id'], field: 'status' },
    serviceRole: { order: ['r.serviceRole', 'r.createdAt', 'r.id'], field: 'serviceRole' },
  },
  defaultSort: 'created',
  defaultDir: 'desc',
});
