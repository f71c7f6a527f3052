import { HttpStatus, Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Permission } from '../../platform/auth/permissions';
import { CaseAccessService } from '../../case/case-access.service';
import { CaseEventService } from '../../case/case-event.service';
import { CaseLedger, CaseRecord } from '../../case/case-ledger.service';
import { AppException, ErrorCode } from '../../platform/common/app.exception';
import { Clock } from '../../platform/common/clock';
import { Paginated, paginated } from '../../platform/common/pagination';
import { AuthContext } from '../../platform/common/request-context';
import { assertNotFuture, todayOf } from '../../platform/common/dates';
import { fieldProblem } from '../../platform/common/app.exception';
import { linesOf } from '../../web/input';
import { lockedFor } from '../../platform/database/query-helpers';
import { TransactionService } from '../../platform/database/transaction.service';
import { CentreRegionDirectory, InstitutionGroup } from '../../platform/settings/centre-region.directory';
import { SupportServiceResponseDto } from './dto/support-service.dto';
import { SERVICE_TYPES, SUPPORT_SERVICES, ServiceStatus, ServiceType } from './support-service.constants';
import { SupportServiceRecord } from './support-service.entity';
import { userNames } from '../../users/user-reads';
import {
  activeInstitutions,
  countInstitutions,
  institutionNames,
  InstitutionRecord,
} from '../../institutions/institution-reads';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface PageQuery {
  page: number;
  pageSize: number;
}

export interface NewSupportService {
  type: string;
  plannedDate: string;
  providerInstitutionId?: string | null;
  notes?: string | null;
}

export interface SupportServiceChange {
  version: number;
  status?: string;
  deliveredAt?: string;
  notes?: string | null;
}

/** What the case page shows of step 4 (support). */
export interface CaseSupportServices {
  services: (SupportServiceResponseDto & { notesLines: string[] })[];
  /** Active partner institutions, for the provider choice. */
  institutions: { id: string; name: string }[];
  /** The same institutions grouped: the centre's region first, no other region's offices. */
  institutionGroups: InstitutionGroup<{ id: string; name: string }>[];
  canWrite: boolean;
  types: readonly string[];
  today: string;
}

/**
 * Step 4, support (pendampingan): medical, psychological, spiritual, psychosocial, legal and
 * mediation services for a case, by the centre or a partner institution. planned → delivered |
 * cancelled; the last two are final.
 */
@Injectable()
export class SupportServicesService implements OnModuleInit {
  constructor(
    private readonly tx: TransactionService,
    private readonly access: CaseAccessService,
    private readonly events: CaseEventService,
    private readonly ledger: CaseLedger,
    private readonly clock: Clock,
    private readonly regions: CentreRegionDirectory,
  ) {}

  onModuleInit(): void {
    SUPPORT_SERVICES.assertValid();
  }

  async list(
    actor: AuthContext,
    caseId: string,
    q: PageQuery,
  ): Promise<Paginated<SupportServiceResponseDto>> {
    const c = await this.access.findWorkable(actor, caseId);
    const m = this.tx.manager;
    const [rows, total] = await m.findAndCount(SupportServiceRecord, {
      where: { caseId: c.id },
      order: { plannedDate: 'DESC', createdAt: 'DESC' },
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
    });
    return paginated(await this.views(m, rows), total, q);
  }

  /** The support part of the case page; null when the caller may not see it. */
  async forCase(actor: AuthContext, caseId: string): Promise<CaseSupportServices | null> {
    if (!actor.permissions.has(Permission.ServicesRead)) return null;
    const m = this.tx.manager;
    const c = await this.access.findReadable(actor, caseId, m);
    if (!this.access.canWork(actor, c)) return null;
    const rows = await m.find(SupportServiceRecord, {
      where: { caseId: c.id },
      order: { plannedDate: 'DESC', createdAt: 'DESC' },
      take: 100,
    });
    const canWrite = actor.permissions.has(Permission.ServicesWrite) && c.stage !== 'closed';
    const institutions = canWrite ? await activeInstitutions(m, { id: true, name: true }) : [];
    return {
      services: (await this.views(m, rows)).map((v) => ({ ...v, notesLines: linesOf(v.notes) })),
      ...(await this.institutionChoices(institutions, m)),
      canWrite,
      types: SERVICE_TYPES,
      today: todayOf(this.clock),
    };
  }

  private async institutionChoices(institutions: InstitutionRecord[], m: EntityManager) {
    const choices = await this.regions.arrange(
      institutions.map((i) => ({ id: i.id, name: i.name })),
      m,
    );
    return { institutions: choices.institutions, institutionGroups: choices.groups };
  }

