import { Injectable } from '@nestjs/common';
import { applySort, SortDirection } from '../platform/common/list-sort';
import { AWARD_LIST_SORT, TRAINING_LIST_SORT } from './training-list-sort';
import { In } from 'typeorm';
import { AppException } from '../platform/common/app.exception';
import { Clock } from '../platform/common/clock';
import { TransactionService } from '../platform/database/transaction.service';
import { InstitutionsService } from '../institutions/institutions.service';
import { PugAward, PugTraining, PugTrainingParticipant } from './entities/pug-training.entity';
import { assertPeriod, conflict, isUniqueViolation } from './pug.common';
import { assertInstitutions } from '../institutions/institution-options';
import { PugErrorCode } from './pug.errors';
import { PugRegionsService } from './pug-regions.service';
import { AWARD_NAME, AwardLevel, TrainingKind } from './reference-data';

export interface ParticipantInput {
  institutionId: string;
  female: number;
  male: number;
}

export interface TrainingInput {
  regionId: string;
  kind: TrainingKind;
  title: string;
  startDate: string;
  endDate?: string | null;
  place?: string | null;
  organiserInstitutionId?: string | null;
  participants: ParticipantInput[];
}

export interface TrainingDetail {
  training: PugTraining;
  participants: PugTrainingParticipant[];
  totals: { female: number; male: number; total: number; institutions: number };
}

export interface AwardInput {
  regionId: string;
  year: number;
  level: AwardLevel;
  awardName?: string | null;
  givenBy?: string | null;
  notes?: string | null;
}

const totalsOf = (participants: PugTrainingParticipant[]) => {
  const female = participants.reduce((s, p) => s + p.female, 0);
  const male = participants.reduce((s, p) => s + p.male, 0);
  return { female, male, total: female + male, institutions: participants.length };
};

