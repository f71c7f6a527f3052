import { Injectable } from '@nestjs/common';
import { applySort, SortDirection } from '../platform/common/list-sort';
import { ACTION_PLAN_LIST_SORT } from './action-plan-list-sort';
import { In } from 'typeorm';
import { AppException } from '../platform/common/app.exception';
import { Clock } from '../platform/common/clock';
import { DataKeyService } from '../platform/crypto/data-key.service';
import { TransactionService } from '../platform/database/transaction.service';
import { InstitutionsService } from '../institutions/institutions.service';
import { DerivedItemStatus, deriveItemStatus } from './action-item-status';
import {
  PugActionItem,
  PugActionPlan,
  PugAgreement,
  PugMonitoringRound,
  PugMonitoringUpdate,
} from './entities/pug-action-plan.entity';
import { assertNotFuture, todayOf } from '../platform/common/dates';
import { assertPeriod } from './pug.common';
import { assertInstitutions } from '../institutions/institution-options';
import { PugErrorCode } from './pug.errors';
import { PugRegionsService } from './pug-regions.service';
import type { ActionPlanSource, ItemStatus, RecordedItemStatus } from './reference-data';

export const MONITORING_KEY_SCOPE = 'pug';

export interface ItemInput {
  description: string;
  ownerInstitutionId: string;
  deadline: string;
  indicator?: string | null;
}

export interface PlanInput {
  regionId: string;
  source: ActionPlanSource;
  title: string;
  year: number;
  description?: string | null;
  items?: ItemInput[];
}

export interface RoundInput {
  startDate: string;
  endDate?: string | null;
  facilitators: string[];
  findings?: string | null;
  updates: { itemId: string; status: RecordedItemStatus; note?: string | null }[];
  agreements: {
    description: string;
    itemId?: string | null;
    newDeadline?: string | null;
    ownerInstitutionId?: string | null;
  }[];
}

export interface ItemWithStatus {
  item: PugActionItem;
  derived: DerivedItemStatus;
}

export interface RoundDetail {
  round: PugMonitoringRound;
  updates: PugMonitoringUpdate[];
  agreements: PugAgreement[];
}

export interface PlanDetail {
  plan: PugActionPlan;
  items: ItemWithStatus[];
  rounds: RoundDetail[];
  counts: Record<ItemStatus, number>;
}

const emptyCounts = (): Record<ItemStatus, number> => ({ not_started: 0, in_progress: 0, done: 0, late: 0 });

/**
 * Action plans (KSGP, RANDA), their items and the monitoring rounds that set each item's status and
 * agree new deadlines. Item status is derived on every read (action-item-status.ts).
 */
@Injectable()
export class PugActionPlansService {
  constructor(
    private readonly tx: TransactionService,
    private readonly clock: Clock,
    private readonly dataKeys: DataKeyService,
    private readonly regions: PugRegionsService,
    private readonly institutions: InstitutionsService,
  ) {}

  private get m() {
    return this.tx.manager;
  }

  async list(q: {
    page: number;
    pageSize: number;
    regionId?: string;
    source?: ActionPlanSource;
    sort?: string;
    dir?: SortDirection;
  }): Promise<{ items: { plan: PugActionPlan; counts: Record<ItemStatus, number> }[]; total: number }> {
    const qb = this.m
      .getRepository(PugActionPlan)
      .createQueryBuilder('p')
      .innerJoinAndSelect('p.region', 'r');
    if (q.regionId) qb.andWhere('p.regionId = :regionId', { regionId: q.regionId });
    if (q.source) qb.andWhere('p.source = :source', { source: q.source });
    // One region per plan: offset/limit page the joined rows as they are.
    const [plans, total] = await applySort(qb, ACTION_PLAN_LIST_SORT, q)
      .offset((q.page - 1) * q.pageSize)
      .limit(q.pageSize)
      .getManyAndCount();
    const statuses = await this.statuses(plans.map((p) => p.id));
    return {
      items: plans.map((plan) => {
        const counts = emptyCounts();
        for (const s of statuses.filter((x) => x.item.planId === plan.id)) counts[s.derived.status]++;
        return { plan, counts };
      }),
      total,
    };
  }

