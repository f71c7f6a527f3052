import { I18nService } from 'nestjs-i18n';
import { AppConfig } from '../config/app.config';
import { MissingTranslationError, Translator } from './translator';

/** An I18nService that knows one text and one group of texts, and answers the default otherwise. */
const i18n = {
  t: (key: string, options: { defaultValue: string }) =>
    key === 'common.yes'
      ? 'Ya'
      : key === 'common.languages'
        ? { id: 'Bahasa Indonesia' }
        : options.defaultValue,
} as unknown as I18nService;

const translator = (env: AppConfig['env']) => new Translator(i18n, { env } as AppConfig);

describe('Translator', () => {
  it('translates a key that names a text', () => {
    expect(translator('production').t('common.yes')).toBe('Ya');
    expect(translator('test').t('common.yes')).toBe('Ya');
  });

  it('in production, shows the key of a missing text or of a group (never an object)', () => {
    expect(translator('production').t('common.nope')).toBe('common.nope');
    expect(translator('production').t('common.languages')).toBe('common.languages');
    expect(translator('development').t('common.nope')).toBe('common.nope');
  });

  it('under test, throws on a missing text or a group', () => {
    expect(() => translator('test').t('common.nope')).toThrow(MissingTranslationError);
    expect(() => translator('test').t('common.languages', 'en')).toThrow(
      'missing translation: common.languages (en)',
    );
  });

  it('has() says whether a key names a text', () => {
    expect(translator('test').has('common.yes')).toBe(true);
    expect(translator('test').has('common.languages')).toBe(false);
    expect(translator('test').has('common.nope')).toBe(false);
  });
});
