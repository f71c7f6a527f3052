/*
 * Initials of people's names, by grapheme (what a reader sees as one character): an emoji, a flag, a
 * letter with a combining accent or a Javanese syllable with its vowel sign is never cut in the middle,
 * so an initial is never a lone surrogate or a bare accent.
 */

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** A grapheme worth an initial: a letter, a digit, an emoji or a flag (not punctuation, not a stray mark). */
const MEANINGFUL = /[\p{L}\p{N}\p{Extended_Pictographic}\p{Regional_Indicator}]/u;

/** The graphemes of a text, in order. */
export function graphemesOf(text: string): string[] {
  return Array.from(graphemes.segment(text), (s) => s.segment);
}

/**
 * The first meaningful grapheme of a word, upper-cased and in composed form (`e` + U+0301 → `É`);
 * null when the word has none (only punctuation or marks).
 */
export function initialOf(word: string): string | null {
  const first = graphemesOf(word.normalize('NFC')).find((g) => MEANINGFUL.test(g));
  return first === undefined ? null : first.toUpperCase().normalize('NFC');
}

/** "Siti Nur Rahmawati" → "S.N.R." (at most three); "—" when there is no name. */
export function initialsOf(name: string | null | undefined): string {
  if (!name) return '—';
  const initials = name
    .trim()
    .split(/\s+/u)
    .map(initialOf)
    .filter((i): i is string => i !== null)
    .slice(0, 3);
  return initials.length ? initials.map((i) => `${i}.`).join('') : '—';
}
