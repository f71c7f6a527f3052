/**
 * Every word a user reads comes from the translation files. Templates under views/ may hold markup,
 * Handlebars expressions, punctuation and digits, but no literal text: after removing expressions,
 * <script>/<style> blocks, comments, tags and entities, no text node may contain a letter; neither may
 * the user-visible attributes (title, aria-label, placeholder, alt …). And every literal translation
 * key a template uses (`{{t "ns.key"}}`, `(t "ns.key")`, `{{tk "ns.prefix." x}}`) exists in both
 * languages, as do the navigation labels the layout translates.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { I18N_DIR, VIEWS_DIR } from '../common/paths';
import { SUPPORTED_LANGUAGES } from '../common/request-context';
import { NAVIGATION } from '../../web/navigation';

const EXPR = '\uE000'; // a private-use character: marks where an expression was

function templates(dir = VIEWS_DIR): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory()
        ? templates(path.join(dir, e.name))
        : e.name.endsWith('.hbs')
          ? [path.join(dir, e.name)]
          : [],
    )
    .sort();
}

const rel = (file: string) => path.relative(VIEWS_DIR, file);
const keepLines = (s: string) => s.replace(/[^\n]/g, '');
const blank = (s: string) => s.replace(/[^\n]/g, ' ');

/** Replaces Handlebars comments and expressions by a marker, keeping line numbers. */
function withoutExpressions(source: string): string {
  return source
    .replace(/\{\{!--[\s\S]*?--\}\}/g, blank)
    .replace(/\{\{![\s\S]*?\}\}/g, blank)
    .replace(/\{\{\{[\s\S]*?\}\}\}/g, (m) => EXPR + keepLines(m))
    .replace(/\{\{[\s\S]*?\}\}/g, (m) => EXPR + keepLines(m));
}

