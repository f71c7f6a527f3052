import { Language, SUPPORTED_LANGUAGES } from '../common/request-context';
import { Translator } from '../i18n/translator';

/**
 * The kinds of flag a case can carry (issue 19), kept in the centre settings (`flagKinds`): these
 * five by default, each a code shown in the reader's words (`flags.kinds.<code>`); a kind an
 * administrator adds is named in their words and shown as typed (like the districts).
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

/**
 * The settings list of kinds (from the settings page's textarea, one per line, or the API): trimmed,
 * blank lines dropped; or the rule it breaks (for a 400 on `flagKinds`).
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

/** Whether a kind is one of the defaults (a code, translated) rather than one named by an administrator. */
export function isDefaultFlagKind(kind: string): boolean {
  return (DEFAULT_FLAG_KINDS as readonly string[]).includes(kind);
}

/** A flag kind in the reader's words: a default kind translated, an administrator's kind as typed. */
export function flagKindWords(translator: Translator, lang: Language, kind: string): string {
  return isDefaultFlagKind(kind) ? translator.t(`flags.kinds.${kind}`, lang) : kind;
}

/**
 * A line of the settings page's list back to a kind: the words of a default kind (in any language,
 * whatever the case) or its code give the code; anything else is a kind named by the administrator.
 */
export function flagKindOfWords(translator: Translator, line: string): string {
  const text = line.trim();
  const lower = text.toLowerCase();
  for (const kind of DEFAULT_FLAG_KINDS) {
    if (kind === text) return kind;
    for (const lang of SUPPORTED_LANGUAGES)
      if (translator.t(`flags.kinds.${kind}`, lang).toLowerCase() === lower) return kind;
  }
  return text;
}
