import * as fs from 'node:fs';
import * as path from 'node:path';
import { I18N_DIR } from '../common/paths';
import { Language } from '../common/request-context';
import { fieldLabel, FieldTranslations } from './field-label';

/** The real translation files, with nestjs-i18n's `{name}` placeholders. */
function translations(): FieldTranslations {
  const load = (lang: string, ns: string) =>
    JSON.parse(fs.readFileSync(path.join(I18N_DIR, lang, `${ns}.json`), 'utf8')) as Record<string, string>;
  const files: Record<string, Record<string, Record<string, string>>> = {};
  for (const lang of ['id', 'en'])
    files[lang] = { fields: load(lang, 'fields'), fieldItems: load(lang, 'fieldItems') };
  const lookup = (key: string, lang: Language) => {
    const dot = key.indexOf('.');
    return files[lang][key.slice(0, dot)]?.[key.slice(dot + 1)];
  };
  return {
    has: (key, lang) => typeof lookup(key, lang) === 'string',
    t: (key, lang, args = {}) =>
      (lookup(key, lang) ?? key).replace(/\{(\w+)\}/g, (_m, k: string) => String(args[k] ?? '')),
  };
}

describe('field names in the reader’s language', () => {
  const tr = translations();

  it('names a top-level field by its translation', () => {
    expect(fieldLabel(tr, 'id', 'receivedAt')).toBe('Tanggal diterima');
    expect(fieldLabel(tr, 'en', 'receivedAt')).toBe('Date received');
  });

  it('names a nested field with its parent, never as a dotted path', () => {
    expect(fieldLabel(tr, 'id', 'incident.narrative')).toBe('Kronologi (Kejadian)');
    expect(fieldLabel(tr, 'id', 'victim.fullName')).toBe('Nama lengkap (Korban)');
    expect(fieldLabel(tr, 'en', 'reporter.relationship')).toMatch(/^[A-Z][^.]* \([A-Z][^.]*\)$/);
  });

  it('numbers the elements of a list from 1', () => {
    expect(fieldLabel(tr, 'id', 'perpetrators.0.relationship')).toBe('Hubungan (Pelaku 1)');
    expect(fieldLabel(tr, 'en', 'perpetrators.1.age')).toBe('Age (Perpetrator 2)');
    expect(fieldLabel(tr, 'id', 'perpetrators.2')).toBe('Pelaku 3');
    expect(fieldLabel(tr, 'id', 'actionItems.0.dueDate')).toBe('Batas waktu (Tindak lanjut 1)');
  });

  it('leaves an unknown name as it is (the generic e2e test keeps every DTO field translated)', () => {
    expect(fieldLabel(tr, 'id', 'noSuchField')).toBe('noSuchField');
    expect(fieldLabel(tr, 'id', 'incident.noSuchField')).toBe('noSuchField (Kejadian)');
  });
});
