import { Role } from '../platform/auth/permissions';
import { defineListSort } from '../platform/common/list-sort';
import { AuthContext } from '../platform/common/request-context';

/**
 * The case list's columns to sort by (`GET /api/cases`, the pages /cases and /cases/mine). The
 * default order (received, newest first, then the number) is the one the list indexes of issue 16
 * serve (IDX_cases_received_number and the per-role ones); the case number is unique, so it ends
 * every order.
 */
export const CASE_LIST_SORT = defineListSort({
  name: 'cases',
  api: '/api/cases',
  pages: ['/cases', '/cases/mine'],
  columns: {
    receivedAt: { order: ['c.receivedAt', 'c.number'], field: 'receivedAt' },
    number: { order: ['c.number'], field: 'number' },
    stage: { order: ['c.stage', 'c.receivedAt', 'c.number'], field: 'stage' },
    risk: { order: ['c.riskLevel', 'c.number'], field: 'riskLevel', nullable: true },
    child: { order: ['c.isChild', 'c.number'], field: 'isChild' },
  },
  defaultSort: 'receivedAt',
  defaultDir: 'desc',
});

export type CaseSortColumn = keyof typeof CASE_LIST_SORT.columns;

/**
 * The columns a reader may order the case list by. Ordering by a column groups the rows by its
 * value, so it discloses as much as the column: the stage (sheltered vs. in support), the risk and
 * the child status only to the coordinator, who sees them on every case; everyone else by the
 * number and the date received.
 */
export function caseSortColumnsFor(actor: AuthContext): CaseSortColumn[] {
  return actor.roles.includes(Role.Coordinator)
    ? ['receivedAt', 'number', 'stage', 'risk', 'child']
    : ['receivedAt', 'number'];
}