  /** Items of some plans with their derived status. */
  async statuses(planIds: string[]): Promise<ItemWithStatus[]> {
    if (!planIds.length) return [];
    const items = await this.m.getRepository(PugActionItem).find({
      where: { planId: In(planIds) },
      relations: { ownerInstitution: true },
      order: { position: 'ASC' },
    });
    if (!items.length) return [];
    const itemIds = items.map((i) => i.id);
    const [updates, agreements] = await Promise.all([
      this.m
        .getRepository(PugMonitoringUpdate)
        .find({ where: { itemId: In(itemIds) }, relations: { round: true } }),
      this.m.getRepository(PugAgreement).find({ where: { itemId: In(itemIds) }, relations: { round: true } }),
    ]);
    const t = todayOf(this.clock);
    return items.map((item) => ({
      item,
      derived: deriveItemStatus(
        item,
        updates
          .filter((u) => u.itemId === item.id)
          .map((u) => ({
            roundDate: u.round!.endDate,
            roundCreatedAt: u.round!.createdAt,
            status: u.status,
          })),
        agreements
          .filter((a) => a.itemId === item.id)
          .map((a) => ({
            roundDate: a.round!.endDate,
            roundCreatedAt: a.round!.createdAt,
            newDeadline: a.newDeadline,
          })),
        t,
      ),
    }));
  }

  private async plan(id: string): Promise<PugActionPlan> {
    const plan = await this.m
      .getRepository(PugActionPlan)
      .findOne({ where: { id }, relations: { region: true } });
    if (!plan) throw AppException.notFound();
    return plan;
  }

  async get(id: string): Promise<PlanDetail> {
    const plan = await this.plan(id);
    const items = await this.statuses([id]);
    const rounds = await this.m.getRepository(PugMonitoringRound).find({
      where: { planId: id },
      order: { startDate: 'DESC', createdAt: 'DESC' },
    });
    const details = await this.roundDetails(rounds);
    const counts = emptyCounts();
    for (const i of items) counts[i.derived.status]++;
    return { plan, items, rounds: details, counts };
  }

  private async roundDetails(rounds: PugMonitoringRound[]): Promise<RoundDetail[]> {
    if (!rounds.length) return [];
    const ids = rounds.map((r) => r.id);
    const [updates, agreements] = await Promise.all([
      this.m
        .getRepository(PugMonitoringUpdate)
        .find({ where: { roundId: In(ids) }, relations: { item: true } }),
      this.m.getRepository(PugAgreement).find({
        where: { roundId: In(ids) },
        relations: { item: true, ownerInstitution: true },
        order: { position: 'ASC' },
      }),
    ]);
    return rounds.map((round) => ({
      round,
      updates: updates
        .filter((u) => u.roundId === round.id)
        .sort((a, b) => (a.item?.position ?? 0) - (b.item?.position ?? 0)),
      agreements: agreements.filter((a) => a.roundId === round.id),
    }));
  }

  async getRound(id: string): Promise<RoundDetail & { plan: PugActionPlan }> {
    const round = await this.m.getRepository(PugMonitoringRound).findOne({ where: { id } });
    if (!round) throw AppException.notFound();
    const [detail] = await this.roundDetails([round]);
    return { ...detail, plan: await this.plan(round.planId) };
  }

  async item(id: string): Promise<ItemWithStatus> {
    const item = await this.m.getRepository(PugActionItem).findOne({ where: { id } });
    if (!item) throw AppException.notFound();
    return (await this.statuses([item.planId])).find((s) => s.item.id === id) as ItemWithStatus;
  }

  // ---- writes ---------------------------------------------------------------------------------------

  create(input: PlanInput): Promise<PugActionPlan> {
    return this.tx.run(async (m) => {
      await this.regions.assertExists(input.regionId);
      await assertInstitutions(
        this.institutions,
        (input.items ?? []).map((i) => i.ownerInstitutionId),
      );
      const now = this.clock.now();
      const repo = m.getRepository(PugActionPlan);
      const plan = await repo.save(
        repo.create({
          regionId: input.regionId,
          source: input.source,
          title: input.title.trim(),
          year: input.year,
          description: input.description?.trim() || null,
          createdAt: now,
          updatedAt: now,
          version: 1,
        }),
      );
      let position = 0;
      for (const item of input.items ?? []) await this.insertItem(plan.id, ++position, item);
      return plan;
    });
  }

  update(
    id: string,
    input: {
      version: number;
      title?: string;
      year?: number;
      source?: ActionPlanSource;
      description?: string | null;
    },
  ): Promise<PugActionPlan> {
    return this.tx.run(async (m) => {
      const plan = await this.plan(id);
      if (plan.version !== input.version) throw AppException.versionConflict();
      const result = await m
        .createQueryBuilder()
        .update(PugActionPlan)
        .set({
          title: input.title?.trim() ?? plan.title,
          year: input.year ?? plan.year,
          source: input.source ?? plan.source,
          description: input.description !== undefined ? input.description?.trim() || null : plan.description,
          updatedAt: this.clock.now(),
          version: input.version + 1,
        })
        .where('id = :id AND version = :version', { id, version: input.version })
        .execute();
      if (!result.affected) throw AppException.versionConflict();
      return this.plan(id);
    });
  }

