/**
 * The glossary's words (DOMAIN.md) in every Indonesian text: a case conference is a "rapat kasus"
 * (never "konferensi kasus"), a mayor a "wali kota" (never "walikota"). Checked over the translation
 * files and the Indonesian reference texts kept in code (the seed documents' duties).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { I18N_DIR } from '../common/paths';

const WRONG: [RegExp, string][] = [
  [/konferensi kasus/i, 'rapat kasus'],
  [/walikota/i, 'wali kota'],
];

function texts(node: unknown, at: string, out: [string, string][]): [string, string][] {
  if (typeof node === 'string') out.push([at, node]);
  else if (node && typeof node === 'object')
    for (const [k, v] of Object.entries(node)) texts(v, at ? `${at}.${k}` : k, out);
  return out;
}

describe('Indonesian wording follows the glossary', () => {
  it('in the translation files', () => {
    const found: string[] = [];
    for (const file of fs.readdirSync(path.join(I18N_DIR, 'id'))) {
      const tree = JSON.parse(fs.readFileSync(path.join(I18N_DIR, 'id', file), 'utf8'));
      for (const [key, text] of texts(tree, file.replace(/\.json$/, ''), []))
        for (const [wrong, right] of WRONG)
          if (wrong.test(text)) found.push(`${key}: "${text}" (say "${right}")`);
    }
    expect(found).toEqual([]);
  });

  it('in the Indonesian texts kept in code', () => {
    const found: string[] = [];
    for (const file of ['pug/reference-data.ts', 'demo/demo-pug.ts']) {
      const source = fs.readFileSync(path.join(__dirname, '..', '..', file), 'utf8');
      for (const [wrong, right] of WRONG) if (wrong.test(source)) found.push(`${file} (say "${right}")`);
    }
    expect(found).toEqual([]);
  });
});
