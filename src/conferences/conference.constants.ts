export const ACTION_ITEM_STATUSES = ['open', 'done', 'cancelled'] as const;
export type ActionItemStatus = (typeof ACTION_ITEM_STATUSES)[number];

export const MAX_ATTENDEES = 50;
export const MAX_DECISIONS = 50;
export const MAX_ACTION_ITEMS = 50;
/** Rows of action items offered by the case page's conference form. */
export const FORM_ACTION_ROWS = 5;
