/**
 * The printed case chronology (kronologis kasus): its options, limits and stable codes. Codes are
 * English identifiers; pages and documents show them through i18n/<lang>/chronology.json.
 */

/** Why a chronology is printed (asked on every print and download, and audited). */
export const PRINT_PURPOSES = [
  'case_conference',
  'court',
  'partner_institution',
  'internal_review',
  'other',
] as const;
export type PrintPurpose = (typeof PRINT_PURPOSES)[number];

/** The two parts of the document. */
export const CHRONOLOGY_SECTIONS = ['incident', 'handling'] as const;
export type ChronologySection = (typeof CHRONOLOGY_SECTIONS)[number];

/** How much of an incident date the victim remembers: `2025-03-14`, `2025-03` or `2025`. */
export const DATE_PRECISIONS = ['day', 'month', 'year'] as const;
export type DatePrecision = (typeof DATE_PRECISIONS)[number];

/** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
export const PARTIAL_DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;
/** `HH:MM`, 24 hours. */
export const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;

export const PLACE_MAX = 300;
export const DESCRIPTION_MAX = 5000;
export const CORRECTION_REASON_MAX = 500;
export const PURPOSE_TEXT_MAX = 200;

/** Case events the chronology appends (their summaries are `events.chronology.*`). */
export const EVENT_ENTRY_ADDED = 'chronology.entry_added';
export const EVENT_ENTRY_CORRECTED = 'chronology.entry_corrected';

/** Error codes of this module (translated in errors.json). */
export const ChronologyError = {
  /** The entry has already been corrected: correct its current version. */
  EntrySuperseded: 'CHRONOLOGY_ENTRY_SUPERSEDED',
  /** The partner version needs a referral of the caller's institution for this case. */
  ReferralRequired: 'CHRONOLOGY_REFERRAL_REQUIRED',
} as const;

/** Audit actions of prints and downloads (the purpose goes in the audit entry's `code`). */
export const AUDIT_PRINT = 'chronology.print';
export const AUDIT_DOWNLOAD = 'chronology.download';
