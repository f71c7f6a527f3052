import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentAuth, RequirePermission } from '../platform/auth/auth.decorators';
import { Permission } from '../platform/auth/permissions';
import { AppException } from '../platform/common/app.exception';
import { Clock } from '../platform/common/clock';
import { PROJECT_ROOT } from '../platform/common/paths';
import { AppRequest, AuthContext, languageOf } from '../platform/common/request-context';
import { idPipe, listOf, textOf, validateInput } from '../web/forms';
import { PageKit } from '../web/page-kit';
import { todayOf } from '../platform/common/dates';
import { formatMonth } from '../platform/common/format';
import {
  CaseExportDto,
  DashboardQueryDto,
  ExportJobDto,
  NationalExportDryRunDto,
  NationalExportDto,
  StatisticsExportQueryDto,
  StatisticsQueryDto,
} from './dto/reports.dto';
import { CASE_EXPORT_PERSONAL_FIELDS, CASE_EXPORT_REASONS } from './case-export.service';
import { ExportJobsService } from './export-jobs.service';
import { DashboardService } from './dashboard.service';
import { labelled } from './reports.export';
import { ReportsService } from './reports.service';
import { GROUPINGS } from './statistics.service';
import { CODE_GROUPINGS } from './national-codes';
import {
  NATIONAL_EXPORT_PERSONAL_FIELDS,
  NATIONAL_EXPORT_REASONS,
  NationalExportService,
} from './national-export.service';

/** The coordinator's statistics page, with period/district filters and download links. */
@ApiExcludeController()
@Controller('reports')
export class ReportsPagesController {
  constructor(
    private readonly kit: PageKit,
    private readonly reports: ReportsService,
    private readonly clock: Clock,
    private readonly dashboards: DashboardService,
    private readonly jobs: ExportJobsService,
    private readonly national: NationalExportService,
  ) {}

  private chartJs: Promise<Buffer> | undefined;

  /** Defaults: the current year up to today. */
  private withDefaults(raw: Record<string, unknown>): Record<string, unknown> {
    const now = todayOf(this.clock);
    return {
      ...raw,
      from: raw.from === undefined || raw.from === '' ? `${now.slice(0, 4)}-01-01` : raw.from,
      to: raw.to === undefined || raw.to === '' ? now : raw.to,
    };
  }

  @Get()
  @RequirePermission(Permission.ReportsRead)
  async index(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @Query() raw: Record<string, unknown>,
  ): Promise<void> {
    const input = this.withDefaults(raw);
    const filters = {
      from: textOf(input.from),
      to: textOf(input.to),
      district: textOf(input.district),
      grouping: textOf(input.grouping) || 'simfoni',
      codes: textOf(input.codes) || 'lentera',
      external: input.external === 'true',
    };
    const query = new URLSearchParams({
      from: filters.from,
      to: filters.to,
      grouping: filters.grouping,
      codes: filters.codes,
      ...(filters.district ? { district: filters.district } : {}),
      ...(filters.external ? { external: 'true' } : {}),
    }).toString();
    const base = {
      title: 'reports.title',
      filters,
      groupings: GROUPINGS,
      codeGroupings: CODE_GROUPINGS,
      query,
    };
    const parsed = await validateInput(StatisticsQueryDto, input, 'query');
    let error: AppException | undefined = parsed.error;
    if (parsed.value) {
      try {
        const report = await this.reports.report(parsed.value);
        const lang = languageOf(req);
        const tables = report.tables.map((t) => ({
          id: t.id,
          ...labelled(t, this.kit.translator, lang),
        }));
        await this.kit.render(req, reply, 'reports/index', { ...base, report, tables });
        return;
      } catch (err) {
        if (!(err instanceof AppException)) throw err;
        error = err;
      }
    }
    const problem = this.kit.problem(req, error!);
    await this.kit.render(req, reply, 'reports/index', { ...base, ...problem, tables: null }, problem.status);
  }

  @Get('export')
  @RequirePermission(Permission.ReportsExport)
  async export(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @Query() raw: Record<string, unknown>,
  ): Promise<void> {
    const parsed = await validateInput(StatisticsExportQueryDto, this.withDefaults(raw), 'query');
    if (parsed.error) throw parsed.error;
    const q = parsed.value;
    const file = await this.reports.export(q, q.format, languageOf(req));
    await reply
      .header('Content-Type', file.contentType)
      .header('Content-Disposition', `attachment; filename="${file.filename}"`)
      .header('Cache-Control', 'no-store')
      .send(file.body);
  }

