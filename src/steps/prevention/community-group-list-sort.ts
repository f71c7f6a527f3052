import { defineListSort } from '../../platform/common/list-sort';

/**
 * The community groups' columns to sort by (`GET /api/community-groups`, the page
 * /programme/groups); the id ends every order.
 */
export const COMMUNITY_GROUP_LIST_SORT = defineListSort({
  name: 'community-groups',
  api: '/api/community-groups',
  pages: ['/programme/groups'],
  columns: {
    name: { order: ['g.name', 'g.id'], field: 'name' },
    kind: { order: ['g.kind', 'g.name', 'g.id'], field: 'kind' },
    district: { order: ['g.district', 'g.name', 'g.id'], field: 'district' },
    status: { order: ['g.isActive', 'g.name', 'g.id'], field: 'isActive' },
  },
  defaultSort: 'name',
  defaultDir: 'asc',
});
