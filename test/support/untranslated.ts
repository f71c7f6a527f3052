/**
 * Finds words that did not get translated in what the application sends: a translation key left in
 * the text (`referrals.serviceRoles.Penegakan hukum`, `events.case.registered`) or a code where words
 * belong (`law_enforcement`, `initial_counseling`; in Bahasa Indonesia also a one-word code such as
 * `pending` that no Indonesian text uses). Used by the test harness on every response body of the
 * end-to-end and browser suites (test-app.ts), and by the unit tests of the summaries.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Permission } from '../../src/platform/auth/permissions';

const I18N_DIR = path.join(__dirname, '..', '..', 'i18n');
const LANGS = ['id', 'en'] as const;

type Tree = { [key: string]: string | Tree };

interface Vocabulary {
  namespaces: Set<string>;
  trees: Record<string, Tree>[];
  /** Codes with an underscore (snake_case leaf keys of the translation files). */
  snakeCodes: Set<string>;
  /** One-word codes whose Indonesian words differ and that no Indonesian text uses as a word. */
  englishCodes: Set<string>;
}

let vocabulary: Vocabulary | null = null;

function load(): Vocabulary {
  if (vocabulary) return vocabulary;
  const trees = LANGS.map((lang) => {
    const dir = path.join(I18N_DIR, lang);
    return Object.fromEntries(
      fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .map((f) => [f.slice(0, -5), JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Tree]),
    );
  });
  const namespaces = new Set(Object.keys(trees[0]));
  const snakeCodes = new Set<string>();
  const oneWord = new Map<string, string>();
  const indonesianWords = new Set<string>();
  const walk = (node: Tree, depth: number, lang: string) => {
    for (const [key, value] of Object.entries(node)) {
      if (typeof value === 'string') {
        if (lang === 'id')
          for (const w of value.toLowerCase().match(/\p{L}+/gu) ?? []) indonesianWords.add(w);
        if (depth < 1) continue;
        if (/^[a-z][a-z0-9]*(_[a-z0-9]+)+$/.test(key)) snakeCodes.add(key);
        else if (lang === 'id' && /^[a-z]{3,}$/.test(key) && value.toLowerCase() !== key)
          oneWord.set(key, value);
      } else walk(value, depth + 1, lang);
    }
  };
  LANGS.forEach((lang, i) => {
    for (const tree of Object.values(trees[i])) walk(tree, 0, lang);
  });
  const englishCodes = new Set([...oneWord.keys()].filter((k) => !indonesianWords.has(k)));
  vocabulary = { namespaces, trees, snakeCodes, englishCodes };
  return vocabulary;
}

/** Whether `ns.first` names something in a translation file (of either language). */
function resolves(ns: string, first: string): boolean {
  return load().trees.some((t) => {
    const tree = t[ns];
    return !!tree && typeof tree === 'object' && first in tree;
  });
}

export interface Finding {
  kind: 'key' | 'code';
  text: string;
  context: string;
}

const context = (text: string, index: number, length: number) =>
  text
    .slice(Math.max(0, index - 60), index + length + 60)
    .replace(/\s+/g, ' ')
    .trim();

/**
 * Identifiers that look like keys and are shown on purpose: permissions (`users.manage`) and audit
 * actions (`auth.login`), which the admin pages name as they are stored.
 */
let identifiers: Set<string> | null = null;
function knownIdentifiers(): Set<string> {
  if (identifiers) return identifiers;
  const src = path.join(__dirname, '..', '..', 'src');
  const actions = new Set<string>(Object.values(Permission));
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, e.name);
      if (e.isDirectory()) walk(file);
      else if (e.name.endsWith('.ts'))
        for (const m of fs.readFileSync(file, 'utf8').matchAll(/action: '([a-z_]+\.[a-z_.]+)'/g))
          actions.add(m[1]);
    }
  };
  walk(src);
  identifiers = actions;
  return identifiers;
}

