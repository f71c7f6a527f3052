import { Injectable } from '@nestjs/common';
import { applySort, SortDirection } from '../../platform/common/list-sort';
import { COMMUNITY_GROUP_LIST_SORT } from './community-group-list-sort';
import { AppException, ErrorCode } from '../../platform/common/app.exception';
import { Clock } from '../../platform/common/clock';
import { DataKeyService } from '../../platform/crypto/data-key.service';
import { TransactionService } from '../../platform/database/transaction.service';
import { InstitutionsService } from '../../institutions/institutions.service';
import { assertNotFuture } from '../../platform/common/dates';
import { assertInstitutions } from '../../institutions/institution-options';
import { PugErrorCode } from '../../pug/pug.errors';
import { SettingsService } from '../../platform/settings/settings.service';
import { EntityManager, In } from 'typeorm';
import { activeVolunteers, volunteersWithIds, VolunteerRecord } from '../community/volunteer-reads';
import { CommunityActivity } from './entities/community-activity.entity';
import { CommunityGroup } from './entities/community-group.entity';
import { CommunityGroupVolunteer } from './entities/volunteer-links.entity';
import { CommunityActivityKind, CommunityGroupKind, PROGRAMME_KEY_SCOPE } from './programme.constants';

export interface GroupInput {
  kind: CommunityGroupKind;
  name: string;
  district: string;
  area?: string | null;
  institutionId?: string | null;
  isActive?: boolean;
  description?: string | null;
}

export interface GroupListQuery {
  page: number;
  pageSize: number;
  kind?: CommunityGroupKind;
  district?: string;
  active?: boolean;
  q?: string;
  sort?: string;
  dir?: SortDirection;
}

export interface ActivityInput {
  kind: CommunityActivityKind;
  title: string;
  activityDate: string;
  district?: string | null;
  participants?: number | null;
  notes?: string | null;
  volunteerIds?: string[];
}

/** The columns of the community module's volunteer registry the programme shows (no phone). */
export const VOLUNTEER_COLUMNS = {
  id: true,
  name: true,
  groupName: true,
  district: true,
  isActive: true,
} as const;

/**
 * Volunteers (kader) by id from the community module's registry; 422 VOLUNTEER_NOT_FOUND when one is
 * unknown. Reads only, and never the encrypted phone.
 */
export async function volunteersByIds(m: EntityManager, ids: string[]): Promise<VolunteerRecord[]> {
  const unique = [...new Set(ids)];
  if (!unique.length) return [];
  const found = await volunteersWithIds(m, unique, VOLUNTEER_COLUMNS);
  if (found.length !== unique.length) throw AppException.rule(PugErrorCode.VolunteerNotFound);
  return found;
}

/** Community groups (step 8) and what they do: prevention, accompaniment, monitoring. */
@Injectable()
export class CommunityGroupsService {
  constructor(
    private readonly tx: TransactionService,
    private readonly clock: Clock,
    private readonly dataKeys: DataKeyService,
    private readonly settings: SettingsService,
    private readonly institutions: InstitutionsService,
  ) {}

  private get repo() {
    return this.tx.manager.getRepository(CommunityGroup);
  }

  private async assertDistrict(district: string | undefined | null): Promise<void> {
    if (
      district !== undefined &&
      district !== null &&
      !(await this.settings.centre()).districts.includes(district)
    ) {
      throw AppException.rule(ErrorCode.UnknownDistrict);
    }
  }

  async list(q: GroupListQuery): Promise<{ items: CommunityGroup[]; total: number }> {
    const qb = this.repo.createQueryBuilder('g').leftJoinAndSelect('g.institution', 'i');
    if (q.kind) qb.andWhere('g.kind = :kind', { kind: q.kind });
    if (q.district) qb.andWhere('g.district = :district', { district: q.district });
    if (q.active !== undefined) qb.andWhere('g.isActive = :active', { active: q.active });
    if (q.q) qb.andWhere('LOWER(g.name) LIKE :q', { q: `%${q.q.toLowerCase().replace(/[%_]/g, '')}%` });
    // One institution per group at most: offset/limit page the joined rows as they are.
    const [items, total] = await applySort(qb, COMMUNITY_GROUP_LIST_SORT, q)
      .offset((q.page - 1) * q.pageSize)
      .limit(q.pageSize)
      .getManyAndCount();
    return { items, total };
  }

