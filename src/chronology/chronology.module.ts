import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CasesModule } from '../case/cases.module';
import { ReferralsModule } from '../steps/referral/referrals.module';
import { ChronologyApiController } from './chronology-api.controller';
import { ChronologyDocumentService } from './chronology-document.service';
import { ChronologyEntry } from './chronology-entry.entity';
import { ChronologyHtmlService } from './chronology-html.service';
import { ChronologyPagesController } from './chronology-pages.controller';
import { ChronologyPdfService } from './chronology-pdf.service';
import { ChronologyService } from './chronology.service';
import { PartnerScopeResolver } from './partner-scope';

/**
 * The case chronology (kronologis kasus): the incident chronology kept by the counselor, the
 * handling chronology built from the case history, and their print view and PDF with the history's
 * verification code.
 */
@Module({
  imports: [TypeOrmModule.forFeature([ChronologyEntry]), CasesModule, ReferralsModule],
  controllers: [ChronologyApiController, ChronologyPagesController],
  providers: [
    ChronologyService,
    ChronologyDocumentService,
    ChronologyPdfService,
    ChronologyHtmlService,
    PartnerScopeResolver,
  ],
  exports: [ChronologyService, ChronologyDocumentService],
})
export class ChronologyModule {}