/** Leftover translation keys in a text: `ns.key…` where `ns.key` exists in the translation files. */
export function leftoverKeys(text: string): Finding[] {
  const { namespaces } = load();
  const out: Finding[] = [];
  const re = /(?<![\w./-])([a-z][a-z]+)\.([A-Za-z_][A-Za-z0-9_]*)((?:\.[^\s.,;:"'<>()]+)*)/g;
  for (const m of text.matchAll(re)) {
    if (!namespaces.has(m[1]) || !resolves(m[1], m[2])) continue;
    if (knownIdentifiers().has(m[0])) continue;
    out.push({ kind: 'key', text: m[0], context: context(text, m.index!, m[0].length) });
  }
  return out;
}

/**
 * Codes shown where words belong, in text people read. A quoted token ("unknown", „x“) is a literal
 * the text cites on purpose (the name of a property the caller sent), not a code left untranslated.
 */
export function untranslatedCodes(text: string, lang: 'id' | 'en'): Finding[] {
  const { snakeCodes, englishCodes } = load();
  const out: Finding[] = [];
  for (const m of text.matchAll(/(?<![\w./:#="„“`'-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w/.-])/g)) {
    if (snakeCodes.has(m[0]) && !knownIdentifiers().has(m[0]))
      out.push({ kind: 'code', text: m[0], context: context(text, m.index!, m[0].length) });
  }
  if (lang === 'id') {
    for (const m of text.matchAll(/(?<![\p{L}\p{N}_./:#=@"„“`'-])[a-z]{3,}(?![\p{L}\p{N}_/.@-])/gu)) {
      if (englishCodes.has(m[0]))
        out.push({ kind: 'code', text: m[0], context: context(text, m.index!, m[0].length) });
    }
  }
  return out;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
const decode = (s: string) =>
  s.replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (m, e: string) =>
    e[0] === '#'
      ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)))
      : (ENTITIES[e.toLowerCase()] ?? m),
  );

/** Attributes whose values people read (or a chart draws). */
const SHOWN_ATTRIBUTES = ['title', 'aria-label', 'placeholder', 'alt', 'data-labels', 'data-series'];

/**
 * What a browser shows of a page as words: its text and the attributes people read. `<code>` and `<pre>`
 * hold identifiers shown as identifiers on purpose (a transition's code name, the workflow's Mermaid
 * source) and are left out.
 */
export function visibleText(html: string): string {
  const attributes: string[] = [];
  const attr = new RegExp(`\\s(?:${SHOWN_ATTRIBUTES.join('|')})="([^"]*)"`, 'gi');
  const withoutBlocks = html
    .replace(/<script\b[\s\S]*?<\/script\s*>/gi, ' ')
    .replace(/<style\b[\s\S]*?<\/style\s*>/gi, ' ')
    .replace(/<(code|pre)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ');
  for (const m of withoutBlocks.matchAll(attr)) {
    const value = decode(m[1]);
    // A chart's labels are a JSON list: its items are what the chart draws, not quoted citations.
    let items: unknown = null;
    if (value.startsWith('[')) {
      try {
        items = JSON.parse(value);
      } catch {
        items = null;
      }
    }
    attributes.push(Array.isArray(items) ? items.map(String).join('\n') : value);
  }
  return [decode(withoutBlocks.replace(/<[^>]*>/g, ' ')), ...attributes].join('\n');
}

/** JSON fields that hold sentences for people (everything else in the API is data and codes). */
const HUMAN_FIELDS = new Set(['message', 'summary']);
/** JSON fields that hold identifiers by definition (a statistics table `programme.prevention`, an event type). */
const IDENTIFIER_FIELDS = new Set(['id', 'type', 'code', 'kind', 'key', 'action', 'route', 'permission']);

function jsonStrings(value: unknown, out: { all: string[]; human: string[] }, field = ''): void {
  if (typeof value === 'string') {
    if (!IDENTIFIER_FIELDS.has(field)) out.all.push(value);
    if (HUMAN_FIELDS.has(field)) out.human.push(value);
  } else if (Array.isArray(value)) value.forEach((v) => jsonStrings(v, out, field));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) jsonStrings(v, out, k);
}

/**
 * Everything untranslated in a response body: leftover keys anywhere in an HTML page, a CSV, a text
 * or any JSON string; codes in a page's visible text, a CSV and the sentences of a JSON answer.
 */
export function untranslatedIn(body: string, contentType: string, lang: 'id' | 'en'): Finding[] {
  if (/html/.test(contentType)) {
    const text = visibleText(body);
    return [...leftoverKeys(body), ...untranslatedCodes(text, lang)];
  }
  if (/json/.test(contentType)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return [];
    }
    const strings = { all: [] as string[], human: [] as string[] };
    jsonStrings(parsed, strings);
    return [
      ...strings.all.flatMap((s) => leftoverKeys(s)),
      ...strings.human.flatMap((s) => untranslatedCodes(s, lang)),
    ];
  }
  if (/text\/(csv|plain)/.test(contentType)) {
    // CSV quotes every text field: the quotes are the format, not a citation.
    const text = /csv/.test(contentType) ? body.replace(/"/g, ' ') : body;
    return [...leftoverKeys(text), ...untranslatedCodes(text, lang)];
  }
  return [];
}
