import { Injectable } from '@nestjs/common';
import { I18nService } from 'nestjs-i18n';
import { DEFAULT_LANGUAGE, Language } from '../common/request-context';

/** Thin wrapper so the rest of the code translates with an explicit language. */
@Injectable()
export class Translator {
  constructor(private readonly i18n: I18nService) {}

  t(key: string, lang: Language = DEFAULT_LANGUAGE, args: Record<string, unknown> = {}): string {
    return this.i18n.t(key, { lang, args, defaultValue: key }) as string;
  }

  has(key: string, lang: Language = DEFAULT_LANGUAGE): boolean {
    return this.i18n.t(key, { lang, defaultValue: '\u0000' }) !== '\u0000';
  }
}
