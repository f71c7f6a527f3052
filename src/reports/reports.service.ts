import { Injectable } from '@nestjs/common';
import { AppException } from '../platform/common/app.exception';
import { Clock } from '../platform/common/clock';
import type { Language } from '../platform/common/request-context';
import { Translator } from '../platform/i18n/translator';
import { labelled, readableTable, ReportMeta, toCsv, toXlsx } from './reports.export';
import { Grouping, StatisticsService } from './statistics.service';
import { present, PresentedTable } from './statistics.tables';
import type { CodeGrouping } from './national-codes';

export interface ReportRequest {
  from: string;
  to: string;
  district?: string;
  grouping?: Grouping;
  codes?: CodeGrouping;
  external?: boolean;
  table?: string;
}

export interface Report extends ReportMeta {
  codes: string;
  tables: PresentedTable[];
}

/** The longest period a report covers (ten years), to keep aggregate queries bounded. */
const MAX_PERIOD_DAYS = 3660;

/**
 * Reports for coordinators: the statistics of a grouping, presented (internal: exact counts;
 * external: consented cases only, small cells suppressed) and exported as CSV or XLSX.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly statistics: StatisticsService,
    private readonly translator: Translator,
    private readonly clock: Clock,
  ) {}

  /** Refuses a reversed (422 REPORT_PERIOD_INVALID) or overlong (422 REPORT_PERIOD_TOO_LONG) period. */
  checkPeriod(q: { from: string; to: string }): Promise<void> {
    if (q.to < q.from) return Promise.reject(AppException.rule('REPORT_PERIOD_INVALID'));
    const days = (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000;
    if (days > MAX_PERIOD_DAYS) return Promise.reject(AppException.rule('REPORT_PERIOD_TOO_LONG'));
    return Promise.resolve();
  }

  async report(q: ReportRequest): Promise<Report> {
    await this.checkPeriod(q);
    const grouping = q.grouping ?? 'simfoni';
    const external = q.external === true;
    const codes = q.codes ?? 'lentera';
    const tables = await this.statistics.tables(grouping, {
      from: q.from,
      to: q.to,
      district: q.district,
      consentedOnly: external,
      codes,
    });
    const selected = q.table ? tables.filter((t) => t.id === q.table) : tables;
    if (q.table && !selected.length) throw AppException.notFound();
    return {
      grouping,
      codes,
      from: q.from,
      to: q.to,
      district: q.district ?? null,
      external,
      generatedAt: this.clock.now().toISOString(),
      tables: selected.map((t) => present(t, external)),
    };
  }

  /** The report as the JSON API answers it: codes and counts, with every label in the reader's language. */
  async readable(q: ReportRequest, lang: Language) {
    const report = await this.report(q);
    return { ...report, tables: report.tables.map((t) => readableTable(t, this.translator, lang)) };
  }

  async export(
    q: ReportRequest,
    format: 'csv' | 'xlsx',
    lang: Language,
  ): Promise<{ body: Buffer | string; filename: string; contentType: string }> {
    const report = await this.report(q);
    const tables = report.tables.map((t) => labelled(t, this.translator, lang));
    const codes = report.grouping === 'simfoni' && report.codes === 'national' ? '-national' : '';
    const name = `lentera-${report.grouping}${codes}-${report.from}-${report.to}${report.external ? '-external' : ''}`;
    if (format === 'csv')
      return {
        body: toCsv(tables, report, this.translator, lang),
        filename: `${name}.csv`,
        contentType: 'text/csv; charset=utf-8',
      };
    return {
      body: await toXlsx(tables, report, this.translator, lang),
      filename: `${name}.xlsx`,
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    };
  }
}