/** The text a browser would show: no script/style blocks, comments, tags or entities. */
function textOnly(markup: string): string {
  return markup
    .replace(/<script\b[\s\S]*?<\/script\s*>/gi, blank)
    .replace(/<style\b[\s\S]*?<\/style\s*>/gi, blank)
    .replace(/<!--[\s\S]*?-->/g, blank)
    .replace(/<[^>]*>/g, blank)
    .replace(/&(#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);/gi, ' ');
}

/** Allowed outside expressions: whitespace, punctuation, digits and a few typographic marks. */
const ALLOWED_TEXT = /^[\s\p{P}\p{N}·–—→←\uE000]*$/u;
const LETTER = /\p{L}/u;

const VISIBLE_ATTRIBUTES = [
  'title',
  'aria-label',
  'aria-description',
  'aria-placeholder',
  'placeholder',
  'alt',
  'label',
];
const ATTRIBUTE = new RegExp(
  `\\s(${VISIBLE_ATTRIBUTES.join('|')})\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>"']+))`,
  'gi',
);
/** <input type="submit|button|reset" value="…">: the value is the button's label. */
const BUTTON_INPUT =
  /<input\b(?=[^>]*\btype\s*=\s*["']?(?:submit|button|reset)\b)[^>]*\bvalue\s*=\s*(?:"([^"]*)"|'([^']*)')/gi;

const lineOf = (source: string, index: number) => source.slice(0, index).split('\n').length;

function literalTextProblems(file: string): string[] {
  const source = withoutExpressions(fs.readFileSync(file, 'utf8'));
  const problems: string[] = [];
  textOnly(source)
    .split('\n')
    .forEach((line, i) => {
      if (!ALLOWED_TEXT.test(line)) problems.push(`${rel(file)}:${i + 1}: literal text "${line.trim()}"`);
    });
  for (const m of source.matchAll(ATTRIBUTE)) {
    const value = m[2] ?? m[3] ?? m[4] ?? '';
    if (LETTER.test(value))
      problems.push(`${rel(file)}:${lineOf(source, m.index ?? 0)}: literal ${m[1]}="${value}"`);
  }
  for (const m of source.matchAll(BUTTON_INPUT)) {
    const value = m[1] ?? m[2] ?? '';
    if (LETTER.test(value))
      problems.push(`${rel(file)}:${lineOf(source, m.index ?? 0)}: literal button value "${value}"`);
  }
  return problems;
}

type Tree = Record<string, unknown>;

function loadLanguage(lang: string): Tree {
  const dir = path.join(I18N_DIR, lang);
  const tree: Tree = {};
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.json')))
    tree[f.slice(0, -5)] = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
  return tree;
}

function lookup(tree: Tree, key: string): unknown {
  return key
    .split('.')
    .reduce<unknown>(
      (node, part) => (node && typeof node === 'object' ? (node as Tree)[part] : undefined),
      tree,
    );
}

interface KeyUse {
  key: string;
  where: string;
  prefix: boolean;
}

function keyUses(file: string): KeyUse[] {
  const source = fs.readFileSync(file, 'utf8');
  const uses: KeyUse[] = [];
  for (const m of source.matchAll(/(?:\{\{~?|\()\s*(t|tk)\s+(["'])([^"']*)\2/g)) {
    uses.push({ key: m[3], where: `${rel(file)}:${lineOf(source, m.index ?? 0)}`, prefix: m[1] === 'tk' });
  }
  return uses;
}

describe('templates hold no literal UI text', () => {
  const files = templates();

  it('finds the templates', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files.map((f) => [rel(f), f]))('%s', (_name, file) => {
    expect(literalTextProblems(file)).toEqual([]);
  });

  it('the checker itself catches literal text and attributes, and accepts expressions and marks', () => {
    const tmp = path.join(os.tmpdir(), `lentera-template-check-${process.pid}.hbs`);
    const check = (content: string) => {
      fs.writeFileSync(tmp, content);
      try {
        return literalTextProblems(tmp).length;
      } finally {
        fs.rmSync(tmp, { force: true });
      }
    };
    expect(
      check('<p>{{t "a.b"}} · {{x}} – 12 → &nbsp;&#8594;</p><!-- note --><script>var a = "b";</script>'),
    ).toBe(0);
    expect(check('<p title="{{t "a.b"}}" aria-label=\'{{t "c"}}\'>{{{html}}}</p>{{!-- Some words --}}')).toBe(
      0,
    );
    expect(check('<p>Hello {{name}}</p>')).toBe(1);
    expect(check('<img alt="Logo" src="/x.png">')).toBe(1);
    expect(check('<input placeholder="Cari…">')).toBe(1);
    expect(check('<input type="submit" value="Save">')).toBe(1);
    expect(check('{{#if a}}<span>Ya</span>{{/if}}')).toBe(1);
  });
});

describe('translation keys used by templates exist in both languages', () => {
  const languages = SUPPORTED_LANGUAGES.map((lang) => [lang, loadLanguage(lang)] as const);
  const uses = templates().flatMap(keyUses);

  it('finds translation keys in templates', () => {
    expect(uses.length).toBeGreaterThan(0);
  });

  it('every literal {{t "…"}} key is a text in each language', () => {
    const missing: string[] = [];
    for (const use of uses.filter((u) => !u.prefix)) {
      for (const [lang, tree] of languages) {
        if (typeof lookup(tree, use.key) !== 'string')
          missing.push(`${use.where}: ${lang} has no text for "${use.key}"`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every literal {{tk "prefix." …}} prefix names a group of texts in each language', () => {
    const missing: string[] = [];
    for (const use of uses.filter((u) => u.prefix)) {
      const group = use.key.replace(/\.$/, '');
      for (const [lang, tree] of languages) {
        const node = lookup(tree, group);
        if (!node || typeof node !== 'object') missing.push(`${use.where}: ${lang} has no group "${group}"`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every navigation label is a text in each language', () => {
    const missing: string[] = [];
    for (const item of NAVIGATION) {
      for (const [lang, tree] of languages) {
        if (typeof lookup(tree, item.label) !== 'string')
          missing.push(`${lang}: "${item.label}" (${item.href})`);
      }
    }
    expect(missing).toEqual([]);
  });
});
