import { Body, Controller, Get, HttpStatus, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuditedManually } from '../platform/audit/audit.interceptor';
import { AuditService } from '../platform/audit/audit.service';
import { CurrentAuth, RequirePermission } from '../platform/auth/auth.decorators';
import { Permission } from '../platform/auth/permissions';
import { AppException } from '../platform/common/app.exception';
import { AppRequest, AuthContext, Language, languageOf } from '../platform/common/request-context';
import { setFlash } from '../web/flash';
import { parseForm, runForm } from '../web/form-action';
import { renderPage } from '../web/page-kit';
import { Translator } from '../platform/i18n/translator';
import { recordAudit, textOf, validateInput } from '../web/forms';
import { printOptionsOf } from './chronology-api.controller';
import { auditedPrint } from './chronology-audit';
import {
  AUDIT_DOWNLOAD,
  AUDIT_PRINT,
  CHRONOLOGY_SECTIONS,
  DATE_PRECISIONS,
  DatePrecision,
  PRINT_PURPOSES,
} from './chronology.constants';
import { ChronologyDocumentService, isStaff } from './chronology-document.service';
import { truncateDate } from './chronology-format';
import { ChronologyHtmlService } from './chronology-html.service';
import { ChronologyPdfService } from './chronology-pdf.service';
import { ChronologyService } from './chronology.service';
import { PartnerScopeResolver } from './partner-scope';
import {
  ChronologyCorrectionFormDto,
  ChronologyEntryFormDto,
  ChronologyPrintQueryDto,
} from './dto/chronology.dto';
import { withNumbersFormatted } from '../platform/common/format';

interface Problem {
  status: number;
  errorKey: string;
  fieldErrors: { field: string; message: string }[];
  invalid: Record<string, boolean>;
}

type Raw = Record<string, unknown>;

/**
 * The chronology pages: the options form (`/cases/:id/chronology`, which also lists the incident
 * chronology with its entry form), the correction form, the print view (HTML, print layout) and the
 * PDF download. Every print and download asks for a purpose and is audited with it.
 */
/** An entry as the service takes it, from the entry or correction form (dates cut to their precision). */
function entryOf(f: ChronologyEntryFormDto) {
  const precision = f.precision as DatePrecision;
  return {
    date: truncateDate(f.date, precision),
    dateEnd: f.dateEnd ? truncateDate(f.dateEnd, precision) : null,
    time: f.time ?? null,
    place: f.place ?? null,
    description: f.description,
  };
}

@ApiExcludeController()
@Controller('cases/:id')
export class ChronologyPagesController {
  constructor(
    private readonly chronology: ChronologyService,
    private readonly documents: ChronologyDocumentService,
    private readonly partners: PartnerScopeResolver,
    private readonly html: ChronologyHtmlService,
    private readonly pdf: ChronologyPdfService,
    private readonly audit: AuditService,
    private readonly translator: Translator,
  ) {}

  /** A refused form's messages, with this page's field labels. */
  private problem(err: AppException, lang: Language): Problem {
    const fieldErrors: { field: string; message: string }[] = [];
    const invalid: Record<string, boolean> = {};
    for (const p of err.problems) {
      if (invalid[p.field]) continue;
      const labelKey = `chronology.fields.${p.field}`;
      const field = this.translator.has(labelKey, lang) ? this.translator.t(labelKey, lang) : p.field;
      const ruleKey = this.translator.has(`validation.${p.rule}`, lang)
        ? `validation.${p.rule}`
        : 'validation.invalid';
      fieldErrors.push({
        field: p.field,
        message: this.translator.t(ruleKey, lang, { ...withNumbersFormatted(p.args, lang), field }),
      });
      invalid[p.field] = true;
    }
    return { status: err.getStatus(), errorKey: `errors.${err.code}`, fieldErrors, invalid };
  }

  private entryValues(raw: Raw) {
    const precision = textOf(raw.precision);
    return {
      date: textOf(raw.date),
      precision: (DATE_PRECISIONS as readonly string[]).includes(precision) ? precision : 'day',
      dateEnd: textOf(raw.dateEnd),
      time: textOf(raw.time),
      place: textOf(raw.place),
      description: textOf(raw.description),
      reason: textOf(raw.reason),
    };
  }