  all(): Promise<CommunityGroup[]> {
    return this.repo.find({ order: { name: 'ASC' } });
  }

  async get(id: string): Promise<CommunityGroup> {
    const group = await this.repo.findOne({ where: { id }, relations: { institution: true } });
    if (!group) throw AppException.notFound();
    return group;
  }

  /** A group named in a request body (another module's volunteer, say): 422 when unknown. */
  async assertExists(id: string): Promise<CommunityGroup> {
    const group = await this.repo.findOne({ where: { id } });
    if (!group) throw AppException.rule(PugErrorCode.CommunityGroupNotFound);
    return group;
  }

  findByName(name: string): Promise<CommunityGroup | null> {
    return this.repo.findOne({ where: { name: name.trim() } });
  }

  create(input: GroupInput): Promise<CommunityGroup> {
    return this.tx.run(async (m) => {
      await this.assertDistrict(input.district);
      await assertInstitutions(this.institutions, [input.institutionId]);
      const now = this.clock.now();
      const repo = m.getRepository(CommunityGroup);
      const saved = await repo.save(
        repo.create({
          kind: input.kind,
          name: input.name.trim(),
          district: input.district,
          area: input.area?.trim() || null,
          institutionId: input.institutionId ?? null,
          isActive: input.isActive ?? true,
          description: input.description?.trim() || null,
          createdAt: now,
          updatedAt: now,
          version: 1,
        }),
      );
      return this.get(saved.id);
    });
  }

  update(id: string, input: Partial<GroupInput> & { version: number }): Promise<CommunityGroup> {
    return this.tx.run(async (m) => {
      const group = await this.get(id);
      if (group.version !== input.version) throw AppException.versionConflict();
      await this.assertDistrict(input.district);
      await assertInstitutions(this.institutions, [input.institutionId]);
      const text = (v: string | null | undefined, current: string | null) =>
        v !== undefined ? v?.trim() || null : current;
      const result = await m
        .createQueryBuilder()
        .update(CommunityGroup)
        .set({
          kind: input.kind ?? group.kind,
          name: input.name?.trim() ?? group.name,
          district: input.district ?? group.district,
          area: text(input.area, group.area),
          institutionId: input.institutionId !== undefined ? input.institutionId : group.institutionId,
          isActive: input.isActive ?? group.isActive,
          description: text(input.description, group.description),
          updatedAt: this.clock.now(),
          version: input.version + 1,
        })
        .where('id = :id AND version = :version', { id, version: input.version })
        .execute();
      if (!result.affected) throw AppException.versionConflict();
      return this.get(id);
    });
  }

  // ---- volunteers (the community module's registry, by reference) ----------------------------------

  /** The group's volunteers, by name. */
  async volunteers(groupId: string): Promise<VolunteerRecord[]> {
    const links = await this.tx.manager.getRepository(CommunityGroupVolunteer).find({ where: { groupId } });
    if (!links.length) return [];
    return volunteersWithIds(
      this.tx.manager,
      links.map((l) => l.volunteerId),
      VOLUNTEER_COLUMNS,
      true,
    );
  }

  /** Active volunteers of the registry, for choosing members and participants. */
  volunteerOptions(): Promise<VolunteerRecord[]> {
    return activeVolunteers(this.tx.manager, VOLUNTEER_COLUMNS);
  }

  /** The groups a volunteer belongs to (for the community module's volunteer page). */
  async groupsOfVolunteer(volunteerId: string): Promise<CommunityGroup[]> {
    const links = await this.tx.manager
      .getRepository(CommunityGroupVolunteer)
      .find({ where: { volunteerId } });
    if (!links.length) return [];
    return this.repo.find({ where: { id: In(links.map((l) => l.groupId)) }, order: { name: 'ASC' } });
  }

