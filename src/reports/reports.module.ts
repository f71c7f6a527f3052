import { Module } from '@nestjs/common';
import { CasesModule } from '../case/cases.module';
import { PugModule } from '../pug/pug.module';
import { WebModule } from '../web/page-kit';
import { ReportsApiController } from './reports-api.controller';
import { ReportsPagesController } from './reports-pages.controller';
import { CaseExportService } from './case-export.service';
import { DashboardService } from './dashboard.service';
import { ExportJobsService } from './export-jobs.service';
import { PugStatisticsService } from './pug-statistics.service';
import { ReportsService } from './reports.service';
import { StatisticsService } from './statistics.service';
import { NationalExportService } from './national-export.service';

/** Reports for coordinators: aggregate statistics (SIMFONI-PPA, GBVIMS, programme) and exports. */
@Module({
  imports: [PugModule, CasesModule, WebModule],
  controllers: [ReportsApiController, ReportsPagesController],
  providers: [
    StatisticsService,
    ReportsService,
    DashboardService,
    CaseExportService,
    PugStatisticsService,
    ExportJobsService,
    NationalExportService,
  ],
})
export class ReportsModule {}
