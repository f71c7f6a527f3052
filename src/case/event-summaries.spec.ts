/**
 * Every kind of event the history holds, rendered in both languages with every code its arguments
 * can carry: no translation key, placeholder or code may be left in a summary, dates read as words
 * ("24 November 2026") and numbers in the reader's notation ("1.234,5"). The event types come from the
 * catalogue that `CaseEventService.append` is typed against (and which no source file can bypass), and
 * the catalogue may not list a type nothing appends.
 */
import { ConfigModule } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { leftoverKeys, untranslatedCodes } from '../../test/support/untranslated';
import { Language, SUPPORTED_LANGUAGES } from '../platform/common/request-context';
import { appConfig } from '../platform/config/app.config';
import { I18N_DIR } from '../platform/common/paths';
import { I18nModule } from '../platform/i18n/i18n.module';
import { MissingTranslationError, Translator } from '../platform/i18n/translator';
import {
  ArgKind,
  CASE_EVENT_TYPES,
  CASE_EVENTS,
  EventSpec,
  NOTIFICATION_KINDS,
  NOTIFICATION_SPEC,
} from './event-catalogue';
import { EventSummaries } from './event-summaries';
import { TRANSITION_NAMES } from './workflow/case-workflow';

const DATE = '2026-11-24';
const DATE_WORDS: Record<Language, string> = { id: '24 November 2026', en: '24 November 2026' };
const NUMBER = 1234.5;
const NUMBER_WORDS: Record<Language, string> = { id: '1.234,5', en: '1,234.5' };

/** A value of each kind, the first code of code lists. */
function sample(kind: ArgKind): string | number | boolean | null {
  switch (kind.kind) {
    case 'text':
      return 'Budi Santoso';
    case 'date':
      return DATE;
    case 'number':
      return NUMBER;
    case 'yesNo':
      return true;
    case 'name':
      return 'Polres Kota Semarang';
    case 'id':
      return '0b0e6f5e-2c35-4a43-9f57-6d7e1c2a9b10';
    case 'code':
      return kind.codes[0];
    case 'codes':
      return kind.codes.join(',');
  }
}

/** The argument sets to render: the samples, then each code of each code argument in turn. */
function argumentSets(spec: EventSpec): Record<string, string | number | boolean | null>[] {
  const base = Object.fromEntries(Object.entries(spec.args).map(([name, kind]) => [name, sample(kind)]));
  const sets = [base];
  for (const [name, kind] of Object.entries(spec.args)) {
    if (kind.kind === 'code') for (const c of kind.codes.slice(1)) sets.push({ ...base, [name]: c });
    if (kind.kind === 'codes') {
      for (const c of kind.codes) sets.push({ ...base, [name]: c });
      sets.push({ ...base, [name]: '' });
    }
    if (kind.kind === 'yesNo') sets.push({ ...base, [name]: false });
    if (kind.kind === 'name') sets.push({ ...base, [name]: null });
  }
  return sets;
}

/** The placeholders of a translation (`{serviceRole}`). */
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);

/**
 * A translation as written in the file, placeholders included (the translator fills a placeholder it
 * has no argument for with nothing, so its output cannot show what a summary expects).
 */
function template(key: string, lang: Language): string {
  const [ns, ...rest] = key.split('.');
  let node: unknown = JSON.parse(fs.readFileSync(path.join(I18N_DIR, lang, `${ns}.json`), 'utf8'));
  for (const part of rest) node = (node as Record<string, unknown> | undefined)?.[part];
  if (typeof node !== 'string') throw new Error(`no text for ${key} (${lang})`);
  return node;
}

