import { Workbook } from 'exceljs';
import type { FastifyRequest } from 'fastify';
import type { AuditService } from '../platform/audit/audit.service';
import type { Language } from '../platform/common/request-context';
import type { Translator } from '../platform/i18n/translator';
import type { Cell, PresentedTable } from './statistics.tables';

export interface ReportMeta {
  grouping: string;
  /** Lentera's codes or the national groups (SIMFONI-PPA tables). */
  codes?: string;
  from: string;
  to: string;
  district: string | null;
  external: boolean;
  generatedAt: string;
}

export interface Labelled {
  title: string;
  rowHeader: string;
  columns: string[];
  rows: { label: string; values: Cell[]; total: Cell | null }[];
  columnTotals: Cell[] | null;
  grandTotal: Cell | null;
  hasRowTotals: boolean;
}

/** A presented table with every label translated (rows that are data keep their own label). */
export function labelled(t: PresentedTable, tr: Translator, lang: Language): Labelled {
  return {
    title: tr.t(`reports.tables.${t.id}`, lang),
    rowHeader: tr.t(`reports.rowHeaders.${t.id}`, lang),
    columns: t.columns.map((c) => tr.t(t.colNs + c, lang)),
    rows: t.rows.map((r) => ({
      label: r.label ?? tr.t(r.labelKey ?? (t.rowNs ?? '') + r.key, lang),
      values: r.values,
      total: r.total,
    })),
    columnTotals: t.columnTotals,
    grandTotal: t.grandTotal,
    hasRowTotals: t.totals === 'both' && t.columns.length > 1,
  };
}

/** A presented table for the JSON API: codes kept, every label in the reader's language (no keys). */
export function readableTable(t: PresentedTable, tr: Translator, lang: Language) {
  const words = labelled(t, tr, lang);
  return {
    id: t.id,
    title: words.title,
    rowHeader: words.rowHeader,
    columns: t.columns,
    columnLabels: words.columns,
    rows: t.rows.map((r, i) => ({
      key: r.key,
      label: words.rows[i]!.label,
      values: r.values,
      total: r.total,
    })),
    columnTotals: t.columnTotals,
    grandTotal: t.grandTotal,
    totals: t.totals,
    caseBased: t.caseBased,
    suppressed: t.suppressed,
  };
}

function metaLines(meta: ReportMeta, tr: Translator, lang: Language): [string, string][] {
  return [
    [tr.t('reports.meta.grouping', lang), tr.t(`reports.groupings.${meta.grouping}`, lang)],
    ...(meta.codes && meta.grouping === 'simfoni'
      ? [[tr.t('reports.codes.label', lang), tr.t(`reports.codes.${meta.codes}`, lang)] as [string, string]]
      : []),
    [tr.t('reports.meta.from', lang), meta.from],
    [tr.t('reports.meta.to', lang), meta.to],
    [tr.t('reports.meta.district', lang), meta.district ?? tr.t('reports.meta.allDistricts', lang)],
    [
      tr.t('reports.meta.audience', lang),
      tr.t(meta.external ? 'reports.meta.external' : 'reports.meta.internal', lang),
    ],
    [tr.t('reports.meta.generatedAt', lang), meta.generatedAt],
  ];
}

