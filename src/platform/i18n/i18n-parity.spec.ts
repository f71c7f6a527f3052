/**
 * Bahasa Indonesia and English stay in step: the same namespace files, the same keys in each, no
 * empty text, and the same `{placeholders}` in both translations of a key.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { I18N_DIR } from '../common/paths';
import { SUPPORTED_LANGUAGES } from '../common/request-context';

type Flat = Map<string, unknown>;

function flatten(node: unknown, prefix: string, out: Flat): Flat {
  if (node && typeof node === 'object' && !Array.isArray(node)) {
    for (const [key, value] of Object.entries(node)) flatten(value, prefix ? `${prefix}.${key}` : key, out);
  } else {
    out.set(prefix, node);
  }
  return out;
}

function namespaces(lang: string): string[] {
  return fs
    .readdirSync(path.join(I18N_DIR, lang))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

function load(lang: string, ns: string): Flat {
  const file = path.join(I18N_DIR, lang, `${ns}.json`);
  return flatten(JSON.parse(fs.readFileSync(file, 'utf8')), '', new Map());
}

const placeholders = (text: string) =>
  [...new Set([...text.matchAll(/\{\s*([\w.]+)\s*\}/g)].map((m) => m[1]))].sort();

describe('translations: i18n/id and i18n/en are in parity', () => {
  const [id, en] = ['id', 'en'];

  it('the supported languages are exactly id and en, each with its folder', () => {
    expect([...SUPPORTED_LANGUAGES].sort()).toEqual([en, id]);
    for (const lang of SUPPORTED_LANGUAGES) expect(fs.existsSync(path.join(I18N_DIR, lang))).toBe(true);
  });

  it('both languages have the same namespace files', () => {
    expect(namespaces(id).length).toBeGreaterThan(0);
    expect(namespaces(en)).toEqual(namespaces(id));
  });

  describe.each(namespaces(id))('namespace %s', (ns) => {
    const idKeys = load(id, ns);
    const enKeys = fs.existsSync(path.join(I18N_DIR, en, `${ns}.json`)) ? load(en, ns) : new Map();

    it('every key in id exists in en and vice versa', () => {
      const missingInEn = [...idKeys.keys()].filter((k) => !enKeys.has(k)).map((k) => `${ns}.${k}`);
      const missingInId = [...enKeys.keys()].filter((k) => !idKeys.has(k)).map((k) => `${ns}.${k}`);
      expect({ missingInEn, missingInId }).toEqual({ missingInEn: [], missingInId: [] });
    });

    it('no value is empty (and every value is text)', () => {
      const bad: string[] = [];
      for (const [lang, keys] of [
        [id, idKeys],
        [en, enKeys],
      ] as const) {
        for (const [k, v] of keys) {
          if (typeof v !== 'string') bad.push(`${lang}: ${ns}.${k} is ${JSON.stringify(v)}, not text`);
          else if (!v.trim()) bad.push(`${lang}: ${ns}.${k} is empty`);
        }
      }
      expect(bad).toEqual([]);
    });

    it('both translations of a key use the same {placeholders}', () => {
      const mismatched: string[] = [];
      for (const [k, v] of idKeys) {
        const other = enKeys.get(k);
        if (typeof v !== 'string' || typeof other !== 'string') continue;
        const a = placeholders(v);
        const b = placeholders(other);
        if (a.join(',') !== b.join(','))
          mismatched.push(`${ns}.${k}: id {${a.join(', ')}} vs en {${b.join(', ')}}`);
      }
      expect(mismatched).toEqual([]);
    });
  });
});
