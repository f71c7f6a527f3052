import { Language } from '../../platform/common/request-context';
import { Translator } from '../../platform/i18n/translator';
import { flagKindKey } from './case-flag.constants';

/** A flag kind in the reader's words: a default kind translated, an administrator's kind as typed. */
export function flagLabel(translator: Translator, lang: Language, kind: string): string {
  const key = flagKindKey(kind);
  return key ? translator.t(key, lang) : kind;
}

/** Kinds as the pages show them (badges, options): the kind and its words. */
export function flagLabels(
  translator: Translator,
  lang: Language,
  kinds: readonly string[],
): { kind: string; label: string }[] {
  return kinds.map((kind) => ({ kind, label: flagLabel(translator, lang, kind) }));
}
