import { Module } from '@nestjs/common';
import { EventSummaries } from './event-summaries';

/**
 * The renderer of event summaries on its own (it needs only the translator), so that the
 * notifications, which the users module uses and the cases module therefore sits above, can read
 * them without importing the cases module.
 */
@Module({ providers: [EventSummaries], exports: [EventSummaries] })
export class EventSummariesModule {}
