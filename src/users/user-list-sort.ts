import { defineListSort } from '../platform/common/list-sort';

/** The user list's columns to sort by (`GET /api/users`, the page /admin/users); the id ends every order. */
export const USER_LIST_SORT = defineListSort({
  name: 'users',
  api: '/api/users',
  pages: ['/admin/users'],
  columns: {
    username: { order: ['u.username', 'u.id'], field: 'username' },
    displayName: { order: ['u.displayName', 'u.id'], field: 'displayName' },
    status: { order: ['u.isActive', 'u.username', 'u.id'], field: 'isActive' },
    lastLogin: { order: ['u.lastLoginAt', 'u.id'], field: 'lastLoginAt', nullable: true },
    createdAt: { order: ['u.createdAt', 'u.id'], field: 'createdAt' },
  },
  defaultSort: 'username',
  defaultDir: 'asc',
});
