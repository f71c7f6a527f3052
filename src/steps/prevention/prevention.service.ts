import { Injectable } from '@nestjs/common';
import { applySort, SortDirection } from '../../platform/common/list-sort';
import { PREVENTION_LIST_SORT } from './prevention-list-sort';
import { Between } from 'typeorm';
import { AppException, ErrorCode } from '../../platform/common/app.exception';
import { Clock } from '../../platform/common/clock';
import { DataKeyService } from '../../platform/crypto/data-key.service';
import { TransactionService } from '../../platform/database/transaction.service';
import { InstitutionsService } from '../../institutions/institutions.service';
import { PugFileRecord, PugFileStore } from '../../pug/files/pug-file-store.service';
import { assertNotFuture } from '../../platform/common/dates';
import { quarterOf } from '../../pug/pug.common';
import { assertInstitutions } from '../../institutions/institution-options';
import { SettingsService } from '../../platform/settings/settings.service';
import { PreventionActivity } from './entities/prevention-activity.entity';
import { PREVENTION_KINDS, PreventionKind, PROGRAMME_KEY_SCOPE } from './programme.constants';
import { institutionsById, InstitutionRecord } from '../../institutions/institution-reads';

export interface PreventionInput {
  kind: PreventionKind;
  title: string;
  activityDate: string;
  district: string;
  place?: string | null;
  audience?: string | null;
  femaleChildren?: number;
  maleChildren?: number;
  femaleAdults?: number;
  maleAdults?: number;
  reach?: number | null;
  partnerInstitutionIds?: string[];
  notes?: string | null;
}

export interface PreventionListQuery {
  page: number;
  pageSize: number;
  from?: string;
  to?: string;
  district?: string;
  kind?: PreventionKind;
  sort?: string;
  dir?: SortDirection;
}

export interface Participants {
  femaleChildren: number;
  maleChildren: number;
  femaleAdults: number;
  maleAdults: number;
  total: number;
}

export interface SummaryCell {
  activities: number;
  byKind: Record<PreventionKind, number>;
  participants: Participants;
  reach: number;
}

export interface PreventionSummary {
  year: number;
  districts: string[];
  /** One row per quarter and district that had activities. */
  rows: (SummaryCell & { quarter: number; district: string })[];
  byQuarter: (SummaryCell & { quarter: number })[];
  byDistrict: (SummaryCell & { district: string })[];
  total: SummaryCell;
}

const emptyCell = (): SummaryCell => ({
  activities: 0,
  byKind: Object.fromEntries(PREVENTION_KINDS.map((k) => [k, 0])) as Record<PreventionKind, number>,
  participants: { femaleChildren: 0, maleChildren: 0, femaleAdults: 0, maleAdults: 0, total: 0 },
  reach: 0,
});

function addTo(cell: SummaryCell, a: PreventionActivity): void {
  cell.activities++;
  cell.byKind[a.kind]++;
  cell.participants.femaleChildren += a.femaleChildren;
  cell.participants.maleChildren += a.maleChildren;
  cell.participants.femaleAdults += a.femaleAdults;
  cell.participants.maleAdults += a.maleAdults;
  cell.participants.total += a.femaleChildren + a.maleChildren + a.femaleAdults + a.maleAdults;
  cell.reach += a.reach ?? 0;
}

export function participantsOf(a: PreventionActivity): Participants {
  return {
    femaleChildren: a.femaleChildren,
    maleChildren: a.maleChildren,
    femaleAdults: a.femaleAdults,
    maleAdults: a.maleAdults,
    total: a.femaleChildren + a.maleChildren + a.femaleAdults + a.maleAdults,
  };
}

/**
 * Prevention activities (step 7) with their partners and materials, and the summary per quarter and
 * district. A record of what took place: its date is not in the future; its district is one of the
 * centre's.
 */
@Injectable()
export class PreventionService {
  constructor(
    private readonly tx: TransactionService,
    private readonly clock: Clock,
    private readonly dataKeys: DataKeyService,
    private readonly settings: SettingsService,
    private readonly institutions: InstitutionsService,
    private readonly files: PugFileStore,
  ) {}