  /**
   * Chart.js, served by the application itself (no CDN; the CSP allows scripts from this host only).
   * Like every answer behind a login it is not cached (no-store, bootstrap.ts).
   */
  @Get('assets/chart.umd.js')
  @RequirePermission(Permission.ReportsRead)
  async chart(@Res() reply: FastifyReply): Promise<void> {
    this.chartJs ??= fs.readFile(path.join(PROJECT_ROOT, 'node_modules', 'chart.js', 'dist', 'chart.umd.js'));
    await reply.header('Content-Type', 'application/javascript; charset=utf-8').send(await this.chartJs);
  }

  @Get('dashboard')
  @RequirePermission(Permission.ReportsRead)
  async dashboard(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @Query() raw: Record<string, unknown>,
  ): Promise<void> {
    const input = this.withDefaults(raw);
    const filters = { from: textOf(input.from), to: textOf(input.to), district: textOf(input.district) };
    const base = { title: 'reports.dashboard.title', filters };
    const parsed = await validateInput(DashboardQueryDto, input, 'query');
    let error: AppException | undefined = parsed.error;
    if (parsed.value) {
      try {
        await this.reports.checkPeriod(parsed.value);
        const data = await this.dashboards.dashboard(parsed.value);
        const lang = languageOf(req);
        const tr = (key: string) => this.kit.translator.t(key, lang);
        const chart = (rows: { label: string; value: number }[]) => ({
          labels: JSON.stringify(rows.map((r) => r.label)),
          values: JSON.stringify(rows.map((r) => r.value)),
        });
        const stages = data.openByStage.map((s) => ({
          label: tr(`reports.stages.${s.stage}`),
          value: s.count,
        }));
        const months = data.newPerMonth.map((m) => ({ label: formatMonth(m.month, lang), value: m.count }));
        const overdue = (['referralAnswers', 'actionItems', 'shelterStays'] as const).map((k) => ({
          label: tr(`reports.dashboard.overdue.${k}`),
          value: data.overdue[k],
        }));
        const occupancy = data.occupancy.map((o) => ({
          label: o.name,
          value: o.occupied,
          capacity: o.capacity,
        }));
        const occupancyOverTime = data.occupancyOverTime.map((o) => ({
          label: formatMonth(o.month, lang),
          value: o.occupied,
        }));
        const acceptance = data.referralToAcceptance.map((r) => ({
          label: r.institution,
          value: r.median ?? 0,
          median: r.median,
          referrals: r.referrals,
        }));
        await this.kit.render(req, reply, 'reports/dashboard', {
          ...base,
          data,
          stages,
          months,
          overdue,
          occupancy,
          occupancyOverTime,
          acceptance,
          charts: {
            stages: chart(stages),
            months: chart(months),
            overdue: chart(overdue),
            occupancy: chart(occupancy),
            occupancyOverTime: chart(occupancyOverTime),
            acceptance: chart(acceptance),
          },
        });
        return;
      } catch (err) {
        if (!(err instanceof AppException)) throw err;
        error = err;
      }
    }
    const problem = this.kit.problem(req, error!);
    await this.kit.render(
      req,
      reply,
      'reports/dashboard',
      { ...base, ...problem, data: null },
      problem.status,
    );
  }

  // ---- export for national reporting (SIMFONI-PPA) ---------------------------------------------------

  /** The form, with the dry run of the period: what each consented case lacks for the national form. */
  private async nationalForm(
    req: AppRequest,
    reply: FastifyReply,
    values: Record<string, unknown>,
    extra: object = {},
    status = 200,
  ): Promise<void> {
    const chosen = listOf(values.personalFields);
    let dryRun: unknown = null;
    const period = await validateInput(NationalExportDryRunDto, { from: values.from, to: values.to });
    if (period.value && period.value.to >= period.value.from) {
      await this.reports.checkPeriod(period.value).catch(() => undefined);
      const run = await this.national.dryRun(period.value);
      const lang = languageOf(req);
      dryRun = {
        ...run,
        total: run.cases.length,
        incomplete: run.cases
          .filter((c) => c.missing.length)
          .map((c) => ({
            id: c.id,
            number: c.number,
            missing: c.missing
              .map((m) => this.kit.translator.t(`reports.nationalExport.missing.${m}`, lang))
              .join(', '),
          })),
      };
    }
    await this.kit.render(
      req,
      reply,
      'reports/national-export',
      {
        title: 'reports.nationalExport.pageTitle',
        values: { ...values, reason: textOf(values.reason) },
        fields: NATIONAL_EXPORT_PERSONAL_FIELDS.map((f) => ({ key: f, checked: chosen.includes(f) })),
        reasons: NATIONAL_EXPORT_REASONS,
        dryRun,
        ...extra,
      },
      status,
    );
  }

