import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AppException, ErrorCode } from '../../platform/common/app.exception';
import { Clock } from '../../platform/common/clock';
import { iso, todayOf } from '../../platform/common/dates';
import { Paginated, paginated } from '../../platform/common/pagination';
import { AuthContext } from '../../platform/common/request-context';
import { assertUuid } from '../../platform/common/uuid';
import { TransactionService } from '../../platform/database/transaction.service';
import { applySort, SortDirection } from '../../platform/common/list-sort';
import { PARTNERSHIP_LIST_SORT } from './partnership-list-sort';
import { AgreementResponseDto } from './dto/partnership.dto';
import { PartnershipAgreement } from './partnership-agreement.entity';
import { AgreementStatus, PartnershipService } from './partnership.constants';
import { countInstitutions, institutionNames } from '../../institutions/institution-reads';

export interface AgreementInput {
  institutionId: string;
  number: string;
  title: string;
  signedOn: string;
  validFrom: string;
  validUntil?: string | null;
  services: PartnershipService[];
  status?: AgreementStatus;
  notes?: string | null;
}

export type AgreementChanges = Partial<Omit<AgreementInput, 'institutionId' | 'number' | 'signedOn'>> & {
  version: number;
};

/** Active and within its dates on `on`. */
export function agreementInForce(a: PartnershipAgreement, on: string): boolean {
  return a.status === 'active' && a.validFrom <= on && (!a.validUntil || on <= a.validUntil);
}

/** Partnership agreements (MoU) with third parties for victims' recovery (step 9). */
@Injectable()
export class PartnershipsService {
  constructor(
    private readonly tx: TransactionService,
    private readonly clock: Clock,
  ) {}

  async list(q: {
    page: number;
    pageSize: number;
    institutionId?: string;
    status?: string;
    service?: string;
    inForce?: boolean;
    sort?: string;
    dir?: SortDirection;
  }): Promise<Paginated<AgreementResponseDto>> {
    const m = this.tx.manager;
    const qb = m.createQueryBuilder(PartnershipAgreement, 'a');
    if (q.institutionId) qb.andWhere('a.institutionId = :inst', { inst: q.institutionId });
    if (q.status) qb.andWhere('a.status = :status', { status: q.status });
    if (q.service) qb.andWhere(`(',' || a.services || ',') LIKE :service`, { service: `%,${q.service},%` });
    const today = todayOf(this.clock);
    if (q.inForce === true) {
      qb.andWhere(
        "a.status = 'active' AND a.validFrom <= :today AND (a.validUntil IS NULL OR a.validUntil >= :today)",
        { today },
      );
    }
    if (q.inForce === false) {
      qb.andWhere(
        "NOT (a.status = 'active' AND a.validFrom <= :today AND (a.validUntil IS NULL OR a.validUntil >= :today))",
        { today },
      );
    }
    // No join: offset/limit page the rows as they are.
    const [rows, total] = await applySort(qb, PARTNERSHIP_LIST_SORT, q)
      .offset((q.page - 1) * q.pageSize)
      .limit(q.pageSize)
      .getManyAndCount();
    return paginated(await this.views(m, rows), total, q);
  }

  /** Agreements in force today (for choosing a recovery service). */
  async inForce(m: EntityManager = this.tx.manager): Promise<AgreementResponseDto[]> {
    const today = todayOf(this.clock);
    const rows = (
      await m.find(PartnershipAgreement, { where: { status: 'active' }, order: { number: 'ASC' } })
    ).filter((a) => agreementInForce(a, today));
    return this.views(m, rows);
  }

  async get(id: string): Promise<AgreementResponseDto> {
    return (await this.views(this.tx.manager, [await this.find(this.tx.manager, id)]))[0];
  }

  async find(m: EntityManager, id: string): Promise<PartnershipAgreement> {
    assertUuid(id);
    const a = await m.findOne(PartnershipAgreement, { where: { id } });
    if (!a) throw AppException.notFound();
    return a;
  }