  /** Replaces the group's volunteers (checked against the group's version, which it bumps). */
  setVolunteers(groupId: string, version: number, volunteerIds: string[]): Promise<VolunteerRecord[]> {
    return this.tx.run(async (m) => {
      const group = await this.get(groupId);
      if (group.version !== version) throw AppException.versionConflict();
      await volunteersByIds(m, volunteerIds);
      const bump = await m
        .createQueryBuilder()
        .update(CommunityGroup)
        .set({ version: version + 1, updatedAt: this.clock.now() })
        .where('id = :id AND version = :version', { id: groupId, version })
        .execute();
      if (!bump.affected) throw AppException.versionConflict();
      const links = m.getRepository(CommunityGroupVolunteer);
      await links.delete({ groupId });
      const now = this.clock.now();
      for (const volunteerId of new Set(volunteerIds))
        await links.insert({ groupId, volunteerId, createdAt: now });
      return this.volunteers(groupId);
    });
  }

  // ---- activities -----------------------------------------------------------------------------------

  async activities(
    groupId: string,
    q: { page: number; pageSize: number },
  ): Promise<{ items: CommunityActivity[]; total: number }> {
    await this.get(groupId);
    const [items, total] = await this.tx.manager.getRepository(CommunityActivity).findAndCount({
      where: { groupId },
      relations: { volunteers: true },
      order: { activityDate: 'DESC', createdAt: 'DESC' },
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
    });
    return { items, total };
  }

  async activity(id: string): Promise<CommunityActivity> {
    const found = await this.tx.manager
      .getRepository(CommunityActivity)
      .findOne({ where: { id }, relations: { group: true, volunteers: true } });
    if (!found) throw AppException.notFound();
    return found;
  }

  /** Records what the group did; the district defaults to the group's. */
  addActivity(groupId: string, input: ActivityInput, userId: string | null): Promise<CommunityActivity> {
    return this.tx.run(async (m) => {
      const group = await this.get(groupId);
      await this.assertDistrict(input.district);
      assertNotFuture(this.clock, input.activityDate);
      const volunteers = await volunteersByIds(m, input.volunteerIds ?? []);
      const key = await this.dataKeys.create(PROGRAMME_KEY_SCOPE, m);
      const now = this.clock.now();
      const repo = m.getRepository(CommunityActivity);
      const saved = await repo.save(
        repo.create({
          groupId,
          kind: input.kind,
          title: input.title.trim(),
          activityDate: input.activityDate,
          district: input.district || group.district,
          participants: input.participants ?? null,
          volunteers,
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

  updateActivity(
    id: string,
    input: Partial<ActivityInput> & { version: number },
  ): Promise<CommunityActivity> {
    return this.tx.run(async (m) => {
      const activity = await this.activity(id);
      if (activity.version !== input.version) throw AppException.versionConflict();
      await this.assertDistrict(input.district);
      assertNotFuture(this.clock, input.activityDate);
      const volunteers = input.volunteerIds ? await volunteersByIds(m, input.volunteerIds) : undefined;
      const bump = await m
        .createQueryBuilder()
        .update(CommunityActivity)
        .set({ version: input.version + 1, updatedAt: this.clock.now() })
        .where('id = :id AND version = :version', { id, version: input.version })
        .execute();
      if (!bump.affected) throw AppException.versionConflict();
      Object.assign(activity, {
        kind: input.kind ?? activity.kind,
        title: input.title?.trim() ?? activity.title,
        activityDate: input.activityDate ?? activity.activityDate,
        district: input.district ?? activity.district,
        participants: input.participants !== undefined ? input.participants : activity.participants,
        notes: input.notes !== undefined ? input.notes?.trim() || null : activity.notes,
        version: input.version + 1,
        updatedAt: this.clock.now(),
      });
      delete activity.group;
      if (volunteers) activity.volunteers = volunteers;
      await m.getRepository(CommunityActivity).save(activity);
      return this.activity(id);
    });
  }
}
