import { defineListSort } from '../../platform/common/list-sort';

/**
 * The volunteers' columns to sort by (`GET /api/community/volunteers`, the page
 * /community/volunteers: staff who read volunteers see every one of them); the id ends every order.
 * The phone is encrypted (not orderable); the count of active assignments is computed, not a column.
 */
export const VOLUNTEER_LIST_SORT = defineListSort({
  name: 'volunteers',
  api: '/api/community/volunteers',
  pages: ['/community/volunteers'],
  columns: {
    name: { order: ['v.name', 'v.id'], field: 'name' },
    groupName: { order: ['v.groupName', 'v.name', 'v.id'], field: 'groupName' },
    district: { order: ['v.district', 'v.name', 'v.id'], field: 'district', nullable: true },
    status: { order: ['v.isActive', 'v.name', 'v.id'], field: 'isActive' },
  },
  defaultSort: 'groupName',
  defaultDir: 'asc',
});

/**
 * A volunteer's own assignments (`GET /api/my-monitoring`, the page /community/monitoring): only
 * what the volunteer is shown of every assignment of theirs, whatever the consent says — its start,
 * its end and its status. Nothing of the case (not even its number) is a column, so the order can
 * tell the volunteer nothing they do not see. The id ends every order.
 */
export const MY_MONITORING_LIST_SORT = defineListSort({
  name: 'my-monitoring',
  api: '/api/my-monitoring',
  pages: ['/community/monitoring'],
  columns: {
    startedOn: { order: ['a.startedOn', 'a.id'], field: 'startedOn' },
    endedOn: { order: ['a.endedOn', 'a.startedOn', 'a.id'], field: 'endedOn', nullable: true },
    status: { order: ['a.status', 'a.startedOn', 'a.id'], field: 'status' },
  },
  defaultSort: 'status',
  defaultDir: 'asc',
});
