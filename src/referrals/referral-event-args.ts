import { Injectable, OnModuleInit } from '@nestjs/common';
import { EventArgsRegistry } from '../cases/event-args.registry';
import { Translator } from '../i18n/translator';
import { translateReferralArgs } from './event-args';

/** Lets the case history show referral, consent, recovery and monitoring summaries in words. */
@Injectable()
export class ReferralEventArgs implements OnModuleInit {
  constructor(
    private readonly registry: EventArgsRegistry,
    private readonly translator: Translator,
  ) {}

  onModuleInit(): void {
    this.registry.register((args, lang) => translateReferralArgs(this.translator, args, lang));
  }
}
