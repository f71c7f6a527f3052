import { checkFlagKinds, DEFAULT_FLAG_KINDS, FLAG_KIND_MAX, FLAG_KINDS_MAX } from './flag-kinds';
import { DEFAULT_CENTRE_SETTINGS } from './settings.service';

describe('flag kinds (settings list)', () => {
  it('defaults to the five kinds of issue 19', () => {
    expect(DEFAULT_CENTRE_SETTINGS.flagKinds).toEqual([
      'perpetrator_dangerous',
      'media_attention',
      'child_reabduction_risk',
      'needs_interpreter',
      'disability_access',
    ]);
    expect(DEFAULT_CENTRE_SETTINGS.flagKinds).not.toBe(DEFAULT_FLAG_KINDS);
  });

  it('trims the lines and drops blank ones; an empty list offers no flag', () => {
    expect(checkFlagKinds([' media_attention ', '', 'Korban hamil', '   '])).toEqual({
      ok: true,
      kinds: ['media_attention', 'Korban hamil'],
    });
    expect(checkFlagKinds([])).toEqual({ ok: true, kinds: [] });
  });

  it('refuses a kind too long, a kind twice (after trimming) and too many kinds', () => {
    expect(checkFlagKinds(['x'.repeat(FLAG_KIND_MAX)])).toEqual({
      ok: true,
      kinds: ['x'.repeat(FLAG_KIND_MAX)],
    });
    expect(checkFlagKinds(['x'.repeat(FLAG_KIND_MAX + 1)])).toEqual({ ok: false, rule: 'isLength' });
    expect(checkFlagKinds(['a', ' a'])).toEqual({ ok: false, rule: 'arrayUnique' });
    const many = Array.from({ length: FLAG_KINDS_MAX + 1 }, (_, i) => `kind ${i}`);
    expect(checkFlagKinds(many)).toEqual({ ok: false, rule: 'arrayMaxSize' });
    expect(checkFlagKinds(many.slice(1)).ok).toBe(true);
  });
});