  private printValues(raw: Raw) {
    const sections = (
      Array.isArray(raw.sections) ? raw.sections : raw.sections === undefined ? [] : [raw.sections]
    )
      .filter((s): s is string => typeof s === 'string')
      .flatMap((s) => s.split(','));
    const purpose = textOf(raw.purpose);
    const referralId = textOf(raw.referralId);
    return {
      purposes: PRINT_PURPOSES.map((value) => ({ value, checked: value === purpose })),
      purposeText: textOf(raw.purposeText),
      sections: CHRONOLOGY_SECTIONS.map((value) => ({
        value,
        checked: sections.length ? sections.includes(value) : true,
      })),
      redacted: raw.redacted === 'on' || raw.redacted === 'true',
      referralId,
    };
  }

  /** The options page's data (also re-rendered with the problems of a refused form). */
  private async optionsData(
    req: AppRequest,
    auth: AuthContext,
    id: string,
    extra: { entry?: Raw; entryProblem?: Problem; print?: Raw; printProblem?: Problem } = {},
  ) {
    const lang = languageOf(req);
    const referralId =
      typeof extra.print?.referralId === 'string' && extra.print.referralId ? extra.print.referralId : null;
    // Staff choose the partner version on the form; team members reach the page through their referral.
    const { case: c, partner } = await this.documents.printable(auth, id, isStaff(auth) ? null : referralId);
    const section = await this.chronology.forCase(auth, c.id, lang);
    const print = this.printValues(extra.print ?? {});
    const partnerOptions = partner
      ? [{ id: partner.referralId, label: partner.institutionName, selected: true }]
      : (await this.partners.optionsFor(auth, c, lang)).map((o) => ({
          ...o,
          selected: o.id === print.referralId,
        }));
    return {
      title: 'chronology.page.title',
      caseId: c.id,
      caseNumber: c.number,
      staff: !partner,
      chronology: section,
      chronologyOnPage: true,
      chronologyForm: this.entryValues(extra.entry ?? {}),
      chronologyProblem: extra.entryProblem ?? null,
      verification: partner ? null : await this.documents.status(c),
      print,
      partnerOptions,
      partnerOnly: !!partner,
      printProblem: extra.printProblem ?? null,
    };
  }

  // ---- the options page ---------------------------------------------------------------------------

  /** Shows the entries (a read of the case, audited as `chronology.read`) and the print options. */
  @Get('chronology')
  @RequirePermission(Permission.ChronologyPrint)
  @AuditedManually()
  async options(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Query() raw: Raw,
  ): Promise<void> {
    let data: Raw;
    try {
      data = await this.optionsData(req, auth, id, { print: raw ?? {} });
    } catch (err) {
      await recordAudit(this.audit, req, Permission.ChronologyRead, id, err).catch(() => undefined);
      throw err;
    }
    await recordAudit(this.audit, req, Permission.ChronologyRead, data.caseId as string);
    await renderPage(req, reply, 'chronology/options', data);
  }

  // ---- print view and PDF -------------------------------------------------------------------------

  /** Validates the print options; a refusal re-renders the options page (400) and gives null. */
  private async printQuery(req: AppRequest, reply: FastifyReply, auth: AuthContext, id: string, raw: Raw) {
    const parsed = await validateInput(ChronologyPrintQueryDto, raw ?? {}, 'query');
    if (!parsed.error) return printOptionsOf(parsed.value);
    const problem = this.problem(parsed.error, languageOf(req));
    const data = await this.optionsData(req, auth, id, { print: raw ?? {}, printProblem: problem });
    await renderPage(req, reply, 'chronology/options', data, problem.status);
    return null;
  }

  @Get('chronology/print')
  @RequirePermission(Permission.ChronologyPrint)
  @AuditedManually()
  async print(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Query() raw: Raw,
  ): Promise<void> {
    const options = await this.printQuery(req, reply, auth, id, raw);
    if (!options) return;
    const html = await auditedPrint(this.audit, req, AUDIT_PRINT, id, options.purpose, async () => {
      const doc = await this.documents.build(auth, id, options, languageOf(req));
      const query = new URLSearchParams(req.url.split('?')[1] ?? '').toString();
      return this.html.render(doc, {
        backUrl: `/cases/${doc.case.id}/chronology`,
        pdfUrl: `/cases/${doc.case.id}/chronology.pdf?${query}`,
      });
    });
    await reply
      .status(200)
      .header('Content-Type', 'text/html; charset=utf-8')
      .header('Cache-Control', 'no-store')
      .send(html);
  }

