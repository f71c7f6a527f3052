import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AuditService } from '../platform/audit/audit.service';
import { CaseDisclosureService, type ExportPersonalField } from '../case/disclosure/case-disclosure.service';
import { AppException } from '../platform/common/app.exception';
import { Clock } from '../platform/common/clock';
import { dayStart } from '../platform/common/dates';
import type { AppRequest, Language } from '../platform/common/request-context';
import { TransactionService } from '../platform/database/transaction.service';
import { Translator } from '../platform/i18n/translator';
import {
  NATIONAL_SEX,
  SHELTER_STAY_SERVICE,
  dimension,
  nationalNationality,
  toNational,
} from './national-codes';
import { caseRowsFile } from './reports.export';

/**
 * The national form's columns (SIMFONI-PPA), one row per victim of a case (Lentera records one victim
 * per case). Codes are the national groups of src/reports/national-codes.ts; README "Export for
 * national reporting" documents each column.
 */
export const NATIONAL_EXPORT_COLUMNS = [
  'caseNumber',
  'receivedAt',
  'incidentDate',
  'regionCode',
  'district',
  'victimSex',
  'victimAge',
  'victimIsChild',
  'victimEducation',
  'victimOccupation',
  'victimMaritalStatus',
  'victimNationality',
  'victimDisability',
  'violenceTypes',
  'place',
  'perpetrators',
  'perpetratorRelationships',
  'perpetratorSexes',
  'services',
] as const;

/**
 * Personal fields the national system asks for ("by name by address" since SIMFONI-PPA 2): name, NIK,
 * date of birth and address; never the phone. Only with the stated reason, each audited; the
 * disclosure gate decides (coordinators only).
 */
export const NATIONAL_EXPORT_PERSONAL_FIELDS = [
  'victimName',
  'victimNik',
  'victimBirthDate',
  'victimAddress',
] as const satisfies readonly ExportPersonalField[];
export type NationalPersonalField = (typeof NATIONAL_EXPORT_PERSONAL_FIELDS)[number];
export const NATIONAL_EXPORT_REASONS = ['simfoni_by_name_by_address'] as const;
export type NationalExportReason = (typeof NATIONAL_EXPORT_REASONS)[number];

/** What the dry run reports missing, per case (codes; labels in reports.nationalExport.missing). */
export const NATIONAL_MISSING = [
  'regionCode',
  'incidentDate',
  'victimAge',
  'victimEducation',
  'victimOccupation',
  'victimMaritalStatus',
  'perpetrator',
  'perpetratorRelationship',
] as const;
export type NationalMissing = (typeof NATIONAL_MISSING)[number];

export interface NationalExportRequest {
  from: string;
  to: string;
  personalFields?: NationalPersonalField[];
  reason?: NationalExportReason;
  format: 'csv' | 'xlsx';
}

interface CaseRow {
  id: string;
  victimId: string;
  number: string;
  receivedAt: string;
  incidentDate: string | null;
  district: string | null;
  victimSex: string;
  victimAge: number | null;
  violenceTypes: string | null;
  placeType: string;
  education: string | null;
  occupation: string | null;
  maritalStatus: string | null;
  nationality: string | null;
  disabilities: string | null;
}

const BATCH = 200;

/**
 * The export for national reporting (issue 21 item 4) and its dry run. Only cases of the period whose
 * statistics consent is "included" (the victim's consent to be counted covers reporting to the
 * national system: README); personal fields only those the national form asks for, with the reason,
 * through the disclosure gate, audited like the case-list export.
 *
 * Its SQL reads cases, victims, case_perpetrators, case_statistics_consents, support_services,
 * shelter_stays and referrals directly, in batches of 200 cases with one grouped query per batch and
 * table (issue 15 wants these reads moved into query classes of their owners; kept in this one file).
 */
@Injectable()
export class NationalExportService {
  constructor(
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
    private readonly translator: Translator,
    private readonly clock: Clock,
    private readonly gate: CaseDisclosureService,
  ) {}

  private get postgres(): boolean {
    return this.tx.manager.connection.options.type === 'postgres';
  }

  /** `?` on sqlite, `$n` on PostgreSQL, in order. */
  private placeholders() {
    const values: unknown[] = [];
    const add = (v: unknown) => {
      values.push(v);
      return this.postgres ? `$${values.length}` : '?';
    };
    const moment = (at: Date) =>
      add(this.postgres ? at : at.toISOString().replace('T', ' ').replace('Z', ''));
    return { values, add, moment };
  }