  private get repo() {
    return this.tx.manager.getRepository(PreventionActivity);
  }

  async districts(): Promise<string[]> {
    return (await this.settings.centre()).districts;
  }

  async list(q: PreventionListQuery): Promise<{ items: PreventionActivity[]; total: number }> {
    const qb = this.repo.createQueryBuilder('a').leftJoinAndSelect('a.partners', 'p');
    if (q.from) qb.andWhere('a.activityDate >= :from', { from: q.from });
    if (q.to) qb.andWhere('a.activityDate <= :to', { to: q.to });
    if (q.district) qb.andWhere('a.district = :district', { district: q.district });
    if (q.kind) qb.andWhere('a.kind = :kind', { kind: q.kind });
    // skip/take: the partners (many-to-many) multiply the joined rows; TypeORM pages the activities.
    const [items, total] = await applySort(qb, PREVENTION_LIST_SORT, q)
      .skip((q.page - 1) * q.pageSize)
      .take(q.pageSize)
      .getManyAndCount();
    return { items, total };
  }

  async get(id: string): Promise<{ activity: PreventionActivity; materials: PugFileRecord[] }> {
    const activity = await this.repo.findOne({ where: { id }, relations: { partners: true } });
    if (!activity) throw AppException.notFound();
    activity.partners?.sort((a, b) => a.name.localeCompare(b.name));
    return { activity, materials: await this.files.list('prevention_material', id) };
  }

  private async check(input: Partial<PreventionInput>): Promise<void> {
    if (input.district !== undefined && !(await this.districts()).includes(input.district)) {
      throw AppException.rule(ErrorCode.UnknownDistrict);
    }
    assertNotFuture(this.clock, input.activityDate);
    await assertInstitutions(this.institutions, input.partnerInstitutionIds ?? []);
  }

  private partnersOf(ids: string[] | undefined): InstitutionRecord[] {
    return [...new Set(ids ?? [])].map((id) => ({ id }) as InstitutionRecord);
  }

  create(input: PreventionInput, userId: string | null): Promise<PreventionActivity> {
    return this.tx.run(async (m) => {
      await this.check(input);
      const key = await this.dataKeys.create(PROGRAMME_KEY_SCOPE, m);
      const now = this.clock.now();
      const repo = m.getRepository(PreventionActivity);
      const saved = await repo.save(
        repo.create({
          kind: input.kind,
          title: input.title.trim(),
          activityDate: input.activityDate,
          district: input.district,
          place: input.place?.trim() || null,
          audience: input.audience?.trim() || null,
          femaleChildren: input.femaleChildren ?? 0,
          maleChildren: input.maleChildren ?? 0,
          femaleAdults: input.femaleAdults ?? 0,
          maleAdults: input.maleAdults ?? 0,
          reach: input.reach ?? null,
          partners: this.partnersOf(input.partnerInstitutionIds),
          dataKeyId: key.id,
          notes: input.notes?.trim() || null,
          createdById: userId,
          createdAt: now,
          updatedAt: now,
          version: 1,
        }),
      );
      return saved;
    });
  }

  update(id: string, input: Partial<PreventionInput> & { version: number }): Promise<PreventionActivity> {
    return this.tx.run(async (m) => {
      const { activity } = await this.get(id);
      if (activity.version !== input.version) throw AppException.versionConflict();
      await this.check(input);
      const bump = await m
        .createQueryBuilder()
        .update(PreventionActivity)
        .set({ version: input.version + 1, updatedAt: this.clock.now() })
        .where('id = :id AND version = :version', { id, version: input.version })
        .execute();
      if (!bump.affected) throw AppException.versionConflict();
      const text = (value: string | null | undefined, current: string | null) =>
        value !== undefined ? value?.trim() || null : current;
      Object.assign(activity, {
        kind: input.kind ?? activity.kind,
        title: input.title?.trim() ?? activity.title,
        activityDate: input.activityDate ?? activity.activityDate,
        district: input.district ?? activity.district,
        place: text(input.place, activity.place),
        audience: text(input.audience, activity.audience),
        femaleChildren: input.femaleChildren ?? activity.femaleChildren,
        maleChildren: input.maleChildren ?? activity.maleChildren,
        femaleAdults: input.femaleAdults ?? activity.femaleAdults,
        maleAdults: input.maleAdults ?? activity.maleAdults,
        reach: input.reach !== undefined ? input.reach : activity.reach,
        notes: text(input.notes, activity.notes),
        version: input.version + 1,
        updatedAt: this.clock.now(),
      });
      if (input.partnerInstitutionIds) activity.partners = this.partnersOf(input.partnerInstitutionIds);
      await m.getRepository(PreventionActivity).save(activity);
      return (await this.get(id)).activity;
    });
  }