  create(actor: AuthContext, caseId: string, input: NewSupportService): Promise<SupportServiceResponseDto> {
    return this.tx.run(async (m) => {
      const c = await this.writableCase(actor, caseId, m);
      const providerId = input.providerInstitutionId ?? null;
      if (providerId && !(await countInstitutions(m, [providerId], true))) {
        throw AppException.rule(ErrorCode.InstitutionNotFound);
      }
      const now = this.clock.now();
      const record = m.create(SupportServiceRecord, {
        caseId: c.id,
        dataKeyId: c.dataKeyId,
        type: input.type as ServiceType,
        providerInstitutionId: providerId,
        status: 'planned',
        plannedDate: input.plannedDate,
        deliveredAt: null,
        notes: input.notes?.trim() ? input.notes : null,
        createdById: actor.userId,
        createdAt: now,
        updatedAt: now,
      });
      await m.save(SupportServiceRecord, record);
      await this.events.append(c.id, actor, {
        type: 'service.planned',
        summaryKey: `events.service.planned.${record.type}`,
        summaryArgs: { serviceType: record.type, plannedDate: record.plannedDate, byPartner: !!providerId },
        details: { serviceId: record.id, providerInstitutionId: providerId },
      });
      return (await this.views(m, [record]))[0];
    });
  }

  update(
    actor: AuthContext,
    caseId: string,
    serviceId: string,
    change: SupportServiceChange,
  ): Promise<SupportServiceResponseDto> {
    return this.tx.run(async (m) => {
      const c = await this.writableCase(actor, caseId, m);
      if (!UUID.test(serviceId)) throw AppException.notFound();
      const record = await m.findOne(
        SupportServiceRecord,
        lockedFor<SupportServiceRecord>(m, { where: { id: serviceId, caseId: c.id } }),
      );
      if (!record) throw AppException.notFound();
      // Final: no transition of the track leaves its status.
      if (!SUPPORT_SERVICES.transitionsFrom(record.status).length) {
        throw new AppException('CASE_SERVICE_STATUS_FINAL', HttpStatus.CONFLICT, { status: record.status });
      }
      if (record.version !== change.version) throw AppException.versionConflict();
      const status = change.status as ServiceStatus | undefined;
      if (change.deliveredAt !== undefined && status !== 'delivered')
        throw fieldProblem('deliveredAt', 'deliveredOnly');
      const notesChanged =
        change.notes !== undefined && (change.notes?.trim() ? change.notes : null) !== record.notes;
      if (!status && !notesChanged) throw fieldProblem('status', 'nothingToChange');
      const before = { status: record.status, notes: record.notes };
      if (status === 'delivered') {
        record.deliveredAt = change.deliveredAt ?? todayOf(this.clock);
        assertNotFuture(this.clock, record.deliveredAt);
      }
      if (status) record.status = status;
      if (notesChanged) record.notes = change.notes?.trim() ? change.notes : null;
      record.updatedAt = this.clock.now();
      const saved = await m.save(SupportServiceRecord, record);
      const type =
        status === 'delivered'
          ? 'service.delivered'
          : status === 'cancelled'
            ? 'service.cancelled'
            : 'service.updated';
      await this.events.append(c.id, actor, {
        type,
        summaryKey: `events.${type}.${record.type}`,
        summaryArgs: {
          serviceType: record.type,
          ...(status === 'delivered' ? { deliveredAt: record.deliveredAt } : {}),
        },
        details: {
          serviceId: record.id,
          ...(status ? { status: { before: before.status, after: status } } : {}),
          ...(notesChanged ? { notes: { before: before.notes, after: record.notes } } : {}),
        },
      });
      return (await this.views(m, [saved]))[0];
    });
  }

  /** 404/403 outside the caller's work; 422 CASE_CLOSED once closed; the case row locked (PostgreSQL). */
  private writableCase(actor: AuthContext, caseId: string, m: EntityManager): Promise<CaseRecord> {
    return this.ledger.lockForWork(actor, caseId, m);
  }

  private async views(m: EntityManager, rows: SupportServiceRecord[]): Promise<SupportServiceResponseDto[]> {
    const providers = await institutionNames(
      m,
      rows.map((r) => r.providerInstitutionId),
    );
    const names = await userNames(
      m,
      rows.map((r) => r.createdById),
    );
    return rows.map((r) => ({
      id: r.id,
      caseId: r.caseId,
      type: r.type,
      providerInstitutionId: r.providerInstitutionId,
      providerInstitutionName: r.providerInstitutionId
        ? (providers.get(r.providerInstitutionId) ?? null)
        : null,
      status: r.status,
      plannedDate: r.plannedDate,
      deliveredAt: r.deliveredAt,
      notes: r.notes,
      createdByName: names.get(r.createdById) ?? null,
      createdAt: new Date(r.createdAt).toISOString(),
      updatedAt: new Date(r.updatedAt).toISOString(),
      version: r.version,
    }));
  }
}