  @Get('chronology.pdf')
  @RequirePermission(Permission.ChronologyPrint)
  @AuditedManually()
  async download(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Query() raw: Raw,
  ): Promise<void> {
    const options = await this.printQuery(req, reply, auth, id, raw);
    if (!options) return;
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

  // ---- entries and corrections --------------------------------------------------------------------

  private backTo(id: string, back: unknown): string {
    return back === 'case'
      ? `/cases/${id}/incident#chronology`
      : `/cases/${id}/chronology#incident-chronology`;
  }

  @Post('chronology/entries')
  @RequirePermission(Permission.ChronologyWrite)
  @AuditedManually()
  async addEntry(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() body: Raw | undefined,
  ): Promise<void> {
    const raw = body ?? {};
    await runForm(
      req,
      reply,
      this.audit,
      {
        action: Permission.ChronologyWrite,
        resourceId: id,
        flash: 'chronology.flash.added',
        next: () => this.backTo(id, raw.back),
        problem: async (err) => {
          const problem = this.problem(err, languageOf(req));
          const data = await this.optionsData(req, auth, id, { entry: raw, entryProblem: problem });
          await renderPage(req, reply, 'chronology/options', data, problem.status);
        },
      },
      async () => {
        await this.chronology.addEntry(auth, id, entryOf(await parseForm(ChronologyEntryFormDto, raw)));
      },
    );
  }

  private async correctionData(
    req: AppRequest,
    auth: AuthContext,
    id: string,
    entryId: string,
    values?: Raw,
    problem?: Problem,
  ) {
    const lang = languageOf(req);
    const { case: c, entry } = await this.chronology.currentEntry(auth, id, entryId);
    const precision = entry.date.length === 10 ? 'day' : entry.date.length === 7 ? 'month' : 'year';
    const pad = (d: string | null) =>
      d ? (d.length === 4 ? `${d}-01-01` : d.length === 7 ? `${d}-01` : d) : '';
    const current = {
      date: pad(entry.date),
      precision,
      dateEnd: pad(entry.dateEnd),
      time: entry.time ?? '',
      place: entry.place ?? '',
      description: entry.description ?? '',
      reason: '',
    };
    const section = await this.chronology.forCase(auth, c.id, lang);
    return {
      title: 'chronology.correct.title',
      caseId: c.id,
      caseNumber: c.number,
      entryId: entry.id,
      shown: section?.entries.find((e) => e.id === entry.id) ?? null,
      entry: { ...(values ? this.entryValues(values) : current), precisions: DATE_PRECISIONS },
      entryProblem: problem ?? null,
      today: section?.today ?? '',
    };
  }

  @Get('chronology/entries/:entryId/correct')
  @RequirePermission(Permission.ChronologyWrite)
  async correctForm(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Param('entryId') entryId: string,
  ): Promise<void> {
    await renderPage(req, reply, 'chronology/correct', await this.correctionData(req, auth, id, entryId));
  }

  @Post('chronology/entries/:entryId/corrections')
  @RequirePermission(Permission.ChronologyWrite)
  @AuditedManually()
  async correct(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Param('entryId') entryId: string,
    @Body() body: Raw | undefined,
  ): Promise<void> {
    const raw = body ?? {};
    await runForm(
      req,
      reply,
      this.audit,
      {
        action: Permission.ChronologyWrite,
        resourceId: id,
        flash: 'chronology.flash.corrected',
        next: () => this.backTo(id, raw.back),
        problem: async (err) => {
          if (err.getStatus() === HttpStatus.CONFLICT) {
            // Corrected meanwhile by someone else: back to the list, which shows the current version.
            setFlash(reply, 'error', 'chronology.flash.alreadyCorrected');
            await reply.redirect(`/cases/${id}/chronology#incident-chronology`, 303);
            return;
          }
          const problem = this.problem(err, languageOf(req));
          const data = await this.correctionData(req, auth, id, entryId, raw, problem);
          await renderPage(req, reply, 'chronology/correct', data, problem.status);
        },
      },
      async () => {
        const f = await parseForm(ChronologyCorrectionFormDto, raw);
        await this.chronology.correctEntry(auth, id, entryId, { ...entryOf(f), reason: f.reason });
      },
    );
  }
}
