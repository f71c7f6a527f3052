import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuditedManually } from '../platform/audit/audit.interceptor';
import { AuditService } from '../platform/audit/audit.service';
import { CurrentAuth, RequirePermission } from '../platform/auth/auth.decorators';
import { Permission } from '../platform/auth/permissions';
import { AppRequest, AuthContext, languageOf } from '../platform/common/request-context';
import { ApiErrors } from '../web/forms';
import { AUDIT_DOWNLOAD } from './chronology.constants';
import { auditedPrint } from './chronology-audit';
import { ChronologyDocumentService, PrintOptions } from './chronology-document.service';
import { ChronologyPdfService } from './chronology-pdf.service';
import { ChronologyService } from './chronology.service';
import {
  ChronologyDto,
  ChronologyEntryDto,
  ChronologyPrintQueryDto,
  CorrectChronologyEntryDto,
  CreateChronologyEntryDto,
} from './dto/chronology.dto';
import { ChronologySection, PrintPurpose } from './chronology.constants';

/** The print options of a validated query. */
export function printOptionsOf(q: ChronologyPrintQueryDto): PrintOptions {
  return {
    purpose: q.purpose as PrintPurpose,
    purposeText: q.purposeText ?? null,
    sections: (q.sections?.length ? q.sections : ['incident', 'handling']) as ChronologySection[],
    redacted: q.redacted === true,
    referralId: q.referralId ?? null,
  };
}

/**
 * The case chronology (kronologis kasus) of a case the caller works on (assigned counselor or
 * coordinator): the incident chronology's entries and corrections, the handling built from the case
 * history, and the PDF. A case outside the caller's scope is 404; one the caller only sees is 403.
 */
@ApiTags('chronology')
@ApiParam({ name: 'id', format: 'uuid', description: 'The case' })
@Controller('api/cases/:id')
export class ChronologyApiController {
  constructor(
    private readonly chronology: ChronologyService,
    private readonly documents: ChronologyDocumentService,
    private readonly pdf: ChronologyPdfService,
    private readonly audit: AuditService,
  ) {}

  @Get('chronology')
  @RequirePermission(Permission.ChronologyRead)
  @ApiOperation({
    summary:
      'The chronology: every incident entry (current and corrected), every step of the handling, and the verification of the history',
  })
  @ApiOkResponse({ type: ChronologyDto })
  @ApiErrors(401, 403, 404)
  get(
    @Req() req: AppRequest,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
  ): Promise<ChronologyDto> {
    return this.documents.json(auth, id, languageOf(req));
  }

  @Post('chronology/entries')
  @RequirePermission(Permission.ChronologyWrite)
  @ApiOperation({ summary: 'Record an incident chronology entry (appends chronology.entry_added)' })
  @ApiCreatedResponse({ type: ChronologyEntryDto })
  @ApiErrors(400, 401, 403, 404, 422)
  add(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() dto: CreateChronologyEntryDto,
  ): Promise<ChronologyEntryDto> {
    return this.chronology.addEntry(auth, id, dto);
  }

  @Post('chronology/entries/:entryId/corrections')
  @RequirePermission(Permission.ChronologyWrite)
  @ApiOperation({
    summary:
      'Correct an entry: a new entry supersedes it, both stay in the history (appends chronology.entry_corrected). 409 CHRONOLOGY_ENTRY_SUPERSEDED when it was already corrected',
  })
  @ApiParam({ name: 'entryId', format: 'uuid' })
  @ApiCreatedResponse({ type: ChronologyEntryDto })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  correct(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Param('entryId') entryId: string,
    @Body() dto: CorrectChronologyEntryDto,
  ): Promise<ChronologyEntryDto> {
    return this.chronology.correctEntry(auth, id, entryId, dto);
  }

  @Get('chronology.pdf')
  @RequirePermission(Permission.ChronologyPrint)
  @AuditedManually()
  @ApiOperation({
    summary:
      "The chronology as an A4 PDF in the caller's language. `purpose` is required and audited; `redacted` gives initials and no address, phone or NIK; `referralId` gives the partner version",
  })
  @ApiProduces('application/pdf')
  @ApiOkResponse({
    description: 'application/pdf',
    content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiErrors(400, 401, 403, 404)
  async download(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Query() q: ChronologyPrintQueryDto,
  ): Promise<void> {
    const options = printOptionsOf(q);
    const { doc, pdf } = await auditedPrint(
      this.audit,
      req,
      AUDIT_DOWNLOAD,
      id,
      options.purpose,
      async () => {
        const built = await this.documents.build(auth, id, options, languageOf(req));
        return { doc: built, pdf: await this.pdf.render(built) };
      },
    );
    await reply
      .status(200)
      .header('Content-Type', 'application/pdf')
      .header('Content-Disposition', `attachment; filename="${this.pdf.fileName(doc)}"`)
      .header('Cache-Control', 'no-store')
      .send(pdf);
  }
}
