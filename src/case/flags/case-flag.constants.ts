/**
 * Case flags (issue 19): facts about a case that everyone working on it must see at a glance —
 * the kinds a centre uses are a list in the centre settings (`flagKinds`), these five by default.
 * A default kind is a code shown as the words of `flags.kinds.<code>`; a kind an administrator adds
 * is named in their words and shown as typed (like the districts).
 */
export const DEFAULT_FLAG_KINDS = [
  'perpetrator_dangerous',
  'media_attention',
  'child_reabduction_risk',
  'needs_interpreter',
  'disability_access',
] as const;

/** The longest kind (the `case_flags.kind` column). */
export const FLAG_KIND_MAX = 60;
/** Most kinds the settings list holds. */
export const FLAG_KINDS_MAX = 50;
/** Why a flag was set or removed (staff text about the case, encrypted). */
export const FLAG_REASON_MAX = 2000;
export const FLAG_REASON_MIN = 3;

export const FLAG_ALREADY_SET = 'FLAG_ALREADY_SET';
export const FLAG_KIND_UNKNOWN = 'FLAG_KIND_UNKNOWN';
export const FLAG_NOT_SET = 'FLAG_NOT_SET';

/** Whether a kind is one of the defaults (translated) rather than one named by an administrator. */
export function isDefaultFlagKind(kind: string): boolean {
  return (DEFAULT_FLAG_KINDS as readonly string[]).includes(kind);
}

/** The translation key of a kind's words, or null for a kind shown as typed. */
export function flagKindKey(kind: string): string | null {
  return isDefaultFlagKind(kind) ? `flags.kinds.${kind}` : null;
}

/**
 * The settings list of kinds from the settings page's textarea (one per line) or the API: trimmed,
 * blank lines dropped. Returns the problem's rule (for a 400 on `flagKinds`) when the list is bad.
 */
export function checkFlagKinds(
  lines: readonly string[],
): { ok: true; kinds: string[] } | { ok: false; rule: string } {
  const kinds = lines.map((l) => l.trim()).filter(Boolean);
  if (kinds.some((k) => k.length > FLAG_KIND_MAX)) return { ok: false, rule: 'isLength' };
  if (new Set(kinds).size !== kinds.length) return { ok: false, rule: 'arrayUnique' };
  if (kinds.length > FLAG_KINDS_MAX) return { ok: false, rule: 'arrayMaxSize' };
  return { ok: true, kinds };
}