  private async cases(q: { from: string; to: string }, offset: number): Promise<CaseRow[]> {
    const p = this.placeholders();
    return this.tx.manager.query(
      `SELECT c."id" AS "id", c."victimId" AS "victimId", c."number" AS "number", c."receivedAt" AS "receivedAt",
              c."incidentDate" AS "incidentDate", c."district" AS "district", c."victimSex" AS "victimSex",
              c."victimAge" AS "victimAge", c."violenceTypes" AS "violenceTypes", c."placeType" AS "placeType",
              v."education" AS "education", v."occupation" AS "occupation", v."maritalStatus" AS "maritalStatus",
              v."nationality" AS "nationality", v."disabilities" AS "disabilities"
         FROM cases c JOIN victims v ON v."id" = c."victimId"
        WHERE c."receivedAt" >= ${p.add(q.from)} AND c."receivedAt" <= ${p.add(q.to)}
          AND EXISTS (SELECT 1 FROM case_statistics_consents sc
                       WHERE sc."caseId" = c."id" AND sc."included" = ${p.add(true)})
        ORDER BY c."receivedAt", c."number"
        LIMIT ${BATCH} OFFSET ${Number(offset)}`,
      p.values,
    );
  }

  private async perpetrators(ids: string[]) {
    const p = this.placeholders();
    const rows: { caseId: string; relationship: string; sex: string | null }[] = ids.length
      ? await this.tx.manager.query(
          `SELECT pp."caseId" AS "caseId", pp."relationship" AS "relationship", pp."sex" AS "sex"
             FROM case_perpetrators pp WHERE pp."caseId" IN (${ids.map((id) => p.add(id)).join(', ')})
            ORDER BY pp."caseId", pp."position"`,
          p.values,
        )
      : [];
    const out = new Map<string, { relationship: string; sex: string | null }[]>();
    for (const r of rows) out.set(r.caseId, [...(out.get(r.caseId) ?? []), r]);
    return out;
  }

  /** Services of the cases in the period (support delivered, shelter admissions, referrals completed). */
  private async services(ids: string[], q: { from: string; to: string }) {
    const out = new Map<string, Set<string>>();
    if (!ids.length) return out;
    const p = this.placeholders();
    const inList = () => ids.map((id) => p.add(id)).join(', ');
    const support = `SELECT s."caseId" AS "caseId", s."type" AS k FROM support_services s
       WHERE s."status" = 'delivered' AND s."deliveredAt" >= ${p.add(q.from)} AND s."deliveredAt" <= ${p.add(q.to)}
         AND s."caseId" IN (${inList()})`;
    const shelter = `SELECT st."caseId" AS "caseId", '${SHELTER_STAY_SERVICE}' AS k FROM shelter_stays st
       WHERE st."admittedAt" >= ${p.moment(dayStart(q.from))} AND st."admittedAt" < ${p.moment(dayStart(q.to, 1))}
         AND st."caseId" IN (${inList()})`;
    const referrals = `SELECT r."caseId" AS "caseId", 'referral_' || r."serviceRole" AS k FROM referrals r
       WHERE r."status" = 'completed' AND r."completedAt" >= ${p.moment(dayStart(q.from))}
         AND r."completedAt" < ${p.moment(dayStart(q.to, 1))} AND r."caseId" IN (${inList()})`;
    const rows: { caseId: string; k: string }[] = await this.tx.manager.query(
      `SELECT x."caseId" AS "caseId", x.k AS k FROM (${support} UNION ALL ${shelter} UNION ALL ${referrals}) x
        GROUP BY x."caseId", x.k`,
      p.values,
    );
    const dim = dimension('service');
    for (const r of rows) {
      const set = out.get(r.caseId) ?? new Set<string>();
      set.add(toNational(dim, r.k) ?? 'lainnya');
      out.set(r.caseId, set);
    }
    return out;
  }

  /** Every consented case of the period with its national row and what it lacks. */
  private async *rows(q: { from: string; to: string }) {
    for (let offset = 0; ; offset += BATCH) {
      const cases = await this.cases(q, offset);
      if (!cases.length) return;
      const ids = cases.map((c) => c.id);
      const perps = await this.perpetrators(ids);
      const services = await this.services(ids, q);
      yield { cases, perps, services };
      if (cases.length < BATCH) return;
    }
  }

