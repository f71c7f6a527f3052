import { Injectable } from '@nestjs/common';
import { applySort, SortDirection } from '../platform/common/list-sort';
import { REGION_LIST_SORT } from './region-body-list-sort';
import { AppException } from '../platform/common/app.exception';
import { Clock } from '../platform/common/clock';
import { TransactionService } from '../platform/database/transaction.service';
import { InstitutionsService } from '../institutions/institutions.service';
import { PugRegion, PugRegionInstitution } from './entities/pug-region.entity';
import { conflict } from './pug.common';
import { assertInstitutions } from '../institutions/institution-options';
import { PugErrorCode } from './pug.errors';
import type { RegionKind, SkpdPugRole } from './reference-data';

export interface RosterEntryInput {
  institutionId: string;
  pugRole: SkpdPugRole;
  focalPointRequired?: boolean;
}

/** Local governments and the SKPD taking part in their PUG institutions (the roster). */
@Injectable()
export class PugRegionsService {
  constructor(
    private readonly tx: TransactionService,
    private readonly clock: Clock,
    private readonly institutions: InstitutionsService,
  ) {}

  private get repo() {
    return this.tx.manager.getRepository(PugRegion);
  }

  async list(q: {
    page: number;
    pageSize: number;
    sort?: string;
    dir?: SortDirection;
  }): Promise<{ items: PugRegion[]; total: number }> {
    const [items, total] = await applySort(this.repo.createQueryBuilder('g'), REGION_LIST_SORT, q)
      .skip((q.page - 1) * q.pageSize)
      .take(q.pageSize)
      .getManyAndCount();
    return { items, total };
  }

  all(): Promise<PugRegion[]> {
    return this.repo.find({ order: { name: 'ASC' } });
  }

  async get(id: string): Promise<PugRegion> {
    const found = await this.repo.findOne({ where: { id } });
    if (!found) throw AppException.notFound();
    return found;
  }

  findByName(name: string): Promise<PugRegion | null> {
    return this.repo.findOne({ where: { name: name.trim() } });
  }

  /** 422 NOT_FOUND-style check for ids given in a body (a missing region is a bad reference). */
  async assertExists(id: string): Promise<PugRegion> {
    const found = await this.repo.findOne({ where: { id } });
    if (!found) throw AppException.rule(PugErrorCode.RegionNotFound);
    return found;
  }

  create(input: { name: string; kind: RegionKind }): Promise<PugRegion> {
    return this.tx.run(async (m) => {
      if (await this.findByName(input.name)) throw conflict(PugErrorCode.RegionNameTaken);
      const now = this.clock.now();
      return m.getRepository(PugRegion).save(
        m.getRepository(PugRegion).create({
          name: input.name.trim(),
          kind: input.kind,
          createdAt: now,
          updatedAt: now,
          version: 1,
        }),
      );
    });
  }

  update(id: string, input: { version: number; name?: string; kind?: RegionKind }): Promise<PugRegion> {
    return this.tx.run(async (m) => {
      const region = await this.get(id);
      if (region.version !== input.version) throw AppException.versionConflict();
      if (input.name !== undefined) {
        const other = await this.findByName(input.name);
        if (other && other.id !== id) throw conflict(PugErrorCode.RegionNameTaken);
        region.name = input.name.trim();
      }
      if (input.kind !== undefined) region.kind = input.kind;
      const result = await m
        .createQueryBuilder()
        .update(PugRegion)
        .set({
          name: region.name,
          kind: region.kind,
          updatedAt: this.clock.now(),
          version: input.version + 1,
        })
        .where('id = :id AND version = :version', { id, version: input.version })
        .execute();
      if (!result.affected) throw AppException.versionConflict();
      return this.get(id);
    });
  }

  roster(regionId: string): Promise<PugRegionInstitution[]> {
    return this.tx.manager.getRepository(PugRegionInstitution).find({
      where: { regionId },
      relations: { institution: true },
      order: { institution: { name: 'ASC' } },
    });
  }

  /**
   * Replaces the region's roster (the SKPD taking part in PUG). At most one planning agency and one
   * women's-empowerment SKPD; checked against the region's version so concurrent edits conflict.
   */
  setRoster(regionId: string, version: number, entries: RosterEntryInput[]): Promise<PugRegionInstitution[]> {
    return this.tx.run(async (m) => {
      const region = await this.get(regionId);
      if (region.version !== version) throw AppException.versionConflict();
      for (const role of ['planning_agency', 'womens_empowerment'] as const) {
        if (entries.filter((e) => e.pugRole === role).length > 1)
          throw AppException.rule(PugErrorCode.RosterRoleTaken, { role });
      }
      await assertInstitutions(
        this.institutions,
        entries.map((e) => e.institutionId),
      );
      const bump = await m
        .createQueryBuilder()
        .update(PugRegion)
        .set({ updatedAt: this.clock.now(), version: version + 1 })
        .where('id = :id AND version = :version', { id: regionId, version })
        .execute();
      if (!bump.affected) throw AppException.versionConflict();
      const repo = m.getRepository(PugRegionInstitution);
      await repo.delete({ regionId });
      const now = this.clock.now();
      for (const e of entries) {
        await repo.insert({
          regionId,
          institutionId: e.institutionId,
          pugRole: e.pugRole,
          focalPointRequired: e.focalPointRequired ?? true,
          createdAt: now,
        });
      }
      return this.roster(regionId);
    });
  }
}
