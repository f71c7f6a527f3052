import { DataCategory, ReaderKind } from './disclosure.rules';

/**
 * Who reads a case, as the gate needs to know it: the kind of reader (decided per case), the
 * categories their consent scope discloses (partners: the referral's; volunteers: the consent's),
 * and, for a case worker's print, whether the redacted version was asked for.
 */
export interface Reader {
  kind: ReaderKind;
  categories: readonly DataCategory[];
  /** The redacted print: initials instead of names; no NIK, birth date, address, phone or reporter. */
  redacted?: boolean;
  /** A partner's referral: its own history entries are theirs to see. */
  referralId?: string | null;
}

export const reader = (
  kind: ReaderKind,
  categories: readonly DataCategory[] = [],
  extra: Pick<Reader, 'redacted' | 'referralId'> = {},
): Reader => ({ kind, categories, ...extra });

/** Readers who see the case as stored (coordinators and the assigned counselor). */
export const isCaseWorker = (r: Reader): boolean => r.kind === 'coordinator' || r.kind === 'counselor';
