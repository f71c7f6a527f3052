import { isDefaultFlagKind } from '../../platform/settings/flag-kinds';

export { DEFAULT_FLAG_KINDS, FLAG_KIND_MAX, isDefaultFlagKind } from '../../platform/settings/flag-kinds';

/** Why a flag was set or removed (staff text about the case, encrypted). */
export const FLAG_REASON_MIN = 3;
export const FLAG_REASON_MAX = 2000;

/** A kind not (or no longer) in the settings list. */
export const FLAG_KIND_UNKNOWN = 'FLAG_KIND_UNKNOWN';
/** The case already carries an active flag of that kind. */
export const FLAG_ALREADY_SET = 'FLAG_ALREADY_SET';
/** The flag was removed already. */
export const FLAG_NOT_SET = 'FLAG_NOT_SET';

/** The translation key of a kind's words, or null for a kind shown as typed. */
export function flagKindKey(kind: string): string | null {
  return isDefaultFlagKind(kind) ? `flags.kinds.${kind}` : null;
}
