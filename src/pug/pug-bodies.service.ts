import { Injectable } from '@nestjs/common';
import { applySort, SortDirection } from '../platform/common/list-sort';
import { BODY_LIST_SORT } from './region-body-list-sort';
import { IsNull } from 'typeorm';
import { AppException } from '../platform/common/app.exception';
import { Clock } from '../platform/common/clock';
import { TransactionService } from '../platform/database/transaction.service';
import { InstitutionsService } from '../institutions/institutions.service';
import { PugBody } from './entities/pug-body.entity';
import { conflict } from './pug.common';
import { assertInstitutions } from '../institutions/institution-options';
import { PugErrorCode } from './pug.errors';
import { PugRegionsService } from './pug-regions.service';
import { BODY_KIND_INFO, BodyKind } from './reference-data';

export interface BodyInput {
  regionId: string;
  kind: BodyKind;
  name: string;
  institutionId?: string | null;
  description?: string | null;
}

export interface BodyListQuery {
  page: number;
  pageSize: number;
  regionId?: string;
  kind?: BodyKind;
  institutionId?: string;
  sort?: string;
  dir?: SortDirection;
}

/**
 * PUG bodies. One Pokja PUG and one technical team per region, one focal-point team per SKPD and
 * region, one partner team per service centre; the kind never changes (its decrees depend on it).
 */
@Injectable()
export class PugBodiesService {
  constructor(
    private readonly tx: TransactionService,
    private readonly clock: Clock,
    private readonly regions: PugRegionsService,
    private readonly institutions: InstitutionsService,
  ) {}

  private get repo() {
    return this.tx.manager.getRepository(PugBody);
  }

  async list(q: BodyListQuery): Promise<{ items: PugBody[]; total: number }> {
    const qb = this.repo
      .createQueryBuilder('b')
      .leftJoinAndSelect('b.region', 'r')
      .leftJoinAndSelect('b.institution', 'i');
    if (q.regionId) qb.andWhere('b.regionId = :regionId', { regionId: q.regionId });
    if (q.kind) qb.andWhere('b.kind = :kind', { kind: q.kind });
    if (q.institutionId) qb.andWhere('b.institutionId = :institutionId', { institutionId: q.institutionId });
    // One region and at most one institution per body: offset/limit page the joined rows as they are.
    const [items, total] = await applySort(qb, BODY_LIST_SORT, q)
      .offset((q.page - 1) * q.pageSize)
      .limit(q.pageSize)
      .getManyAndCount();
    return { items, total };
  }

  forRegion(regionId: string): Promise<PugBody[]> {
    return this.repo.find({
      where: { regionId },
      relations: { institution: true },
      order: { kind: 'ASC', name: 'ASC' },
    });
  }

  ofKind(kind: BodyKind): Promise<PugBody[]> {
    return this.repo.find({ where: { kind }, relations: { region: true, institution: true } });
  }

  async get(id: string): Promise<PugBody> {
    const found = await this.repo.findOne({ where: { id }, relations: { region: true, institution: true } });
    if (!found) throw AppException.notFound();
    return found;
  }

  /** A body named in a request body: 422 when it does not exist. */
  async assertExists(id: string): Promise<PugBody> {
    const found = await this.repo.findOne({ where: { id }, relations: { region: true, institution: true } });
    if (!found) throw AppException.rule(PugErrorCode.BodyNotFound);
    return found;
  }

  create(input: BodyInput): Promise<PugBody> {
    return this.tx.run(async (m) => {
      await this.regions.assertExists(input.regionId);
      const institutionId = input.institutionId ?? null;
      if (BODY_KIND_INFO[input.kind].perInstitution && !institutionId) {
        throw AppException.rule(PugErrorCode.BodyInstitutionRequired);
      }
      await assertInstitutions(this.institutions, [institutionId]);
      const perRegion = input.kind === 'pokja_pug' || input.kind === 'technical_team';
      const clash = await m.getRepository(PugBody).findOne({
        where: perRegion
          ? { regionId: input.regionId, kind: input.kind }
          : { regionId: input.regionId, kind: input.kind, institutionId: institutionId ?? IsNull() },
      });
      if (clash) throw conflict(PugErrorCode.BodyExists, { id: clash.id });
      const now = this.clock.now();
      const repo = m.getRepository(PugBody);
      const saved = await repo.save(
        repo.create({
          regionId: input.regionId,
          kind: input.kind,
          name: input.name.trim(),
          institutionId,
          description: input.description?.trim() || null,
          createdAt: now,
          updatedAt: now,
          version: 1,
        }),
      );
      return this.get(saved.id);
    });
  }

  update(
    id: string,
    input: { version: number; name?: string; description?: string | null },
  ): Promise<PugBody> {
    return this.tx.run(async (m) => {
      const body = await this.get(id);
      if (body.version !== input.version) throw AppException.versionConflict();
      const result = await m
        .createQueryBuilder()
        .update(PugBody)
        .set({
          name: input.name !== undefined ? input.name.trim() : body.name,
          description: input.description !== undefined ? input.description?.trim() || null : body.description,
          updatedAt: this.clock.now(),
          version: input.version + 1,
        })
        .where('id = :id AND version = :version', { id, version: input.version })
        .execute();
      if (!result.affected) throw AppException.versionConflict();
      return this.get(id);
    });
  }
}