  private async insertItem(planId: string, position: number, input: ItemInput): Promise<PugActionItem> {
    const repo = this.tx.manager.getRepository(PugActionItem);
    const now = this.clock.now();
    return repo.save(
      repo.create({
        planId,
        position,
        description: input.description.trim(),
        ownerInstitutionId: input.ownerInstitutionId,
        deadline: input.deadline,
        indicator: input.indicator?.trim() || null,
        createdAt: now,
        updatedAt: now,
        version: 1,
      }),
    );
  }

  addItem(planId: string, input: ItemInput): Promise<PugActionItem> {
    return this.tx.run(async (m) => {
      await this.plan(planId);
      await assertInstitutions(this.institutions, [input.ownerInstitutionId]);
      const last = await m
        .getRepository(PugActionItem)
        .findOne({ where: { planId }, order: { position: 'DESC' } });
      return this.insertItem(planId, (last?.position ?? 0) + 1, input);
    });
  }

  updateItem(id: string, input: Partial<ItemInput> & { version: number }): Promise<PugActionItem> {
    return this.tx.run(async (m) => {
      const item = await m.getRepository(PugActionItem).findOne({ where: { id } });
      if (!item) throw AppException.notFound();
      if (item.version !== input.version) throw AppException.versionConflict();
      await assertInstitutions(this.institutions, [input.ownerInstitutionId]);
      const result = await m
        .createQueryBuilder()
        .update(PugActionItem)
        .set({
          description: input.description?.trim() ?? item.description,
          ownerInstitutionId: input.ownerInstitutionId ?? item.ownerInstitutionId,
          deadline: input.deadline ?? item.deadline,
          indicator: input.indicator !== undefined ? input.indicator?.trim() || null : item.indicator,
          updatedAt: this.clock.now(),
          version: input.version + 1,
        })
        .where('id = :id AND version = :version', { id, version: input.version })
        .execute();
      if (!result.affected) throw AppException.versionConflict();
      return (await m.getRepository(PugActionItem).findOne({ where: { id } })) as PugActionItem;
    });
  }

  /**
   * Records a monitoring round: the status found for each item looked at, and the agreements (with
   * new deadlines). A round lies in the past; its items belong to the plan.
   */
  createRound(planId: string, input: RoundInput, userId: string | null): Promise<PugMonitoringRound> {
    return this.tx.run(async (m) => {
      await this.plan(planId);
      const endDate = input.endDate || input.startDate;
      assertPeriod(input.startDate, endDate);
      assertNotFuture(this.clock, input.startDate, endDate);
      const itemIds = new Set(
        (await m.getRepository(PugActionItem).find({ select: { id: true }, where: { planId } })).map(
          (i) => i.id,
        ),
      );
      const named = [...input.updates.map((u) => u.itemId), ...input.agreements.map((a) => a.itemId)];
      if (named.some((id) => id && !itemIds.has(id)))
        throw AppException.rule(PugErrorCode.ActionItemNotInPlan);
      await assertInstitutions(
        this.institutions,
        input.agreements.map((a) => a.ownerInstitutionId),
      );
      const key = await this.dataKeys.create(MONITORING_KEY_SCOPE, m);
      const roundRepo = m.getRepository(PugMonitoringRound);
      const round = await roundRepo.save(
        roundRepo.create({
          planId,
          startDate: input.startDate,
          endDate,
          dataKeyId: key.id,
          facilitators: input.facilitators.map((f) => f.trim()).filter(Boolean),
          findings: input.findings?.trim() || null,
          createdById: userId,
          createdAt: this.clock.now(),
        }),
      );
      const updates = m.getRepository(PugMonitoringUpdate);
      for (const u of input.updates) {
        await updates.save(
          updates.create({
            roundId: round.id,
            itemId: u.itemId,
            dataKeyId: key.id,
            status: u.status,
            note: u.note?.trim() || null,
          }),
        );
      }
      const agreements = m.getRepository(PugAgreement);
      let position = 0;
      for (const a of input.agreements) {
        await agreements.insert({
          roundId: round.id,
          position: ++position,
          description: a.description.trim(),
          itemId: a.itemId ?? null,
          newDeadline: a.newDeadline ?? null,
          ownerInstitutionId: a.ownerInstitutionId ?? null,
        });
      }
      return round;
    });
  }
}