  @Get('national-export')
  @RequirePermission(Permission.ReportsExport)
  async nationalExportForm(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @Query() raw: Record<string, unknown>,
  ): Promise<void> {
    const input = this.withDefaults(raw);
    await this.nationalForm(req, reply, { from: textOf(input.from), to: textOf(input.to), format: 'xlsx' });
  }

  @Post('national-export')
  @RequirePermission(Permission.ReportsExport)
  async nationalExport(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @Body() raw: Record<string, unknown>,
  ): Promise<void> {
    const input = {
      from: textOf(raw.from),
      to: textOf(raw.to),
      personalFields: listOf(raw.personalFields),
      reason: textOf(raw.reason) || undefined,
      format: textOf(raw.format),
    };
    const parsed = await validateInput(NationalExportDto, input);
    let error: AppException | undefined = parsed.error;
    if (parsed.value) {
      try {
        await this.reports.checkPeriod(parsed.value);
        const file = await this.national.export(req, parsed.value, languageOf(req));
        await reply
          .status(200)
          .header('Content-Type', file.contentType)
          .header('Content-Disposition', `attachment; filename="${file.filename}"`)
          .header('Cache-Control', 'no-store')
          .send(file.body);
        return;
      } catch (err) {
        if (!(err instanceof AppException)) throw err;
        error = err;
      }
    }
    const problem = this.kit.problem(req, error!);
    await this.nationalForm(req, reply, input, problem, problem.status);
  }

  // ---- case-list export (background job with progress) ----------------------------------------------

  private exportForm(
    req: AppRequest,
    reply: FastifyReply,
    values: Record<string, unknown>,
    extra = {},
    status = 200,
  ) {
    const chosen = listOf(values.personalFields);
    return this.kit.render(
      req,
      reply,
      'reports/case-export',
      {
        title: 'reports.caseExport.pageTitle',
        values: { ...values, district: textOf(values.district), reason: textOf(values.reason) },
        fields: CASE_EXPORT_PERSONAL_FIELDS.map((f) => ({ key: f, checked: chosen.includes(f) })),
        reasons: CASE_EXPORT_REASONS,
        ...extra,
      },
      status,
    );
  }

  @Get('case-export')
  @RequirePermission(Permission.ReportsExport)
  async caseExportForm(@Req() req: AppRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.exportForm(req, reply, { ...this.withDefaults({}), format: 'xlsx' });
  }

  @Post('case-export')
  @RequirePermission(Permission.ReportsExport)
  async startCaseExport(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Body() raw: Record<string, unknown>,
  ): Promise<void> {
    const input = {
      from: textOf(raw.from),
      to: textOf(raw.to),
      district: textOf(raw.district) || undefined,
      personalFields: listOf(raw.personalFields),
      reason: textOf(raw.reason) || undefined,
      format: textOf(raw.format),
    };
    const parsed = await validateInput(CaseExportDto, input);
    let error: AppException | undefined = parsed.error;
    if (parsed.value) {
      try {
        await this.reports.checkPeriod(parsed.value);
        const job = this.jobs.start(req, auth.userId, parsed.value, languageOf(req));
        await reply.redirect(`/reports/case-export/jobs/${job.id}`, 303);
        return;
      } catch (err) {
        if (!(err instanceof AppException)) throw err;
        error = err;
      }
    }
    const problem = this.kit.problem(req, error!);
    await this.exportForm(req, reply, input, problem, problem.status);
  }

  @Get('case-export/jobs/:id')
  @RequirePermission(Permission.ReportsExport)
  async jobPage(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe()) id: string,
  ): Promise<void> {
    const job = this.jobs.get(id, auth.userId);
    await this.kit.render(req, reply, 'reports/export-job', { title: 'reports.caseExport.jobTitle', job });
  }

  /** The job's progress as JSON, for the page's script (same session cookie as the page). */
  @Get('case-export/jobs/:id/status')
  @RequirePermission(Permission.ReportsExport)
  jobStatus(@CurrentAuth() auth: AuthContext, @Param('id', idPipe()) id: string): ExportJobDto {
    return this.jobs.get(id, auth.userId);
  }

  @Get('case-export/jobs/:id/file')
  @RequirePermission(Permission.ReportsExport)
  async jobFile(
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe()) id: string,
  ): Promise<void> {
    const file = this.jobs.file(id, auth.userId);
    await reply
      .header('Content-Type', file.contentType)
      .header('Content-Disposition', `attachment; filename="${file.filename}"`)
      .header('Cache-Control', 'no-store')
      .send(file.body);
  }
}
