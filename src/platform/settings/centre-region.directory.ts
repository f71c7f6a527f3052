import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { TransactionService } from '../database/transaction.service';
import { SettingsService } from './settings.service';

/**
 * Where the regions (local governments) come from and which institutions belong to which: the PUG
 * module registers it (rosters, bodies and the institutions named in their decrees), so that settings
 * import no feature.
 */
export interface RegionSource {
  /** Every region, by name. */
  regions(m: EntityManager): Promise<{ id: string; name: string }[]>;
  /** Institution id → the ids of the regions it belongs to (institutions of no region are absent). */
  membership(m: EntityManager): Promise<Map<string, Set<string>>>;
}

/**
 * One group of a form's institution list: the centre's region first (`region`: its name), then the
 * institutions that belong to no region (`other`); `all` when the centre's region is not set (one
 * group, shown without a heading).
 */
export interface InstitutionGroup<T> {
  kind: 'region' | 'other' | 'all';
  /** The region's name (kind `region`). */
  region: string | null;
  institutions: T[];
}

export interface InstitutionChoices<T> {
  /** What a form offers, the centre's region first; another region's offices are left out. */
  institutions: T[];
  /** The same, grouped (one group without a name when the centre's region is not set). */
  groups: InstitutionGroup<T>[];
}

/**
 * The centre's own region (`regionId` in the centre settings) and what it means for the forms that
 * list institutions (consent, case conference, referral targets, support service providers): the
 * institutions of the centre's region come first, then those that belong to no region (a police unit,
 * a hospital not recorded in any PUG roster), and another city's offices (Kupang's SKPD for a centre in
 * Semarang) are not offered. Without a region set, or without a source, the list stays as it was.
 */
@Injectable()
export class CentreRegionDirectory {
  private source?: RegionSource;

  constructor(
    private readonly tx: TransactionService,
    private readonly settings: SettingsService,
  ) {}

  register(source: RegionSource): void {
    this.source = source;
  }

  regions(m: EntityManager = this.tx.manager): Promise<{ id: string; name: string }[]> {
    return this.source ? this.source.regions(m) : Promise.resolve([]);
  }

  async exists(regionId: string, m: EntityManager = this.tx.manager): Promise<boolean> {
    return (await this.regions(m)).some((r) => r.id === regionId);
  }

  /** The centre's region (id and name), or null when not set (or no longer recorded). */
  async centreRegion(m: EntityManager = this.tx.manager): Promise<{ id: string; name: string } | null> {
    const regionId = (await this.settings.centre()).regionId;
    if (!regionId) return null;
    return (await this.regions(m)).find((r) => r.id === regionId) ?? null;
  }

  /** Arranges a form's institutions (already in the order wanted within a group, e.g. by name). */
  async arrange<T extends { id: string }>(
    institutions: T[],
    m: EntityManager = this.tx.manager,
  ): Promise<InstitutionChoices<T>> {
    const region = this.source ? await this.centreRegion(m) : null;
    if (!region || !this.source)
      return { institutions, groups: [{ kind: 'all', region: null, institutions }] };
    const membership = await this.source.membership(m);
    const local: T[] = [];
    const unplaced: T[] = [];
    for (const i of institutions) {
      const regions = membership.get(i.id);
      if (!regions?.size) unplaced.push(i);
      else if (regions.has(region.id)) local.push(i);
      // else: another region's office, not offered
    }
    const groups: InstitutionGroup<T>[] = [];
    if (local.length) groups.push({ kind: 'region', region: region.name, institutions: local });
    if (unplaced.length) groups.push({ kind: 'other', region: null, institutions: unplaced });
    return { institutions: [...local, ...unplaced], groups };
  }
}
