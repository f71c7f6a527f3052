import { Language } from '../common/request-context';

/** What fieldLabel needs of the Translator (so that it can be tested without Nest). */
export interface FieldTranslations {
  t(key: string, lang: Language, args?: Record<string, unknown>): string;
  has(key: string, lang: Language): boolean;
}

/**
 * The name of a request field in the reader's language, from its path in the body: `incident.narrative`
 * → "Kronologi (Kejadian)", `perpetrators.0.relationship` → "Hubungan (Pelaku 1)". Each name is
 * `fields.<name>`; a list's element is `fieldItems.<list>` ("Pelaku {n}", counted from 1); a whole path
 * may have its own `fields.<path>`. A name without a translation stays as it is.
 */
export function fieldLabel(translations: FieldTranslations, lang: Language, path: string): string {
  if (translations.has(`fields.${path}`, lang)) return translations.t(`fields.${path}`, lang);
  const segments = path.split('.');
  const labels: string[] = [];
  segments.forEach((segment, i) => {
    if (/^\d+$/.test(segment) && labels.length) {
      const list = segments[i - 1];
      const n = Number(segment) + 1;
      labels[labels.length - 1] = translations.has(`fieldItems.${list}`, lang)
        ? translations.t(`fieldItems.${list}`, lang, { n })
        : `${labels[labels.length - 1]} ${n}`;
      return;
    }
    labels.push(
      translations.has(`fields.${segment}`, lang) ? translations.t(`fields.${segment}`, lang) : segment,
    );
  });
  const own = labels.pop() ?? path;
  return labels.length ? `${own} (${labels.join(' › ')})` : own;
}