  private missing(c: CaseRow, perps: { relationship: string }[]): NationalMissing[] {
    const out: NationalMissing[] = ['regionCode'];
    if (!c.incidentDate) out.push('incidentDate');
    if (c.victimAge === null || c.victimAge === undefined) out.push('victimAge');
    if (!c.education) out.push('victimEducation');
    if (!c.occupation) out.push('victimOccupation');
    if (!c.maritalStatus) out.push('victimMaritalStatus');
    if (!perps.length) out.push('perpetrator');
    else if (perps.some((p) => p.relationship === 'unknown')) out.push('perpetratorRelationship');
    return out;
  }

  /** The dry run: per consented case of the period, what the national form would lack. */
  async dryRun(q: { from: string; to: string }) {
    const cases: { id: string; number: string; missing: NationalMissing[] }[] = [];
    for await (const batch of this.rows(q))
      for (const c of batch.cases)
        cases.push({ id: c.id, number: c.number, missing: this.missing(c, batch.perps.get(c.id) ?? []) });
    return { from: q.from, to: q.to, cases, complete: cases.filter((c) => c.missing.length === 0).length };
  }

  async export(req: FastifyRequest, q: NationalExportRequest, lang: Language) {
    const personal = [...new Set(q.personalFields ?? [])];
    if (personal.length && !q.reason) throw AppException.rule('CASE_EXPORT_REASON_REQUIRED');
    const actor = (req as AppRequest).auth;
    if (!actor) throw AppException.forbidden();
    const tr = (key: string) => this.translator.t(key, lang);
    const list = (xs: Iterable<string>) => [...xs].join('; ');
    const split = (v: string | null) => (v ?? '').split(',').filter(Boolean);
    // The national groups in the national form's words (Indonesian, whatever the reader's language):
    // what staff type into SIMFONI-PPA; their codes are in README's mapping table.
    const id_ = (key: string) => this.translator.t(key, 'id');
    const rows: (string | number)[][] = [];
    for await (const { cases, perps, services } of this.rows(q)) {
      // Personal fields only through the gate (coordinators; the fields chosen with the reason).
      const values = await this.gate.exportValues(actor, cases, personal);
      for (const c of cases) {
        const pp = perps.get(c.id) ?? [];
        const national = (id: Parameters<typeof dimension>[0], v: string | null, fallback = 'lainnya') => {
          const dim = dimension(id);
          return id_(dim.nationalNs + (toNational(dim, v) ?? fallback));
        };
        const sex = (v: string | null) => id_(`reports.sexes.${v && NATIONAL_SEX[v] ? v : 'unknown'}`);
        rows.push([
          c.number,
          c.receivedAt,
          c.incidentDate ?? '',
          '',
          c.district ?? '',
          sex(c.victimSex),
          c.victimAge ?? '',
          c.victimAge === null || c.victimAge === undefined
            ? ''
            : tr(c.victimAge < 18 ? 'reports.caseExport.yes' : 'reports.caseExport.no'),
          national('education', c.education),
          national('occupation', c.occupation),
          national('maritalStatus', c.maritalStatus),
          id_(`reports.national.nationality.${nationalNationality(c.nationality)}`),
          list(split(c.disabilities).map((d) => id_(`reports.disability.${d}`))),
          list(split(c.violenceTypes).map((v) => id_(`reports.violence.${v}`))),
          national('place', c.placeType),
          pp.length,
          list(pp.map((p) => national('relationship', p.relationship))),
          list(pp.map((p) => sex(p.sex))),
          list([...(services.get(c.id) ?? [])].sort().map((k) => id_(`reports.national.service.${k}`))),
          ...(values.get(c.id) ?? []),
        ]);
      }
    }
    return caseRowsFile(
      this.audit,
      req,
      {
        action: 'reports.national_export',
        fieldAudit: { action: 'reports.national_export.personal_field' },
        prefix: 'reports.nationalExport',
        columns: NATIONAL_EXPORT_COLUMNS,
        personal,
        reason: q.reason,
        rows,
        meta: {
          grouping: 'national',
          from: q.from,
          to: q.to,
          district: null,
          external: false,
          generatedAt: this.clock.now().toISOString(),
        },
        name: `lentera-simfoni-${q.from}-${q.to}`,
        format: q.format,
      },
      this.translator,
      lang,
    );
  }
}
