import { Injectable } from '@nestjs/common';
import { In, Repository } from 'typeorm';
import { AppException, ErrorCode } from '../platform/common/app.exception';
import { Clock } from '../platform/common/clock';
import { TransactionService } from '../platform/database/transaction.service';
import { Institution, InstitutionType } from './institution.entity';
import { ServiceRole } from './service-roles';
import { applySort, SortDirection } from '../platform/common/list-sort';
import { INSTITUTION_LIST_SORT } from './institution-list-sort';

export interface InstitutionInput {
  name: string;
  type: InstitutionType;
  isActive?: boolean;
  phone?: string | null;
  email?: string | null;
  address?: string | null;
  serviceRoles?: ServiceRole[];
  /** YYYY-MM-DD */
  activeFrom?: string | null;
  /** YYYY-MM-DD */
  activeUntil?: string | null;
}

/** Empty text means "none". */
const orNull = (value: string | null | undefined): string | null =>
  value && value.trim() ? value.trim() : null;

/** 422 ACTIVE_PERIOD_INVALID when the period ends before it starts. */
function assertPeriod(from: string | null, until: string | null): void {
  if (from && until && until < from) throw AppException.rule('ACTIVE_PERIOD_INVALID');
}

/** Partner institutions (a minimal registry now; referrals and PUG extend it). */
@Injectable()
export class InstitutionsService {
  constructor(
    private readonly clock: Clock,
    private readonly tx: TransactionService,
  ) {}

  private get repo(): Repository<Institution> {
    return this.tx.manager.getRepository(Institution);
  }

  async exists(id: string): Promise<boolean> {
    return (await this.repo.count({ where: { id } })) > 0;
  }

  async get(id: string): Promise<Institution> {
    const found = await this.repo.findOne({ where: { id } });
    if (!found) throw AppException.notFound();
    return found;
  }

  findByName(name: string): Promise<Institution | null> {
    return this.repo.findOne({ where: { name: name.trim() } });
  }

  async list(q: {
    page: number;
    pageSize: number;
    q?: string;
    type?: string;
    active?: boolean;
    sort?: string;
    dir?: SortDirection;
  }) {
    const qb = this.repo.createQueryBuilder('i');
    if (q.type) qb.andWhere('i.type = :type', { type: q.type });
    if (q.active !== undefined) qb.andWhere('i.isActive = :active', { active: q.active });
    if (q.q) qb.andWhere('LOWER(i.name) LIKE :q', { q: `%${q.q.toLowerCase().replace(/[%_]/g, '')}%` });
    const [items, total] = await applySort(qb, INSTITUTION_LIST_SORT, q)
      .skip((q.page - 1) * q.pageSize)
      .take(q.pageSize)
      .getManyAndCount();
    return { items, total };
  }

  /** Institutions by id (one query). */
  findByIds(ids: string[]): Promise<Institution[]> {
    const unique = [...new Set(ids.filter(Boolean))];
    return unique.length ? this.repo.find({ where: { id: In(unique) } }) : Promise.resolve([]);
  }

  /** All active institutions, for select boxes (small: a city's partner network). */
  listActive(): Promise<Institution[]> {
    return this.repo.find({ where: { isActive: true }, order: { name: 'ASC' } });
  }

  create(input: InstitutionInput): Promise<Institution> {
    return this.tx.run(() => this.insert(input));
  }

  private async insert(input: InstitutionInput): Promise<Institution> {
    const name = input.name.trim();
    if (await this.findByName(name)) throw AppException.conflict(ErrorCode.InstitutionNameTaken);
    const now = this.clock.now();
    const activeFrom = input.activeFrom ?? null;
    const activeUntil = input.activeUntil ?? null;
    assertPeriod(activeFrom, activeUntil);
    const entity = this.repo.create({
      name,
      type: input.type,
      isActive: input.isActive ?? true,
      phone: orNull(input.phone),
      email: orNull(input.email),
      address: orNull(input.address),
      serviceRoles: [...new Set(input.serviceRoles ?? [])],
      activeFrom,
      activeUntil,
      createdAt: now,
      updatedAt: now,
      version: 1,
    });
    return this.repo.save(entity);
  }

  update(id: string, input: Partial<InstitutionInput> & { version: number }): Promise<Institution> {
    return this.tx.run(() => this.change(id, input));
  }

  private async change(
    id: string,
    input: Partial<InstitutionInput> & { version: number },
  ): Promise<Institution> {
    const entity = await this.get(id);
    if (entity.version !== input.version) throw AppException.versionConflict();
    if (input.name !== undefined) {
      const name = input.name.trim();
      const other = await this.findByName(name);
      if (other && other.id !== id) throw AppException.conflict(ErrorCode.InstitutionNameTaken);
      entity.name = name;
    }
    if (input.type !== undefined) entity.type = input.type;
    if (input.isActive !== undefined) entity.isActive = input.isActive;
    if (input.phone !== undefined) entity.phone = orNull(input.phone);
    if (input.email !== undefined) entity.email = orNull(input.email);
    if (input.address !== undefined) entity.address = orNull(input.address);
    if (input.serviceRoles !== undefined) entity.serviceRoles = [...new Set(input.serviceRoles)];
    if (input.activeFrom !== undefined) entity.activeFrom = input.activeFrom;
    if (input.activeUntil !== undefined) entity.activeUntil = input.activeUntil;
    assertPeriod(entity.activeFrom, entity.activeUntil);
    entity.updatedAt = this.clock.now();
    const result = await this.repo
      .createQueryBuilder()
      .update(Institution)
      .set({
        name: entity.name,
        type: entity.type,
        isActive: entity.isActive,
        phone: entity.phone,
        email: entity.email,
        address: entity.address,
        serviceRoles: entity.serviceRoles ?? [],
        activeFrom: entity.activeFrom,
        activeUntil: entity.activeUntil,
        updatedAt: entity.updatedAt,
        version: input.version + 1,
      })
      .where('id = :id AND version = :version', { id, version: input.version })
      .execute();
    if (!result.affected) throw AppException.versionConflict();
    entity.version = input.version + 1;
    return entity;
  }
}
