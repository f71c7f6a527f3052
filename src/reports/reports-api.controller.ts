import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentAuth, RequirePermission } from '../platform/auth/auth.decorators';
import { Permission } from '../platform/auth/permissions';
import { AppRequest, AuthContext, languageOf } from '../platform/common/request-context';
import { ApiErrors, idPipe } from '../web/forms';
import {
  CaseExportDto,
  DashboardQueryDto,
  DashboardResponseDto,
  ExportJobDto,
  NationalExportDryRunDto,
  NationalExportDryRunResponseDto,
  NationalExportDto,
  StatisticsExportQueryDto,
  StatisticsQueryDto,
  StatisticsResponseDto,
} from './dto/reports.dto';
import { CaseExportService } from './case-export.service';
import { DashboardService } from './dashboard.service';
import { ExportJobsService } from './export-jobs.service';
import { ReportsService } from './reports.service';
import { NationalExportService } from './national-export.service';
import { Translator } from '../platform/i18n/translator';

/** Statistics for coordinators: SIMFONI-PPA, GBVIMS and programme groupings, and their exports. */
@ApiTags('reports')
@Controller('api/reports')
export class ReportsApiController {
  constructor(
    private readonly reports: ReportsService,
    private readonly dashboards: DashboardService,
    private readonly caseExports: CaseExportService,
    private readonly jobs: ExportJobsService,
    private readonly national: NationalExportService,
    private readonly translator: Translator,
  ) {}

  @Post('case-export/jobs')
  @HttpCode(202)
  @RequirePermission(Permission.ReportsExport)
  @ApiOperation({
    summary:
      'Start the case-list export in the background (same body as case-export); poll the job, then download its file',
  })
  @ApiAcceptedResponse({ type: ExportJobDto })
  @ApiErrors(400, 401, 403, 422)
  async startJob(
    @Req() req: AppRequest,
    @CurrentAuth() auth: AuthContext,
    @Body() dto: CaseExportDto,
  ): Promise<ExportJobDto> {
    await this.reports.checkPeriod(dto);
    return this.jobs.start(req, auth.userId, dto, languageOf(req));
  }

  @Get('case-export/jobs/:id')
  @RequirePermission(Permission.ReportsExport)
  @ApiOperation({ summary: 'Progress of a background export (only the user who started it)' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: ExportJobDto })
  @ApiErrors(400, 401, 403, 404)
  job(@CurrentAuth() auth: AuthContext, @Param('id', idPipe()) id: string): ExportJobDto {
    return this.jobs.get(id, auth.userId);
  }

  @Get('case-export/jobs/:id/file')
  @RequirePermission(Permission.ReportsExport)
  @ApiOperation({ summary: 'The file of a finished background export (422 CASE_EXPORT_NOT_READY before)' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({ description: 'The file' })
  @ApiErrors(400, 401, 403, 404, 422)
  async jobFile(
    @CurrentAuth() auth: AuthContext,
    @Res() reply: FastifyReply,
    @Param('id', idPipe()) id: string,
  ): Promise<void> {
    const file = this.jobs.file(id, auth.userId);
    await reply
      .header('Content-Type', file.contentType)
      .header('Content-Disposition', `attachment; filename="${file.filename}"`)
      .header('Cache-Control', 'no-store')
      .send(file.body);
  }

  @Post('case-export')
  @HttpCode(200)
  @RequirePermission(Permission.ReportsExport)
  @ApiOperation({
    summary:
      'The case list of a period for internal work, as CSV or XLSX: non-identifying columns; personal data only field by field with a reason (audited)',
  })
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({ description: 'The file' })
  @ApiErrors(400, 401, 403, 422)
  async caseExport(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @Body() dto: CaseExportDto,
  ): Promise<void> {
    await this.reports.checkPeriod(dto);
    const file = await this.caseExports.export(req, dto, languageOf(req));
    await reply
      .header('Content-Type', file.contentType)
      .header('Content-Disposition', `attachment; filename="${file.filename}"`)
      .header('Cache-Control', 'no-store')
      .send(file.body);
  }

  @Post('national-export/dry-run')
  @HttpCode(200)
  @RequirePermission(Permission.ReportsExport)
  @ApiOperation({
    summary:
      'What the national (SIMFONI-PPA) export would lack, per consented case of the period (e.g. no region code), so staff can complete it first',
  })
  @ApiOkResponse({ type: NationalExportDryRunResponseDto })
  @ApiErrors(400, 401, 403, 422)
  async nationalDryRun(
    @Req() req: AppRequest,
    @Body() dto: NationalExportDryRunDto,
  ): Promise<NationalExportDryRunResponseDto> {
    await this.reports.checkPeriod(dto);
    const lang = languageOf(req);
    const run = await this.national.dryRun(dto);
    return {
      ...run,
      note: this.translator.t('reports.nationalExport.regionNote', lang),
      cases: run.cases.map((c) => ({
        ...c,
        missingLabels: c.missing.map((m) => this.translator.t(`reports.nationalExport.missing.${m}`, lang)),
      })),
    };
  }

  @Post('national-export')
  @HttpCode(200)
  @RequirePermission(Permission.ReportsExport)
  @ApiOperation({
    summary:
      'The cases of a period in the shape of the national form (SIMFONI-PPA), one row per victim with the national codes, as CSV or XLSX: only cases whose statistics consent is included; personal fields only those the national form asks for, with the reason (audited)',
  })
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({ description: 'The file' })
  @ApiErrors(400, 401, 403, 422)
  async nationalExport(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @Body() dto: NationalExportDto,
  ): Promise<void> {
    await this.reports.checkPeriod(dto);
    const file = await this.national.export(req, dto, languageOf(req));
    await reply
      .header('Content-Type', file.contentType)
      .header('Content-Disposition', `attachment; filename="${file.filename}"`)
      .header('Cache-Control', 'no-store')
      .send(file.body);
  }

  @Get('dashboard')
  @RequirePermission(Permission.ReportsRead)
  @ApiOperation({
    summary:
      'Dashboard figures: open cases by stage, new cases per month, overdue items, shelter occupancy, median days to first counseling and to referral acceptance',
  })
  @ApiOkResponse({ type: DashboardResponseDto })
  @ApiErrors(400, 401, 403, 422)
  dashboard(@Query() q: DashboardQueryDto): Promise<DashboardResponseDto> {
    return this.reports.checkPeriod(q).then(() => this.dashboards.dashboard(q));
  }

  @Get('statistics')
  @RequirePermission(Permission.ReportsRead)
  @ApiOperation({
    summary:
      'Statistics of a period (cases by receivedAt) by grouping; external=true: consented cases, small cells suppressed',
  })
  @ApiOkResponse({ type: StatisticsResponseDto })
  @ApiErrors(400, 401, 403, 422)
  statistics(@Req() req: AppRequest, @Query() q: StatisticsQueryDto): Promise<StatisticsResponseDto> {
    return this.reports.readable(q, languageOf(req));
  }

  @Get('statistics/export')
  @RequirePermission(Permission.ReportsExport)
  @ApiOperation({
    summary:
      'The tables of a grouping as CSV or XLSX, with the period, filters and generation time in the file',
  })
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({ description: 'The file' })
  @ApiErrors(400, 401, 403, 404, 422)
  async export(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @Query() q: StatisticsExportQueryDto,
  ): Promise<void> {
    const file = await this.reports.export(q, q.format, languageOf(req));
    await reply
      .header('Content-Type', file.contentType)
      .header('Content-Disposition', `attachment; filename="${file.filename}"`)
      .header('Cache-Control', 'no-store')
      .send(file.body);
  }
}
