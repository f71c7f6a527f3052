import { initialOf, initialsOf } from '../../platform/common/initials';

/** What replaces an identifying value in a redacted document. */
export const REDACTION_MARK = '[…]';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const word = (s: string) => new RegExp(`(?<![\\p{L}\\p{N}])${escape(s)}(?![\\p{L}\\p{N}])`, 'giu');

/** Runs of 8 or more digits (NIK, phone numbers, account numbers), possibly split by spaces, dots or dashes. */
const DIGIT_RUN = /\+?\d(?:[ .-]?\d){7,}/g;
/** Written dates are not identifying: 2026-01-08, 08-01-2026, 8/1/2026. */
const DATE_LIKE = /^(\d{4}-\d{2}-\d{2}|\d{1,2}[.\-/]\d{1,2}[.\-/]\d{2,4})$/;
/**
 * Street addresses as written in Indonesia: the street (Jl., Gang, Perumahan, Blok …) up to the next
 * comma. "jalan" is also an everyday word: the medical "rawat jalan" (outpatient care) and "jalan kaki"
 * (on foot) are not addresses and stay.
 */
const STREET =
  /(?<![\p{L}\p{N}])(?:jl|jln|(?<!rawat\s+)jalan(?!\s+kaki(?![\p{L}\p{N}]))|gg|gang|perum|perumahan|komplek|kompleks|blok|dusun|dsn)\.?\s+[^,;\n]{1,80}/giu;
/** E-mail addresses. */
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
/** Neighbourhood units: RT 03 / RW 05. */
const RT_RW = /(?<![\p{L}\p{N}])(?:rt|rw)\.?\s*\d{1,3}(?:\s*\/\s*(?:rw\.?\s*)?\d{1,3})?/giu;

export interface RedactionSubjects {
  /** People named in the case (victim, perpetrators): full names become initials. */
  names: (string | null | undefined)[];
  /** Identifying values removed wherever they appear (NIK, phone, address, birth date …). */
  values: (string | null | undefined)[];
  /**
   * Text that is never redacted (the case number; the victim's contact when it was disclosed); an
   * address also in parts, like the values ("Gang Mawar 3" of a disclosed "Gang Mawar 3, Tugu").
   */
  keep?: string[];
}

/**
 * The redacted version of a text: the names of the case's people become initials, their identifying
 * values (NIK, phone, address) and anything that looks like a number, a street address, an RT/RW or an
 * e-mail address disappear. The one implementation behind every redacted output (the disclosure gate
 * configures it per reader: JSON, pages, print and PDF alike); a safeguard on top of what the outputs
 * leave out, not a promise about every way free text can name a person.
 */
export class Redactor {
  private readonly rules: { pattern: RegExp; replace: string | ((m: string) => string) }[] = [];
  private readonly keep: string[];
  private readonly keepPatterns: RegExp[];

  constructor(subjects: RedactionSubjects) {
    const kept = (subjects.keep ?? []).flatMap((k) => {
      const text = (k ?? '').trim();
      const parts = text.split(/[,;\n]/).map((p) => p.trim());
      return [text, ...(parts.length > 1 ? parts.filter((p) => p.length >= 4) : [])];
    });
    this.keep = [...new Set(kept.filter(Boolean))].sort((a, b) => b.length - a.length);
    // Whole words only: a kept "Gang Mawar 3" must not shelter "Gang Mawar 35" from its removal.
    this.keepPatterns = this.keep.map(word);
    const values = subjects.values
      .flatMap((v) => {
        const text = (v ?? '').trim();
        // An address also appears in parts: "Jl. Melati No. 5" of "Jl. Melati No. 5, Tembalang, Semarang".
        return [text, ...text.split(/[,;\n]/).map((p) => p.trim())];
      })
      .filter((v) => v.length >= 4);
    for (const v of [...new Set(values)].sort((a, b) => b.length - a.length))
      this.rules.push({ pattern: word(v), replace: REDACTION_MARK });
    const names = subjects.names.map((n) => (n ?? '').trim()).filter((n) => n.length >= 2);
    for (const n of [...new Set(names)].sort((a, b) => b.length - a.length))
      this.rules.push({ pattern: word(n), replace: initialsOf(n) });
    const tokens = names
      .flatMap((n) => n.split(/\s+/))
      .map((t) => t.replace(/[^\p{L}\p{M}\p{N}'-]/gu, ''))
      .filter((t) => t.length >= 3);
    for (const t of [...new Set(tokens)].sort((a, b) => b.length - a.length))
      this.rules.push({ pattern: word(t), replace: `${initialOf(t) ?? t}.` });
    this.rules.push({ pattern: EMAIL, replace: REDACTION_MARK });
    this.rules.push({ pattern: STREET, replace: REDACTION_MARK });
    this.rules.push({ pattern: RT_RW, replace: REDACTION_MARK });
    this.rules.push({
      pattern: DIGIT_RUN,
      replace: (m) => (DATE_LIKE.test(m) ? m : REDACTION_MARK),
    });
  }

  text(value: string): string;
  text(value: string | null): string | null;
  text(value: string | null): string | null {
    if (value === null) return null;
    // Kept text is set aside behind private-use markers while the rules run.
    let out = value;
    this.keepPatterns.forEach((k, i) => (out = out.replace(k, `\uE000${i}\uE001`)));
    for (const rule of this.rules) out = out.replace(rule.pattern, rule.replace as any);
    return out.replace(/\uE000(\d+)\uE001/g, (_m, i: string) => this.keep[Number(i)]);
  }
}

/** Something that redacts free text for a reader (a Redactor, or NO_REDACTION). */
export interface TextFilter {
  text(value: string): string;
  text(value: string | null): string | null;
}

/** The identity function, for readers who see the case in full. */
export const NO_REDACTION: TextFilter = { text: ((value: string | null) => value) as TextFilter['text'] };
