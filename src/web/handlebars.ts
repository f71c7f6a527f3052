import Handlebars from 'handlebars';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DateStyle, formatDate, formatDateTime, formatMonth, formatNumber } from '../platform/common/format';
import { DEFAULT_LANGUAGE, Language } from '../platform/common/request-context';
import { Translator } from '../platform/i18n/translator';

function langOf(options: Handlebars.HelperOptions): Language {
  return (options?.data?.root?.i18nLang as Language) ?? DEFAULT_LANGUAGE;
}

/**
 * A private Handlebars instance with the helpers templates use. `{{t "key" name=value}}` translates
 * in the page's language with arguments (nestjs-i18n's own helper ignores hash arguments).
 */
export function createHandlebars(translator: Translator): typeof Handlebars {
  const hbs = Handlebars.create();
  hbs.registerHelper('t', function (key: string, options: Handlebars.HelperOptions) {
    return translator.t(String(key), langOf(options), options.hash ?? {});
  });
  /** Translate a key built from parts: {{tk "roles." role}}. */
  hbs.registerHelper('tk', function (...args: unknown[]) {
    const options = args.pop() as Handlebars.HelperOptions;
    return translator.t(args.map(String).join(''), langOf(options), options.hash ?? {});
  });
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('ne', (a: unknown, b: unknown) => a !== b);
  hbs.registerHelper('not', (a: unknown) => !a);
  hbs.registerHelper('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean));
  hbs.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  hbs.registerHelper(
    'includes',
    (list: unknown, value: unknown) => Array.isArray(list) && list.includes(value),
  );
  hbs.registerHelper('add', (a: number, b: number) => Number(a) + Number(b));
  hbs.registerHelper('join', (list: unknown, sep: unknown) =>
    Array.isArray(list) ? list.join(typeof sep === 'string' ? sep : ', ') : '',
  );
  // Dates, times and numbers through the one formatter (src/platform/common/format.ts): the reader's language,
  // the centre's clocks. {{date d}} "7 Des 2026" (style="long": "7 Desember 2026"); {{datetime at}}
  // "7 Des 2026, 03.17"; {{month "2026-09"}} "September 2026"; {{num 0.5}} "0,5".
  const styleOf = (options: Handlebars.HelperOptions): DateStyle =>
    options?.hash?.style === 'long' ? 'long' : 'medium';
  hbs.registerHelper('date', function (value: unknown, options: Handlebars.HelperOptions) {
    return formatDate(value, langOf(options), styleOf(options));
  });
  hbs.registerHelper('datetime', function (value: unknown, options: Handlebars.HelperOptions) {
    return formatDateTime(value, langOf(options), styleOf(options));
  });
  hbs.registerHelper('month', function (value: unknown, options: Handlebars.HelperOptions) {
    return value ? formatMonth(String(value), langOf(options)) : '';
  });
  hbs.registerHelper('num', function (value: unknown, options: Handlebars.HelperOptions) {
    const digits = Number(options?.hash?.digits ?? 1);
    return formatNumber(value, langOf(options), Number.isInteger(digits) ? digits : 1);
  });
  hbs.registerHelper('isoDate', (value: unknown) =>
    value instanceof Date ? value.toISOString() : value ? String(value) : '',
  );
  return hbs;
}

/** Registers every views/partials/*.hbs as a partial named by its file name. */
export function registerPartials(hbs: typeof Handlebars, dir: string): void {
  if (!fs.existsSync(dir)) return;
  for (const file of fs.readdirSync(dir)) {
    if (file.endsWith('.hbs'))
      hbs.registerPartial(file.slice(0, -4), fs.readFileSync(path.join(dir, file), 'utf8'));
  }
}
