/**
 * What a counselor confirms when asking for a case's closure (shown as `caseload.checklist.<code>`).
 * Every item may be left unconfirmed (a victim lost to contact cannot be told the case is closing):
 * the coordinator sees which were confirmed before deciding.
 */
export const CLOSURE_CHECKLIST = [
  'goals_reviewed',
  'victim_informed',
  'safety_reviewed',
  'services_ended',
  'records_complete',
] as const;
export type ClosureChecklistItem = (typeof CLOSURE_CHECKLIST)[number];

/** pending → approved (the `close` transition fired) | returned (with the coordinator's comment). */
export const CLOSURE_REQUEST_STATUSES = ['pending', 'approved', 'returned'] as const;
export type ClosureRequestStatus = (typeof CLOSURE_REQUEST_STATUSES)[number];

/** Free text (the request's explanation, the coordinator's comment). */
export const CLOSURE_TEXT_MAX = 2000;

/** Most cases one handover moves (one transaction; a counselor's caseload fits). */
export const HANDOVER_MAX_CASES = 200;
