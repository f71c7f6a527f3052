import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** At most this many rows of a track are disclosed to a partner in one answer. */
export const MAX_DISCLOSED_ROWS = 100;

/** What the tracks hand to the gate for the categories a consent can disclose (free text still unredacted). */
export interface DisclosureSourceRows {
  medical: { status: string; plannedDate: string; deliveredAt: string | null; notes: string | null }[];
  counseling_notes: { heldAt: string; notes: string | null }[];
  shelter_stay: { inShelter: boolean; admittedAt: string | null; plannedUntil: string | null };
}
export type SourceCategory = keyof DisclosureSourceRows;

export type DisclosureSource<K extends SourceCategory> = (
  manager: EntityManager,
  caseId: string,
) => Promise<DisclosureSourceRows[K]>;

/**
 * Where the tracks (counseling, shelter, support services) plug in the records a partner may be
 * shown under a consent category, the way they plug their guards into the workflow. The gate
 * (CaseDisclosureService) is the only caller: it decides whether the reader may see the category and
 * redacts the free text; a track never writes a partner's view itself. A category without a source
 * (its module not loaded) discloses nothing.
 */
@Injectable()
export class DisclosureSources {
  private readonly sources = new Map<SourceCategory, DisclosureSource<SourceCategory>>();

  register<K extends SourceCategory>(category: K, source: DisclosureSource<K>): void {
    if (this.sources.has(category)) throw new Error(`disclosure source ${category} registered twice`);
    this.sources.set(category, source as unknown as DisclosureSource<SourceCategory>);
  }

  async read<K extends SourceCategory>(
    category: K,
    manager: EntityManager,
    caseId: string,
  ): Promise<DisclosureSourceRows[K] | null> {
    const source = this.sources.get(category);
    return source ? ((await source(manager, caseId)) as DisclosureSourceRows[K]) : null;
  }
}