describe('EventSummaries', () => {
  let summaries: EventSummaries;
  let translator: Translator;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [appConfig] }), I18nModule],
      providers: [EventSummaries],
    }).compile();
    summaries = moduleRef.get(EventSummaries);
    translator = moduleRef.get(Translator);
  });

  it('knows the event of every workflow transition and at least every track', () => {
    for (const name of TRANSITION_NAMES) expect(CASE_EVENT_TYPES).toContain(`workflow.${name}`);
    expect(CASE_EVENT_TYPES.length).toBeGreaterThanOrEqual(50);
  });

  it('lists no event type that nothing appends (the catalogue cannot go stale)', () => {
    const sources: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, e.name);
        if (e.isDirectory()) walk(file);
        else if (e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') && e.name !== 'event-catalogue.ts')
          sources.push(fs.readFileSync(file, 'utf8'));
      }
    };
    walk(path.join(__dirname, '..'));
    const code = sources.join('\n');
    const unused = CASE_EVENT_TYPES.filter(
      (type) => !type.startsWith('workflow.') && !code.includes(`'${type}'`),
    );
    expect(unused).toEqual([]);
    // Workflow events are appended as `workflow.${name}` for every transition of the table.
    expect(code).toContain('type: `workflow.${name}`');
  });

  it('uses only declared arguments in each summary, and every summary key exists in both languages', () => {
    const problems: string[] = [];
    for (const type of CASE_EVENT_TYPES) {
      const spec: EventSpec = CASE_EVENTS[type];
      expect(spec.summaryKeys.length).toBeGreaterThan(0);
      for (const key of spec.summaryKeys) {
        for (const lang of SUPPORTED_LANGUAGES) {
          if (!translator.has(key, lang)) {
            problems.push(`${type}: ${key} missing in ${lang}`);
            continue;
          }
          for (const p of placeholders(template(key, lang)))
            if (!(p in spec.args)) problems.push(`${type}: ${key} (${lang}) uses {${p}}, not declared`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it.each(SUPPORTED_LANGUAGES)(
    'renders every event type with every code in %s: no key, placeholder or code left; dates and numbers in words',
    (lang) => {
      const problems: string[] = [];
      let rendered = 0;
      for (const type of CASE_EVENT_TYPES) {
        const spec: EventSpec = CASE_EVENTS[type];
        for (const summaryKey of spec.summaryKeys) {
          const used = placeholders(template(summaryKey, lang));
          for (const args of argumentSets(spec)) {
            const text = summaries.summary({ type, summaryKey, summaryArgs: args }, lang);
            rendered++;
            const where = `${type} ${summaryKey} ${JSON.stringify(args)} → "${text}"`;
            if (/[{}]/.test(text)) problems.push(`placeholder left: ${where}`);
            for (const f of [...leftoverKeys(text), ...untranslatedCodes(text, lang)])
              problems.push(`${f.kind} ${f.text}: ${where}`);
            for (const [name, kind] of Object.entries(spec.args)) {
              if (!used.includes(name)) continue;
              const value = args[name];
              if (kind.kind === 'date' && (!text.includes(DATE_WORDS[lang]) || text.includes(DATE)))
                problems.push(`date not in words: ${where}`);
              if (kind.kind === 'number' && !text.includes(NUMBER_WORDS[lang]))
                problems.push(`number not in the reader's notation: ${where}`);
              if (kind.kind === 'code' && typeof value === 'string') {
                const words = translator.t(`${kind.ns}.${value}`, lang);
                if (!text.includes(words)) problems.push(`code ${value} not as "${words}": ${where}`);
                // A one-word code is an English word: only Indonesian text can tell it was left raw.
                const foreign = lang === 'id' || !/^[a-z]+$/.test(value);
                if (foreign && words !== value && new RegExp(`(^|[^\\w/])${value}([^\\w/]|$)`).test(text))
                  problems.push(`raw code ${value}: ${where}`);
              }
            }
          }
        }
      }
      expect(problems).toEqual([]);
      expect(rendered).toBeGreaterThan(500);
    },
  );

  it.each(SUPPORTED_LANGUAGES)('renders every notification kind in %s without keys or codes', (lang) => {
    const problems: string[] = [];
    for (const kind of NOTIFICATION_KINDS) {
      for (const args of argumentSets(NOTIFICATION_SPEC)) {
        const text = summaries.notification(kind, args, lang);
        if (/[{}]/.test(text)) problems.push(`placeholder left: ${kind} → ${text}`);
        for (const f of [...leftoverKeys(text), ...untranslatedCodes(text, lang)])
          problems.push(`${f.kind} ${f.text}: ${kind} → ${text}`);
        if (text.includes(DATE)) problems.push(`ISO date: ${kind} → ${text}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('reads the words that events of earlier versions stored where codes belong, in the reader language', () => {
    const created = {
      type: 'referral.created',
      summaryKey: 'events.referral.created',
      summaryArgs: {
        serviceRole: 'Penegakan hukum',
        institution: 'Polrestabes Semarang',
        urgency: 'Segera',
        categories: 'Identitas (nama, jenis kelamin, umur), Kontak (telepon, alamat)',
        dueDate: '2026-12-06',
      },
    };
    expect(summaries.summary(created, 'en')).toBe(
      'Referral made: Law enforcement to Polrestabes Semarang (Urgent), shared: Identity (name, sex, age), Contact (phone, address); answer by 6 December 2026.',
    );
    expect(summaries.summary(created, 'id')).toBe(
      'Rujukan dibuat: Penegakan hukum ke Polrestabes Semarang (Segera), data dibagikan: Identitas (nama, jenis kelamin, umur), Kontak (telepon, alamat); batas jawaban 6 Desember 2026.',
    );
  });

  it('shows stored words it cannot read back as they are, never as a key, and an institution left out as "any"', () => {
    const text = summaries.summary(
      {
        type: 'referral.completed',
        summaryKey: 'events.referral.completed',
        summaryArgs: { serviceRole: 'Layanan lama', outcome: 'Sesuatu yang lain', categories: 'x, y' },
      },
      'id',
    );
    expect(text).toBe(
      'Rujukan Layanan lama selesai oleh lembaga mana pun yang memenuhi syarat: Sesuatu yang lain.',
    );
    expect(leftoverKeys(text)).toEqual([]);
  });

  it('renders an event type or summary it does not know from its arguments, without the raw key', () => {
    const text = summaries.summary(
      { type: 'case.retired_kind', summaryKey: 'events.case.retired_kind', summaryArgs: { on: DATE, n: 3 } },
      'id',
    );
    expect(text).toBe('Peristiwa riwayat: 24 November 2026, 3.');
  });

  it('throws on a missing key under test (the translator is strict there)', () => {
    expect(() => translator.t('events.no_such_key', 'id')).toThrow(MissingTranslationError);
    expect(() => translator.t('referrals.serviceRoles', 'id')).toThrow(MissingTranslationError);
  });
});