function csvField(v: Cell | null | undefined): string {
  const s = v === null || v === undefined ? '' : String(v);
  // Quote everything textual; neutralise spreadsheet formulas (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r;]/.test(safe) || typeof v === 'string' ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The tables as one CSV: the report's metadata first, then each table after an empty line. */
export function toCsv(tables: Labelled[], meta: ReportMeta, tr: Translator, lang: Language): string {
  const lines: string[] = metaLines(meta, tr, lang).map(([k, v]) => [k, v].map(csvField).join(','));
  const totalLabel = tr.t('reports.total', lang);
  for (const t of tables) {
    lines.push('');
    lines.push(csvField(t.title));
    const header = [t.rowHeader, ...t.columns, ...(t.hasRowTotals ? [totalLabel] : [])];
    lines.push(header.map(csvField).join(','));
    for (const r of t.rows)
      lines.push([r.label, ...r.values, ...(t.hasRowTotals ? [r.total] : [])].map(csvField).join(','));
    if (t.columnTotals)
      lines.push(
        [totalLabel, ...t.columnTotals, ...(t.hasRowTotals ? [t.grandTotal] : [])].map(csvField).join(','),
      );
  }
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

/** Sheet names: at most 31 characters, no []:*?/\ and unique. */
function sheetName(title: string, used: Set<string>): string {
  const base = title.replace(/[[\]:*?/\\]/g, ' ').slice(0, 28) || 'Sheet';
  let name = base;
  for (let i = 2; used.has(name.toLowerCase()); i++) name = `${base.slice(0, 27)} ${i}`;
  used.add(name.toLowerCase());
  return name;
}

/** The tables as an XLSX workbook: an information sheet, then one sheet per table. */
export async function toXlsx(
  tables: Labelled[],
  meta: ReportMeta,
  tr: Translator,
  lang: Language,
): Promise<Buffer> {
  const wb = new Workbook();
  wb.creator = 'Lentera';
  wb.created = new Date(meta.generatedAt);
  const used = new Set<string>();
  const info = wb.addWorksheet(sheetName(tr.t('reports.meta.sheet', lang), used));
  for (const line of metaLines(meta, tr, lang)) info.addRow(line);
  info.getColumn(1).width = 28;
  info.getColumn(2).width = 40;
  const totalLabel = tr.t('reports.total', lang);
  for (const t of tables) {
    const ws = wb.addWorksheet(sheetName(t.title, used));
    ws.addRow([t.title]).font = { bold: true };
    ws.addRow([
      `${meta.from} – ${meta.to}`,
      meta.district ?? tr.t('reports.meta.allDistricts', lang),
      meta.generatedAt,
    ]);
    ws.addRow([]);
    ws.addRow([t.rowHeader, ...t.columns, ...(t.hasRowTotals ? [totalLabel] : [])]).font = { bold: true };
    for (const r of t.rows) ws.addRow([r.label, ...r.values, ...(t.hasRowTotals ? [r.total] : [])]);
    if (t.columnTotals)
      ws.addRow([totalLabel, ...t.columnTotals, ...(t.hasRowTotals ? [t.grandTotal] : [])]).font = {
        bold: true,
      };
    ws.getColumn(1).width = 32;
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A downloadable export: the file and how many case rows it holds. */
export interface ExportFile {
  body: Buffer | string;
  filename: string;
  contentType: string;
  rows: number;
}

/**
 * The end of every case-row export (the case list, the national form): audited before the file leaves
 * (one entry for the export, one per personal field with the stated reason — never data), then the
 * rows as one table (the first column is the row header) in CSV or XLSX with the report's meta sheet.
 */
export async function caseRowsFile(
  audit: AuditService,
  req: FastifyRequest,
  spec: {
    /** The audit action of the export, and of each personal field in it. */
    action: string;
    fieldAudit: { action: string };
    /** Translation prefix: `<prefix>.title` and `<prefix>.columns.<column>`. */
    prefix: string;
    /** The columns' keys, the row header first, then the personal fields asked for. */
    columns: readonly string[];
    personal: readonly string[];
    reason: string | undefined;
    rows: (string | number)[][];
    meta: ReportMeta;
    name: string;
    format: 'csv' | 'xlsx';
  },
  tr: Translator,
  lang: Language,
): Promise<ExportFile> {
  const { rows, personal } = spec;
  await audit.record(req, {
    action: spec.action,
    outcome: 'allowed',
    resourceType: 'cases',
    code: `rows:${rows.length}`,
  });
  for (const field of personal)
    await audit.record(req, {
      action: spec.fieldAudit.action,
      outcome: 'allowed',
      resourceType: 'cases',
      code: `${field}:${spec.reason}`.slice(0, 60),
    });
  const t = (key: string) => tr.t(key, lang);
  const table: Labelled = {
    title: t(`${spec.prefix}.title`),
    rowHeader: t(`${spec.prefix}.columns.${spec.columns[0]}`),
    columns: [...spec.columns.slice(1), ...personal].map((k) => t(`${spec.prefix}.columns.${k}`)),
    rows: rows.map((r) => ({ label: String(r[0]), values: r.slice(1), total: null })),
    columnTotals: null,
    grandTotal: null,
    hasRowTotals: false,
  };
  if (spec.format === 'csv')
    return {
      body: toCsv([table], spec.meta, tr, lang),
      filename: `${spec.name}.csv`,
      contentType: 'text/csv; charset=utf-8',
      rows: rows.length,
    };
  return {
    body: await toXlsx([table], spec.meta, tr, lang),
    filename: `${spec.name}.xlsx`,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    rows: rows.length,
  };
}
