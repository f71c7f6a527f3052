import { Injectable } from '@nestjs/common';
import { Language } from '../common/request-context';

/** Turns the codes in an event's summary arguments into words of the reader's language. */
export type EventArgsTranslator = (args: Record<string, unknown>, lang: Language) => Record<string, unknown>;

/**
 * Feature modules (referrals, consent, recovery…) register how their event arguments read, so the
 * case history shows every summary in words without the cases module knowing those features.
 */
@Injectable()
export class EventArgsRegistry {
  private readonly translators: EventArgsTranslator[] = [];

  register(translator: EventArgsTranslator): void {
    this.translators.push(translator);
  }

  apply(args: Record<string, unknown>, lang: Language): Record<string, unknown> {
    return this.translators.reduce((acc, t) => t(acc, lang), args);
  }
}