  async remove(id: string, version: number): Promise<void> {
    const files = await this.tx.run(async (m) => {
      const { activity, materials } = await this.get(id);
      if (activity.version !== version) throw AppException.versionConflict();
      await this.files.removeRows(materials);
      await m.getRepository(PreventionActivity).delete({ id });
      await this.dataKeys.destroy(activity.dataKeyId, m);
      return materials;
    });
    this.files.unlink(files);
  }

  // ---- materials ------------------------------------------------------------------------------------

  addMaterial(
    id: string,
    data: Buffer,
    filename: string | null,
    userId: string | null,
  ): Promise<PugFileRecord> {
    this.files.check(data);
    return this.tx.run(async () => {
      await this.get(id);
      return this.files.save('prevention_material', id, data, filename, userId);
    });
  }

  async material(id: string, fileId: string): Promise<{ file: PugFileRecord; data: Buffer }> {
    await this.get(id);
    const file = await this.files.get('prevention_material', id, fileId);
    return { file, data: await this.files.read(file) };
  }

  async removeMaterial(id: string, fileId: string): Promise<void> {
    await this.get(id);
    const file = await this.files.get('prevention_material', id, fileId);
    await this.files.remove([file]);
  }

  // ---- summary --------------------------------------------------------------------------------------

  /** Activities, participants and reach per quarter and district of a year. */
  async summary(year: number, district?: string): Promise<PreventionSummary> {
    const where: Record<string, unknown> = { activityDate: Between(`${year}-01-01`, `${year}-12-31`) };
    if (district) where.district = district;
    const activities = await this.repo.find({
      select: {
        id: true,
        kind: true,
        activityDate: true,
        district: true,
        femaleChildren: true,
        maleChildren: true,
        femaleAdults: true,
        maleAdults: true,
        reach: true,
        dataKeyId: true,
      },
      where,
    });
    const known = await this.districts();
    const rows = new Map<string, SummaryCell & { quarter: number; district: string }>();
    const byQuarter = [1, 2, 3, 4].map((quarter) => ({ quarter, ...emptyCell() }));
    const byDistrict = new Map<string, SummaryCell & { district: string }>();
    const total = emptyCell();
    for (const a of activities) {
      const quarter = quarterOf(a.activityDate);
      const key = `${quarter}|${a.district}`;
      if (!rows.has(key)) rows.set(key, { quarter, district: a.district, ...emptyCell() });
      if (!byDistrict.has(a.district)) byDistrict.set(a.district, { district: a.district, ...emptyCell() });
      addTo(rows.get(key)!, a);
      addTo(byQuarter[quarter - 1], a);
      addTo(byDistrict.get(a.district)!, a);
      addTo(total, a);
    }
    const districtOrder = (d: string) => {
      const i = known.indexOf(d);
      return i < 0 ? known.length : i;
    };
    const byDistrictOrder = (a: { district: string }, b: { district: string }) =>
      districtOrder(a.district) - districtOrder(b.district) || a.district.localeCompare(b.district);
    return {
      year,
      districts: known,
      rows: [...rows.values()].sort((a, b) => a.quarter - b.quarter || byDistrictOrder(a, b)),
      byQuarter,
      byDistrict: [...byDistrict.values()].sort(byDistrictOrder),
      total,
    };
  }

  /** Institutions by id, for partner names on pages. */
  institutionsById(ids: string[]): Promise<Map<string, InstitutionRecord>> {
    return institutionsById(this.tx.manager, ids);
  }
}
