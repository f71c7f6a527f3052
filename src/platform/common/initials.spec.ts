import { graphemesOf, initialOf, initialsOf } from './initials';

/** True when the text has no lone surrogate (what a UTF-16 slice of an emoji leaves). */
const wellFormed = (s: string) =>
  !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

describe('initials by grapheme', () => {
  it('keeps the usual initials of Indonesian names', () => {
    expect(initialsOf('Siti Nur Rahmawati')).toBe('S.N.R.');
    expect(initialsOf('  budi   santoso ')).toBe('B.S.');
    expect(initialsOf('Ni Luh Putu Ayu Sari')).toBe('N.L.P.');
    expect(initialsOf(null)).toBe('—');
    expect(initialsOf('')).toBe('—');
    expect(initialsOf('   ')).toBe('—');
  });

  it('never splits an emoji, a flag or a family sequence into a lone surrogate', () => {
    const cases: [string, string][] = [
      ['😀 Ani', '😀.A.'],
      ['👩‍👧 Keluarga', '👩‍👧.K.'],
      ['🇮🇩 Merdeka', '🇮🇩.M.'],
      ['👍🏽 Dewi', '👍🏽.D.'],
      ['𝒜lya Putri', '𝒜.P.'],
    ];
    for (const [name, expected] of cases) {
      const got = initialsOf(name);
      expect(got).toBe(expected);
      expect(wellFormed(got)).toBe(true);
    }
    // the old code took name[0]: half of the surrogate pair
    expect(wellFormed('😀'[0])).toBe(false);
  });

  it('keeps a combining accent with its letter and composes it', () => {
    expect(initialsOf('e\u0301lodie Martin')).toBe('É.M.');
    expect(initialOf('o\u0308zil')).toBe('Ö');
    // a stray mark at the start is not an initial; the letter after it is
    expect(initialOf('\u0301ani')).toBe('A');
    // a Javanese syllable with its vowel sign stays whole
    const jv = 'ꦱꦶꦠꦶ';
    expect(initialOf(jv)).toBe(graphemesOf(jv)[0]);
    expect(graphemesOf(jv)[0].length).toBeGreaterThan(1);
  });

  it('skips parts that are only punctuation', () => {
    expect(initialsOf('Ani - Wati')).toBe('A.W.');
    expect(initialsOf('"Ani"')).toBe('A.');
    expect(initialsOf('— ...')).toBe('—');
  });
});
