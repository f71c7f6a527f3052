import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AuditService } from '../platform/audit/audit.service';
import { CaseLedger } from '../case/case-ledger.service';
import {
  CaseDisclosureService,
  EXPORT_PERSONAL_FIELDS,
  ExportPersonalField,
} from '../case/disclosure/case-disclosure.service';
import { AppException } from '../platform/common/app.exception';
import { Clock } from '../platform/common/clock';
import type { AppRequest, Language } from '../platform/common/request-context';
import { TransactionService } from '../platform/database/transaction.service';
import { Translator } from '../platform/i18n/translator';
import { caseRowsFile, type ExportFile } from './reports.export';

export type { ExportFile };
import { dayOf } from '../platform/common/dates';

/** Non-identifying columns: always in the export. */
export const CASE_EXPORT_COLUMNS = [
  'number',
  'receivedAt',
  'stage',
  'channel',
  'district',
  'victimSex',
  'victimAge',
  'isChild',
  'violenceTypes',
  'placeType',
  'gbvCoreType',
  'riskLevel',
  'closedAt',
] as const;

/** Personal data: only when chosen one by one, with a stated reason (each choice audited); the gate's list. */
export const CASE_EXPORT_PERSONAL_FIELDS = EXPORT_PERSONAL_FIELDS;
export type PersonalField = ExportPersonalField;

/** Why personal data leaves the system (a code, so the audit log holds no free text). */
export const CASE_EXPORT_REASONS = [
  'court_or_police_request',
  'case_transfer',
  'service_coordination',
  'data_quality_review',
  'victim_request',
] as const;
export type ExportReason = (typeof CASE_EXPORT_REASONS)[number];

export interface CaseExportRequest {
  from: string;
  to: string;
  district?: string;
  personalFields?: PersonalField[];
  reason?: ExportReason;
  format: 'csv' | 'xlsx';
}

const BATCH = 200;

/**
 * The coordinator's case list for internal work: non-identifying columns by default; personal data
 * only field by field with a stated reason. Every export is audited (the fields and the reason, never
 * the data). Cases are read in batches of 200 (personal fields decrypted per batch).
 */
@Injectable()
export class CaseExportService {
  constructor(
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
    private readonly translator: Translator,
    private readonly clock: Clock,
    private readonly gate: CaseDisclosureService,
    private readonly ledger: CaseLedger,
  ) {}

  /** Refuses personal fields without a reason (422 CASE_EXPORT_REASON_REQUIRED). */
  check(q: CaseExportRequest): void {
    if (q.personalFields?.length && !q.reason) throw AppException.rule('CASE_EXPORT_REASON_REQUIRED');
  }

  async export(
    req: FastifyRequest,
    q: CaseExportRequest,
    lang: Language,
    onProgress?: (done: number, total: number) => void,
  ): Promise<ExportFile> {
    this.check(q);
    const actor = (req as AppRequest).auth;
    if (!actor) throw AppException.forbidden();
    const personal = [...new Set(q.personalFields ?? [])];
    const tr = (key: string) => this.translator.t(key, lang);
    const rows: (string | number)[][] = [];
    const range = { from: q.from, to: q.to, district: q.district };
    const total = await this.ledger.countReceived(range, this.tx.manager);
    onProgress?.(0, total);
    for (let offset = 0; ; offset += BATCH) {
      const cases = await this.ledger.pageReceived(range, offset, BATCH, this.tx.manager);
      if (!cases.length) break;
      // Personal fields only through the gate (coordinators, the fields chosen with a reason).
      const values = await this.gate.exportValues(actor, cases, personal);
      for (const c of cases) {
        rows.push([
          c.number,
          c.receivedAt,
          tr(`reports.stages.${c.stage}`),
          tr(`cases.channels.${c.channel}`),
          c.district ?? '',
          tr(`reports.sexes.${c.victimSex}`),
          c.victimAge ?? '',
          tr(c.isChild ? 'reports.caseExport.yes' : 'reports.caseExport.no'),
          (c.violenceTypes ?? []).map((t) => tr(`reports.violence.${t}`)).join('; '),
          tr(`reports.place.${c.placeType}`),
          c.gbvCoreType ? tr(`reports.gbv.${c.gbvCoreType}`) : '',
          c.riskLevel ? tr(`cases.riskLevels.${c.riskLevel}`) : '',
          c.closedAt ? dayOf(c.closedAt) : '',
          ...(values.get(c.id) ?? []),
        ]);
      }
      onProgress?.(rows.length, Math.max(total, rows.length));
      if (cases.length < BATCH) break;
    }
    return caseRowsFile(
      this.audit,
      req,
      {
        action: 'reports.case_export',
        fieldAudit: { action: 'reports.case_export.personal_field' },
        prefix: 'reports.caseExport',
        columns: CASE_EXPORT_COLUMNS,
        personal,
        reason: q.reason,
        rows,
        meta: {
          grouping: 'caseList',
          from: q.from,
          to: q.to,
          district: q.district ?? null,
          external: false,
          generatedAt: this.clock.now().toISOString(),
        },
        name: `lentera-cases-${q.from}-${q.to}`,
        format: q.format,
      },
      this.translator,
      lang,
    );
  }
}
