import { Injectable, OnModuleInit } from '@nestjs/common';
import { DisclosureSources, MAX_DISCLOSED_ROWS } from '../../case/disclosure/disclosure-sources';
import { SupportServiceRecord } from './support-service.entity';

/** What support services hand the disclosure gate for the `medical` category: the medical services. */
@Injectable()
export class SupportServicesDisclosureSource implements OnModuleInit {
  constructor(private readonly sources: DisclosureSources) {}

  onModuleInit(): void {
    this.sources.register('medical', async (m, caseId) =>
      (
        await m.find(SupportServiceRecord, {
          where: { caseId, type: 'medical' },
          order: { plannedDate: 'ASC' },
          take: MAX_DISCLOSED_ROWS,
        })
      ).map((s) => ({
        status: s.status,
        plannedDate: s.plannedDate,
        deliveredAt: s.deliveredAt,
        notes: s.notes,
      })),
    );
  }
}
