import { Injectable, Optional } from '@nestjs/common';
import { I18nService } from 'nestjs-i18n';
import { DEFAULT_LANGUAGE, Language } from '../common/request-context';
import { AppConfig, InjectAppConfig } from '../config/app.config';

/** A translation key that does not name a text (tests only: production shows the key instead). */
export class MissingTranslationError extends Error {
  constructor(key: string, lang: string) {
    super(`missing translation: ${key} (${lang})`);
    this.name = 'MissingTranslationError';
  }
}

/**
 * Thin wrapper so the rest of the code translates with an explicit language. A key without a text
 * (missing, or naming a group of texts) falls back to the key itself in production; under
 * NODE_ENV=test it throws, so no test passes over an untranslated word.
 */
@Injectable()
export class Translator {
  private readonly strict: boolean;

  constructor(
    private readonly i18n: I18nService,
    @Optional() @InjectAppConfig() config?: AppConfig,
  ) {
    this.strict = config?.env === 'test';
  }

  t(key: string, lang: Language = DEFAULT_LANGUAGE, args: Record<string, unknown> = {}): string {
    const text = this.i18n.t(key, { lang, args, defaultValue: MISSING }) as unknown;
    if (typeof text === 'string' && text !== MISSING) return text;
    if (this.strict) throw new MissingTranslationError(key, lang);
    return key;
  }

  has(key: string, lang: Language = DEFAULT_LANGUAGE): boolean {
    const text = this.i18n.t(key, { lang, defaultValue: MISSING }) as unknown;
    return typeof text === 'string' && text !== MISSING;
  }
}

const MISSING = '\u0000';
