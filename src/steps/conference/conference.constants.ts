export { ACTION_ITEM_STATUSES, type ActionItemStatus } from '../../case/history-codes';

export const MAX_ATTENDEES = 50;
export const MAX_DECISIONS = 50;
export const MAX_ACTION_ITEMS = 50;
/** Rows of action items offered by the case page's conference form. */
export const FORM_ACTION_ROWS = 5;