  create(actor: AuthContext, input: AgreementInput): Promise<AgreementResponseDto> {
    return this.tx.run(async (m) => {
      if (!(await countInstitutions(m, [input.institutionId])))
        throw AppException.rule(ErrorCode.InstitutionNotFound);
      const number = input.number.trim();
      if (await m.count(PartnershipAgreement, { where: { number } }))
        throw AppException.conflict('AGREEMENT_NUMBER_TAKEN' as ErrorCode);
      this.assertDates(input.signedOn, input.validFrom, input.validUntil ?? null);
      const now = this.clock.now();
      const a = m.create(PartnershipAgreement, {
        institutionId: input.institutionId,
        number,
        title: input.title.trim(),
        signedOn: input.signedOn,
        validFrom: input.validFrom,
        validUntil: input.validUntil ?? null,
        services: [...new Set(input.services)],
        status: input.status ?? 'active',
        notes: input.notes?.trim() || null,
        createdById: actor.userId,
        createdAt: now,
        updatedAt: now,
        version: 1,
      });
      await m.save(a);
      return (await this.views(m, [a]))[0];
    });
  }

  update(id: string, changes: AgreementChanges): Promise<AgreementResponseDto> {
    return this.tx.run(async (m) => {
      const a = await this.find(m, id);
      if (a.version !== changes.version) throw AppException.versionConflict();
      if (changes.title !== undefined) a.title = changes.title.trim();
      if (changes.validFrom !== undefined) a.validFrom = changes.validFrom;
      if (changes.validUntil !== undefined) a.validUntil = changes.validUntil;
      if (changes.services !== undefined) a.services = [...new Set(changes.services)];
      if (changes.status !== undefined) a.status = changes.status;
      if (changes.notes !== undefined) a.notes = changes.notes?.trim() || null;
      this.assertDates(a.signedOn, a.validFrom, a.validUntil);
      a.updatedAt = this.clock.now();
      const res = await m
        .createQueryBuilder()
        .update(PartnershipAgreement)
        .set({
          title: a.title,
          validFrom: a.validFrom,
          validUntil: a.validUntil,
          services: a.services,
          status: a.status,
          notes: a.notes,
          updatedAt: a.updatedAt,
          version: a.version + 1,
        })
        .where('id = :id AND version = :version', { id, version: a.version })
        .execute();
      if (!res.affected) throw AppException.versionConflict();
      a.version += 1;
      return (await this.views(m, [a]))[0];
    });
  }

  private assertDates(signedOn: string, validFrom: string, validUntil: string | null): void {
    if (signedOn > todayOf(this.clock)) throw AppException.rule(ErrorCode.DateInFuture);
    if (validUntil && validUntil < validFrom) throw AppException.rule('AGREEMENT_PERIOD_INVALID');
  }

  async views(m: EntityManager, rows: PartnershipAgreement[]): Promise<AgreementResponseDto[]> {
    const names = await institutionNames(
      m,
      rows.map((a) => a.institutionId),
    );
    const today = todayOf(this.clock);
    return rows.map((a) => ({
      id: a.id,
      institution: { id: a.institutionId, name: names.get(a.institutionId) ?? '—' },
      number: a.number,
      title: a.title,
      signedOn: a.signedOn,
      validFrom: a.validFrom,
      validUntil: a.validUntil,
      services: a.services ?? [],
      status: a.status,
      inForce: agreementInForce(a, today),
      notes: a.notes,
      createdAt: iso(a.createdAt) as string,
      updatedAt: iso(a.updatedAt) as string,
      version: a.version,
    }));
  }

  findByIds(m: EntityManager, ids: string[]): Promise<PartnershipAgreement[]> {
    return ids.length
      ? m.find(PartnershipAgreement, { where: { id: In([...new Set(ids)]) } })
      : Promise.resolve([]);
  }
}
