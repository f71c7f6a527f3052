import { Injectable } from '@nestjs/common';
import { applySort, SortDirection } from '../../platform/common/list-sort';
import { VOLUNTEER_TRAINING_LIST_SORT } from './volunteer-training-list-sort';
import { AppException } from '../../platform/common/app.exception';
import { Clock } from '../../platform/common/clock';
import { TransactionService } from '../../platform/database/transaction.service';
import { InstitutionsService } from '../../institutions/institutions.service';
import { assertPeriod } from '../../pug/pug.common';
import { assertInstitutions } from '../../institutions/institution-options';
import { volunteersByIds } from './community-groups.service';
import { VolunteerTraining } from './entities/volunteer-links.entity';

export interface VolunteerTrainingInput {
  title: string;
  topic?: string | null;
  startDate: string;
  endDate?: string | null;
  place?: string | null;
  organiserInstitutionId?: string | null;
  volunteerIds: string[];
}

/** Trainings of community volunteers (kader), participants by reference to the volunteer registry. */
@Injectable()
export class VolunteerTrainingsService {
  constructor(
    private readonly tx: TransactionService,
    private readonly clock: Clock,
    private readonly institutions: InstitutionsService,
  ) {}

  private get repo() {
    return this.tx.manager.getRepository(VolunteerTraining);
  }

  async list(q: {
    page: number;
    pageSize: number;
    volunteerId?: string;
    year?: number;
    sort?: string;
    dir?: SortDirection;
  }): Promise<{ items: VolunteerTraining[]; total: number }> {
    const qb = this.repo
      .createQueryBuilder('t')
      .leftJoinAndSelect('t.participants', 'p')
      .leftJoinAndSelect('t.organiserInstitution', 'o');
    if (q.volunteerId) {
      qb.andWhere(
        't.id IN (SELECT vp."trainingId" FROM volunteer_training_participants vp WHERE vp."volunteerId" = :volunteerId)',
        { volunteerId: q.volunteerId },
      );
    }
    if (q.year) qb.andWhere('t.startDate LIKE :year', { year: `${q.year}-%` });
    // skip/take: the participants (many-to-many) multiply the joined rows; TypeORM pages the trainings.
    const [items, total] = await applySort(qb, VOLUNTEER_TRAINING_LIST_SORT, q)
      .skip((q.page - 1) * q.pageSize)
      .take(q.pageSize)
      .getManyAndCount();
    return { items, total };
  }

  async get(id: string): Promise<VolunteerTraining> {
    const found = await this.repo.findOne({
      where: { id },
      relations: { participants: true, organiserInstitution: true },
    });
    if (!found) throw AppException.notFound();
    found.participants?.sort((a, b) => a.name.localeCompare(b.name));
    return found;
  }

  create(input: VolunteerTrainingInput): Promise<VolunteerTraining> {
    return this.tx.run(async (m) => {
      const endDate = input.endDate || input.startDate;
      assertPeriod(input.startDate, endDate);
      await assertInstitutions(this.institutions, [input.organiserInstitutionId]);
      const participants = await volunteersByIds(m, input.volunteerIds);
      const now = this.clock.now();
      const repo = m.getRepository(VolunteerTraining);
      const saved = await repo.save(
        repo.create({
          title: input.title.trim(),
          topic: input.topic?.trim() || null,
          startDate: input.startDate,
          endDate,
          place: input.place?.trim() || null,
          organiserInstitutionId: input.organiserInstitutionId ?? null,
          participants,
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
    input: Partial<VolunteerTrainingInput> & { version: number },
  ): Promise<VolunteerTraining> {
    return this.tx.run(async (m) => {
      const training = await this.get(id);
      if (training.version !== input.version) throw AppException.versionConflict();
      const startDate = input.startDate ?? training.startDate;
      const endDate = input.endDate ?? (input.startDate ? input.startDate : training.endDate);
      assertPeriod(startDate, endDate);
      await assertInstitutions(this.institutions, [input.organiserInstitutionId]);
      const participants = input.volunteerIds ? await volunteersByIds(m, input.volunteerIds) : undefined;
      const bump = await m
        .createQueryBuilder()
        .update(VolunteerTraining)
        .set({ version: input.version + 1, updatedAt: this.clock.now() })
        .where('id = :id AND version = :version', { id, version: input.version })
        .execute();
      if (!bump.affected) throw AppException.versionConflict();
      const text = (v: string | null | undefined, current: string | null) =>
        v !== undefined ? v?.trim() || null : current;
      Object.assign(training, {
        title: input.title?.trim() ?? training.title,
        topic: text(input.topic, training.topic),
        startDate,
        endDate,
        place: text(input.place, training.place),
        organiserInstitutionId:
          input.organiserInstitutionId !== undefined
            ? input.organiserInstitutionId
            : training.organiserInstitutionId,
        version: input.version + 1,
        updatedAt: this.clock.now(),
      });
      delete training.organiserInstitution;
      if (participants) training.participants = participants;
      await m.getRepository(VolunteerTraining).save(training);
      return this.get(id);
    });
  }
}
