import { Global, Module } from '@nestjs/common';
import { AcceptLanguageResolver, CookieResolver, I18nModule as NestI18nModule } from 'nestjs-i18n';
import { I18N_DIR } from '../common/paths';
import { DEFAULT_LANGUAGE, LANGUAGE_COOKIE } from '../common/request-context';
import { Translator } from './translator';

/** Translation files live in i18n/<lang>/<namespace>.json at the repository root. */
@Global()
@Module({
  imports: [
    NestI18nModule.forRoot({
      fallbackLanguage: DEFAULT_LANGUAGE,
      loaderOptions: { path: I18N_DIR, watch: false },
      resolvers: [new CookieResolver([LANGUAGE_COOKIE]), AcceptLanguageResolver],
      logging: false,
    }),
  ],
  providers: [Translator],
  exports: [Translator],
})
export class I18nModule {}
