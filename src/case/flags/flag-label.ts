import { Language } from '../../platform/common/request-context';
import { Translator } from '../../platform/i18n/translator';
import { flagKindWords } from '../../platform/settings/flag-kinds';

/** A flag kind in the reader's words: a default kind translated, an administrator's kind as typed. */
export const flagLabel = flagKindWords;

/** Kinds as the pages show them (badges, options): the kind and its words. */
export function flagLabels(
  translator: Translator,
  lang: Language,
  kinds: readonly string[],
): { kind: string; label: string }[] {
  return kinds.map((kind) => ({ kind, label: flagKindWords(translator, lang, kind) }));
}
