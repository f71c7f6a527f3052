import { HttpStatus, Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { Permission } from '../../platform/auth/permissions';
import { CaseAccessService } from '../../case/case-access.service';
import { CaseEventService } from '../../case/case-event.service';
import { GuardContext, GuardFailure } from '../../case/workflow/workflow-guard.registry';
import { AppException } from '../../platform/common/app.exception';
import { Clock } from '../../platform/common/clock';
import { Paginated, paginated } from '../../platform/common/pagination';
import { AuthContext } from '../../platform/common/request-context';
import { addDays, dayOf, daysBetween, todayOf } from '../../platform/common/dates';
import { lockedFor } from '../../platform/database/query-helpers';
import { DataKeyService } from '../../platform/crypto/data-key.service';
import { TransactionService } from '../../platform/database/transaction.service';
import {
  CreateSafeHouseDto,
  OccupancyDto,
  OccupancyHouseDto,
  SafeHouseResponseDto,
  ShelterStayResponseDto,
  UpdateSafeHouseDto,
} from './dto/shelter.dto';
import { SafeHouse } from './safe-house.entity';
import { SAFE_HOUSE_LIST_SORT } from './safe-house-list-sort';
import { applySort, SortDirection } from '../../platform/common/list-sort';
import {
  DEFAULT_PLANNED_DAYS,
  DISCHARGE_REASONS,
  DischargeReason,
  MAX_PLANNED_DAYS,
  SHELTER_STAYS,
} from './shelter.constants';
import { ShelterStay } from './shelter-stay.entity';
import { userNames } from '../../users/user-reads';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface PageQuery {
  page: number;
  pageSize: number;
}

export interface FreeSafeHouse {
  id: string;
  name: string;
  capacity: number;
  occupied: number;
  free: number;
}

/** What the case page shows of step 3 (shelter). */
export interface CaseShelter {
  stays: ShelterStayResponseDto[];
  activeStay: ShelterStayResponseDto | null;
  /** Active safe houses with a free place. */
  safeHouses: FreeSafeHouse[];
  canDischarge: boolean;
  dischargeReasons: readonly string[];
}

class SafeHouseNameTaken extends AppException {
  constructor() {
    super('SAFE_HOUSE_NAME_TAKEN', HttpStatus.CONFLICT);
  }
}

/**
 * Step 3, shelter: safe houses (managed by coordinators), the stays of victims whose lives are
 * threatened (admitted only through the workflow's admit_to_shelter, discharged here) and the
 * occupancy board. Where a victim stays is never shown outside the staff working on the case; the
 * occupancy board gives case numbers, never names.
 */
@Injectable()
export class ShelterService implements OnModuleInit {
  constructor(
    private readonly tx: TransactionService,
    private readonly access: CaseAccessService,
    private readonly events: CaseEventService,
    private readonly dataKeys: DataKeyService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    SHELTER_STAYS.assertValid();
  }

  // ---- safe houses

  async listSafeHouses(
    q: PageQuery & { sort?: string; dir?: SortDirection },
  ): Promise<Paginated<SafeHouseResponseDto>> {
    const m = this.tx.manager;
    const [rows, total] = await applySort(m.createQueryBuilder(SafeHouse, 'h'), SAFE_HOUSE_LIST_SORT, q)
      .skip((q.page - 1) * q.pageSize)
      .take(q.pageSize)
      .getManyAndCount();
    const occupied = await this.occupiedBy(
      m,
      rows.map((r) => r.id),
    );
    return paginated(
      rows.map((r) => this.safeHouseView(r, occupied.get(r.id) ?? 0)),
      total,
      q,
    );
  }

  async getSafeHouse(id: string): Promise<SafeHouseResponseDto> {
    const m = this.tx.manager;
    const house = await this.findSafeHouse(m, id);
    return this.safeHouseView(house, (await this.occupiedBy(m, [house.id])).get(house.id) ?? 0);
  }

  createSafeHouse(input: CreateSafeHouseDto): Promise<SafeHouseResponseDto> {
    return this.tx.run(async (m) => {
      const name = input.name.trim();
      if (await m.exists(SafeHouse, { where: { name } })) throw new SafeHouseNameTaken();
      const key = await this.dataKeys.create('safe_house', m);
      const now = this.clock.now();
      const house = m.create(SafeHouse, {
        name,
        capacity: input.capacity,
        isActive: input.isActive ?? true,
        dataKeyId: key.id,
        address: input.address?.trim() ? input.address.trim() : null,
        createdAt: now,
        updatedAt: now,
      });
      await m.save(SafeHouse, house);
      return this.safeHouseView(house, 0);
    });
  }

  updateSafeHouse(id: string, input: UpdateSafeHouseDto): Promise<SafeHouseResponseDto> {
    return this.tx.run(async (m) => {
      const house = await this.findSafeHouse(m, id, true);
      if (house.version !== input.version) throw AppException.versionConflict();
      if (input.name !== undefined) {
        const name = input.name.trim();
        const other = await m.findOne(SafeHouse, { where: { name }, select: { id: true } });
        if (other && other.id !== house.id) throw new SafeHouseNameTaken();
        house.name = name;
      }
      const occupied = (await this.occupiedBy(m, [house.id])).get(house.id) ?? 0;
      if (input.capacity !== undefined) {
        if (input.capacity < occupied)
          throw AppException.rule('SAFE_HOUSE_CAPACITY_BELOW_OCCUPANCY', { occupied });
        house.capacity = input.capacity;
      }
      if (input.address !== undefined) house.address = input.address?.trim() ? input.address.trim() : null;
      if (input.isActive !== undefined) house.isActive = input.isActive;
      house.updatedAt = this.clock.now();
      const saved = await m.save(SafeHouse, house);
      return this.safeHouseView(saved, occupied);
    });
  }

  // ---- occupancy

  async occupancy(actor: AuthContext): Promise<OccupancyDto> {
    const m = this.tx.manager;
    const today = todayOf(this.clock);
    const houses = await m.find(SafeHouse, {
      select: { id: true, name: true, capacity: true, isActive: true },
      order: { name: 'ASC' },
    });
    const occupied = await this.occupiedBy(
      m,
      houses.map((h) => h.id),
    );
    const shown: OccupancyHouseDto[] = houses
      .filter((h) => h.isActive || (occupied.get(h.id) ?? 0) > 0)
      .map((h) => {
        const taken = occupied.get(h.id) ?? 0;
        return {
          id: h.id,
          name: h.name,
          capacity: h.capacity,
          occupied: taken,
          free: h.isActive ? Math.max(0, h.capacity - taken) : 0,
          isActive: h.isActive,
        };
      });
    const qb = m
      .createQueryBuilder(ShelterStay, 's')
      .innerJoin(SafeHouse, 'h', 'h.id = s.safeHouseId')
      .select([
        's.id AS "stayId"',
        's.caseId AS "caseId"',
        'c.number AS "caseNumber"',
        's.safeHouseId AS "safeHouseId"',
        'h.name AS "safeHouseName"',
        's.admittedAt AS "admittedAt"',
        's.plannedUntil AS "plannedUntil"',
      ])
      .where('s.status = :status', { status: 'admitted' });
    this.access.joinInScope(qb, actor, 's.caseId', 'c');
    const raw = await qb
      .orderBy('s.plannedUntil', 'ASC')
      .addOrderBy('c.number', 'ASC')
      .getRawMany<Record<string, unknown>>();
    const active = shown.filter((h) => h.isActive);
    return {
      houses: shown,
      stays: raw.map((r) => {
        const plannedUntil = String(r.plannedUntil);
        const daysOverdue = Math.max(0, daysBetween(plannedUntil, today));
        return {
          stayId: String(r.stayId),
          caseId: String(r.caseId),
          caseNumber: String(r.caseNumber),
          safeHouseId: String(r.safeHouseId),
          safeHouseName: String(r.safeHouseName),
          admittedAt: this.toDate(r.admittedAt).toISOString(),
          plannedUntil,
          overdue: daysOverdue > 0,
          daysOverdue,
        };
      }),
      totals: {
        capacity: active.reduce((n, h) => n + h.capacity, 0),
        occupied: shown.reduce((n, h) => n + h.occupied, 0),
        free: active.reduce((n, h) => n + h.free, 0),
      },
      today,
    };
  }

  // ---- stays of a case

  async listStays(
    actor: AuthContext,
    caseId: string,
    q: PageQuery,
  ): Promise<Paginated<ShelterStayResponseDto>> {
    const c = await this.access.findWorkable(actor, caseId);
    const m = this.tx.manager;
    const [rows, total] = await m.findAndCount(ShelterStay, {
      where: { caseId: c.id },
      order: { admittedAt: 'DESC' },
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
    });
    return paginated(await this.stayViews(m, rows), total, q);
  }

  /** The shelter part of the case page; null when the caller may not see it. */
  async forCase(actor: AuthContext, caseId: string): Promise<CaseShelter | null> {
    if (!actor.permissions.has(Permission.ShelterRead)) return null;
    const m = this.tx.manager;
    const c = await this.access.findReadable(actor, caseId, m);
    if (!this.access.canWork(actor, c)) return null;
    const rows = await m.find(ShelterStay, {
      where: { caseId: c.id },
      order: { admittedAt: 'DESC' },
      take: 50,
    });
    const stays = await this.stayViews(m, rows);
    const activeStay = stays.find((s) => s.status === 'admitted') ?? null;
    return {
      stays,
      activeStay,
      safeHouses: await this.freeSafeHouses(m),
      canDischarge: actor.permissions.has(Permission.ShelterDischarge),
      dischargeReasons: DISCHARGE_REASONS,
    };
  }

  discharge(
    actor: AuthContext,
    caseId: string,
    stayId: string,
    input: { reason: string; version: number; note?: string | null },
  ): Promise<ShelterStayResponseDto> {
    return this.tx.run(async (m) => {
      const c = await this.access.findWorkable(actor, caseId, m);
      if (!UUID.test(stayId)) throw AppException.notFound();
      const stay = await m.findOne(
        ShelterStay,
        lockedFor<ShelterStay>(m, { where: { id: stayId, caseId: c.id } }),
      );
      if (!stay) throw AppException.notFound();
      const now = this.clock.now();
      await SHELTER_STAYS.transition('discharge', stay.status, undefined, {
        refused: () => new AppException('SHELTER_STAY_NOT_ACTIVE', HttpStatus.CONFLICT),
        apply: async (from, to) => {
          if (stay.version !== input.version) throw AppException.versionConflict();
          const result = await m
            .createQueryBuilder()
            .update(ShelterStay)
            .set({
              status: to,
              dischargedAt: now,
              dischargeReason: input.reason as DischargeReason,
              dischargedById: actor.userId,
              version: stay.version + 1,
            })
            .where('id = :id AND version = :version AND status = :status', {
              id: stay.id,
              version: stay.version,
              status: from,
            })
            .execute();
          if (!result.affected) throw AppException.versionConflict();
        },
      });
      // Days of the stay: centre calendar days from the day of admission to the day of discharge.
      const days = Math.max(0, daysBetween(dayOf(this.toDate(stay.admittedAt)), dayOf(now)));
      await this.events.append(c.id, actor, {
        type: 'shelter.discharged',
        summaryKey: `events.shelter.discharged.${input.reason}`,
        summaryArgs: { reason: input.reason, days },
        details: {
          stayId: stay.id,
          safeHouseId: stay.safeHouseId,
          ...(input.note?.trim() ? { note: input.note.trim() } : {}),
        },
      });
      const updated = await m.findOneOrFail(ShelterStay, { where: { id: stay.id } });
      return (await this.stayViews(m, [updated]))[0];
    });
  }

  // ---- the workflow: guards and the admission effect

  async hasActiveStay(m: EntityManager, caseId: string): Promise<boolean> {
    return (await m.count(ShelterStay, { where: { caseId, status: 'admitted' } })) > 0;
  }

  /**
   * `shelter_place_free`. Listing options: some active safe house has a free place. Firing: the chosen
   * safe house exists, is active and has a free place. The safe house's row is locked first
   * (PostgreSQL), so two admissions racing for the last place take turns and the second sees it taken.
   * A case already in a safe house is not admitted again (ACTIVE_SHELTER_STAY).
   */
  async placeFreeGuard({ case: c, input, manager: m, preview }: GuardContext): Promise<GuardFailure | null> {
    if (await this.hasActiveStay(m, c.id)) return { code: 'ACTIVE_SHELTER_STAY' };
    if (preview) return (await this.freeSafeHouses(m)).length ? null : { code: 'NO_FREE_SHELTER_PLACE' };
    if (!input.safeHouseId) return { code: 'SAFE_HOUSE_REQUIRED' };
    if (input.plannedDays !== undefined && !this.validPlannedDays(input.plannedDays)) {
      return { code: 'SHELTER_PLANNED_DAYS_INVALID', args: { max: MAX_PLANNED_DAYS } };
    }
    if (!UUID.test(input.safeHouseId)) return { code: 'SAFE_HOUSE_UNAVAILABLE' };
    const house = await m.findOne(
      SafeHouse,
      lockedFor<SafeHouse>(m, {
        where: { id: input.safeHouseId },
        select: { id: true, name: true, capacity: true, isActive: true },
      }),
    );
    if (!house || !house.isActive) return { code: 'SAFE_HOUSE_UNAVAILABLE' };
    const occupied = await m.count(ShelterStay, { where: { safeHouseId: house.id, status: 'admitted' } });
    return occupied < house.capacity ? null : { code: 'NO_FREE_SHELTER_PLACE' };
  }

  /** The effect of admit_to_shelter: the stay begins (after the guards, in the transition's transaction). */
  async admit({ case: c, input, manager: m, actor }: GuardContext) {
    const plannedDays = input.plannedDays ?? DEFAULT_PLANNED_DAYS;
    const house = await m.findOneOrFail(SafeHouse, {
      where: { id: input.safeHouseId! },
      select: { id: true, name: true },
    });
    const now = this.clock.now();
    const stay = m.create(ShelterStay, {
      caseId: c.id,
      safeHouseId: house.id,
      status: 'admitted',
      admittedAt: now,
      plannedDays,
      plannedUntil: addDays(todayOf(this.clock), plannedDays),
      dischargedAt: null,
      dischargeReason: null,
      admittedById: actor.userId,
      dischargedById: null,
    });
    await m.save(ShelterStay, stay);
    return {
      summaryArgs: { plannedDays, plannedUntil: stay.plannedUntil },
      details: { stayId: stay.id, safeHouseId: house.id, safeHouseName: house.name },
    };
  }

  // ---- helpers

  private validPlannedDays(days: unknown): boolean {
    return typeof days === 'number' && Number.isInteger(days) && days >= 1 && days <= MAX_PLANNED_DAYS;
  }

  private async findSafeHouse(m: EntityManager, id: string, lock = false): Promise<SafeHouse> {
    if (!UUID.test(id)) throw AppException.notFound();
    const found = await m.findOne(
      SafeHouse,
      lock ? lockedFor<SafeHouse>(m, { where: { id } }) : { where: { id } },
    );
    if (!found) throw AppException.notFound();
    return found;
  }

  /** Active stays per safe house (one grouped query). */
  private async occupiedBy(m: EntityManager, houseIds: string[]): Promise<Map<string, number>> {
    if (!houseIds.length) return new Map();
    const rows = await m
      .createQueryBuilder(ShelterStay, 's')
      .select('s.safeHouseId', 'safeHouseId')
      .addSelect('COUNT(*)', 'n')
      .where('s.status = :status', { status: 'admitted' })
      .andWhere('s.safeHouseId IN (:...houseIds)', { houseIds })
      .groupBy('s.safeHouseId')
      .getRawMany<{ safeHouseId: string; n: string | number }>();
    return new Map(rows.map((r) => [r.safeHouseId, Number(r.n)]));
  }

  private async freeSafeHouses(m: EntityManager): Promise<FreeSafeHouse[]> {
    const houses = await m.find(SafeHouse, {
      where: { isActive: true },
      select: { id: true, name: true, capacity: true },
      order: { name: 'ASC' },
    });
    const occupied = await this.occupiedBy(
      m,
      houses.map((h) => h.id),
    );
    return houses
      .map((h) => {
        const taken = occupied.get(h.id) ?? 0;
        return { id: h.id, name: h.name, capacity: h.capacity, occupied: taken, free: h.capacity - taken };
      })
      .filter((h) => h.free > 0);
  }

  private async stayViews(m: EntityManager, rows: ShelterStay[]): Promise<ShelterStayResponseDto[]> {
    const houseIds = [...new Set(rows.map((r) => r.safeHouseId))];
    const houses = houseIds.length
      ? await m.find(SafeHouse, { where: { id: In(houseIds) }, select: { id: true, name: true } })
      : [];
    const houseNames = new Map(houses.map((h) => [h.id, h.name]));
    const names = await userNames(
      m,
      rows.map((r) => r.admittedById),
    );
    const today = todayOf(this.clock);
    return rows.map((r) => ({
      id: r.id,
      caseId: r.caseId,
      safeHouseId: r.safeHouseId,
      safeHouseName: houseNames.get(r.safeHouseId) ?? '',
      status: r.status,
      admittedAt: this.toDate(r.admittedAt).toISOString(),
      plannedDays: r.plannedDays,
      plannedUntil: r.plannedUntil,
      overdue: r.status === 'admitted' && r.plannedUntil < today,
      dischargedAt: r.dischargedAt ? this.toDate(r.dischargedAt).toISOString() : null,
      dischargeReason: r.dischargeReason,
      admittedByName: names.get(r.admittedById) ?? null,
      version: r.version,
    }));
  }

  private safeHouseView(h: SafeHouse, occupied: number): SafeHouseResponseDto {
    return {
      id: h.id,
      name: h.name,
      capacity: h.capacity,
      occupied,
      free: h.isActive ? Math.max(0, h.capacity - occupied) : 0,
      isActive: h.isActive,
      address: h.address ?? null,
      createdAt: this.toDate(h.createdAt).toISOString(),
      updatedAt: this.toDate(h.updatedAt).toISOString(),
      version: h.version,
    };
  }

  /** Raw sqlite rows give datetimes as text (UTC, without a zone). */
  private toDate(value: unknown): Date {
    if (value instanceof Date) return value;
    const text = String(value);
    return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(' ', 'T')}Z`);
  }
}