/** PUG trainings (participants counted by institution and sex) and Anugerah Parahita Ekapraya awards. */
@Injectable()
export class PugTrainingsService {
  constructor(
    private readonly tx: TransactionService,
    private readonly clock: Clock,
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
    kind?: TrainingKind;
    year?: number;
    sort?: string;
    dir?: SortDirection;
  }): Promise<{ items: TrainingDetail[]; total: number }> {
    const qb = this.m.getRepository(PugTraining).createQueryBuilder('t').leftJoinAndSelect('t.region', 'r');
    if (q.regionId) qb.andWhere('t.regionId = :regionId', { regionId: q.regionId });
    if (q.kind) qb.andWhere('t.kind = :kind', { kind: q.kind });
    if (q.year) qb.andWhere('t.startDate LIKE :year', { year: `${q.year}-%` });
    // One region per training: offset/limit page the joined rows as they are.
    const [trainings, total] = await applySort(qb, TRAINING_LIST_SORT, q)
      .offset((q.page - 1) * q.pageSize)
      .limit(q.pageSize)
      .getManyAndCount();
    const participants = trainings.length
      ? await this.m.getRepository(PugTrainingParticipant).find({
          where: { trainingId: In(trainings.map((t) => t.id)) },
          relations: { institution: true },
        })
      : [];
    return {
      items: trainings.map((training) => {
        const own = participants.filter((p) => p.trainingId === training.id);
        return { training, participants: own, totals: totalsOf(own) };
      }),
      total,
    };
  }

  async get(id: string): Promise<TrainingDetail> {
    const training = await this.m
      .getRepository(PugTraining)
      .findOne({ where: { id }, relations: { region: true, organiserInstitution: true } });
    if (!training) throw AppException.notFound();
    const participants = await this.m.getRepository(PugTrainingParticipant).find({
      where: { trainingId: id },
      relations: { institution: true },
      order: { institution: { name: 'ASC' } },
    });
    return { training, participants, totals: totalsOf(participants) };
  }

  private async check(input: Partial<TrainingInput>) {
    if (input.startDate) assertPeriod(input.startDate, input.endDate || input.startDate);
    await assertInstitutions(this.institutions, [
      input.organiserInstitutionId,
      ...(input.participants ?? []).map((p) => p.institutionId),
    ]);
  }

  private async writeParticipants(trainingId: string, participants: ParticipantInput[]) {
    const repo = this.tx.manager.getRepository(PugTrainingParticipant);
    await repo.delete({ trainingId });
    for (const p of participants) {
      await repo.insert({ trainingId, institutionId: p.institutionId, female: p.female, male: p.male });
    }
  }

  create(input: TrainingInput): Promise<PugTraining> {
    return this.tx.run(async (m) => {
      await this.regions.assertExists(input.regionId);
      await this.check(input);
      const now = this.clock.now();
      const repo = m.getRepository(PugTraining);
      const training = await repo.save(
        repo.create({
          regionId: input.regionId,
          kind: input.kind,
          title: input.title.trim(),
          startDate: input.startDate,
          endDate: input.endDate || input.startDate,
          place: input.place?.trim() || null,
          organiserInstitutionId: input.organiserInstitutionId ?? null,
          createdAt: now,
          updatedAt: now,
          version: 1,
        }),
      );
      await this.writeParticipants(training.id, input.participants);
      return training;
    });
  }

  update(
    id: string,
    input: Partial<Omit<TrainingInput, 'regionId'>> & { version: number },
  ): Promise<PugTraining> {
    return this.tx.run(async (m) => {
      const { training } = await this.get(id);
      if (training.version !== input.version) throw AppException.versionConflict();
      const startDate = input.startDate ?? training.startDate;
      const endDate = input.endDate ?? (input.startDate ? input.startDate : training.endDate);
      await this.check({ ...input, startDate, endDate });
      const result = await m
        .createQueryBuilder()
        .update(PugTraining)
        .set({
          kind: input.kind ?? training.kind,
          title: input.title?.trim() ?? training.title,
          startDate,
          endDate,
          place: input.place !== undefined ? input.place?.trim() || null : training.place,
          organiserInstitutionId:
            input.organiserInstitutionId !== undefined
              ? input.organiserInstitutionId
              : training.organiserInstitutionId,
          updatedAt: this.clock.now(),
          version: input.version + 1,
        })
        .where('id = :id AND version = :version', { id, version: input.version })
        .execute();
      if (!result.affected) throw AppException.versionConflict();
      if (input.participants) await this.writeParticipants(id, input.participants);
      return (await this.get(id)).training;
    });
  }

  // ---- awards ---------------------------------------------------------------------------------------

  async listAwards(q: {
    page: number;
    pageSize: number;
    regionId?: string;
    level?: AwardLevel;
    sort?: string;
    dir?: SortDirection;
  }): Promise<{ items: PugAward[]; total: number }> {
    const qb = this.m.getRepository(PugAward).createQueryBuilder('a').innerJoinAndSelect('a.region', 'r');
    if (q.regionId) qb.andWhere('a.regionId = :regionId', { regionId: q.regionId });
    if (q.level) qb.andWhere('a.level = :level', { level: q.level });
    const [items, total] = await applySort(qb, AWARD_LIST_SORT, q)
      .offset((q.page - 1) * q.pageSize)
      .limit(q.pageSize)
      .getManyAndCount();
    return { items, total };
  }

  async getAward(id: string): Promise<PugAward> {
    const award = await this.m
      .getRepository(PugAward)
      .findOne({ where: { id }, relations: { region: true } });
    if (!award) throw AppException.notFound();
    return award;
  }

  createAward(input: AwardInput): Promise<PugAward> {
    return this.tx.run(async (m) => {
      await this.regions.assertExists(input.regionId);
      const awardName = input.awardName?.trim() || AWARD_NAME;
      const repo = m.getRepository(PugAward);
      if (await repo.exists({ where: { regionId: input.regionId, year: input.year, awardName } })) {
        throw conflict(PugErrorCode.AwardExists);
      }
      const now = this.clock.now();
      try {
        const saved = await repo.save(
          repo.create({
            regionId: input.regionId,
            year: input.year,
            level: input.level,
            awardName,
            givenBy: input.givenBy?.trim() || null,
            notes: input.notes?.trim() || null,
            createdAt: now,
            updatedAt: now,
            version: 1,
          }),
        );
        return saved;
      } catch (err) {
        if (isUniqueViolation(err)) throw conflict(PugErrorCode.AwardExists);
        throw err;
      }
    });
  }

  updateAward(
    id: string,
    input: {
      version: number;
      year?: number;
      level?: AwardLevel;
      givenBy?: string | null;
      notes?: string | null;
    },
  ): Promise<PugAward> {
    return this.tx.run(async (m) => {
      const award = await this.getAward(id);
      if (award.version !== input.version) throw AppException.versionConflict();
      const year = input.year ?? award.year;
      if (year !== award.year) {
        const clash = await m
          .getRepository(PugAward)
          .findOne({ where: { regionId: award.regionId, year, awardName: award.awardName } });
        if (clash) throw conflict(PugErrorCode.AwardExists);
      }
      const result = await m
        .createQueryBuilder()
        .update(PugAward)
        .set({
          year,
          level: input.level ?? award.level,
          givenBy: input.givenBy !== undefined ? input.givenBy?.trim() || null : award.givenBy,
          notes: input.notes !== undefined ? input.notes?.trim() || null : award.notes,
          updatedAt: this.clock.now(),
          version: input.version + 1,
        })
        .where('id = :id AND version = :version', { id, version: input.version })
        .execute();
      if (!result.affected) throw AppException.versionConflict();
      return this.getAward(id);
    });
  }

  removeAward(id: string, version: number): Promise<void> {
    return this.tx.run(async (m) => {
      const award = await this.getAward(id);
      if (award.version !== version) throw AppException.versionConflict();
      await m.getRepository(PugAward).delete({ id });
    });
  }
}
