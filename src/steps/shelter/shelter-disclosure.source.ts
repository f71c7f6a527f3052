import { Injectable, OnModuleInit } from '@nestjs/common';
import { DisclosureSources } from '../../case/disclosure/disclosure-sources';
import { iso } from '../../platform/common/dates';
import { ShelterStay } from './shelter-stay.entity';

/**
 * What the shelter hands the disclosure gate for the `shelter_stay` category: whether the victim is in
 * a safe house now, since when and until when planned — never which house or where.
 */
@Injectable()
export class ShelterDisclosureSource implements OnModuleInit {
  constructor(private readonly sources: DisclosureSources) {}

  onModuleInit(): void {
    this.sources.register('shelter_stay', async (m, caseId) => {
      const stay = await m.findOne(ShelterStay, {
        where: { caseId, status: 'admitted' },
        order: { admittedAt: 'DESC' },
      });
      return {
        inShelter: !!stay,
        admittedAt: iso(stay?.admittedAt),
        plannedUntil: stay?.plannedUntil ?? null,
      };
    });
  }
}
