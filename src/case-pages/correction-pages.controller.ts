import { Body, Controller, Get, HttpStatus, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuditedManually } from '../platform/audit/audit.interceptor';
import { AuditService } from '../platform/audit/audit.service';
import { CurrentAuth, RequirePermission } from '../platform/auth/auth.decorators';
import { Permission } from '../platform/auth/permissions';
import { CaseAccessService } from '../case/case-access.service';
import {
  EDUCATION_LEVELS,
  MARITAL_STATUSES,
  OCCUPATIONS,
  PLACE_TYPES,
  RELATIONSHIPS,
  REPORTER_RELATIONSHIPS,
  SAFE_TO_CALL,
  SEXES,
  VIOLENCE_TYPES,
} from '../case/case.constants';
import { CasesService } from '../case/cases.service';
import { AppException, ErrorCode } from '../platform/common/app.exception';
import { Clock } from '../platform/common/clock';
import { AppRequest, AuthContext, Language, languageOf } from '../platform/common/request-context';
import { setFlash } from '../web/flash';
import { recordAudit } from '../web/forms';
import { parseForm } from '../web/form-action';
import { renderPage } from '../web/page-kit';
import { Translator } from '../platform/i18n/translator';
import { SettingsService } from '../platform/settings/settings.service';
import { fieldMessages, FieldMessages } from './case-pages.common';
import {
  buildUpdateCase,
  CORRECTION_API_FIELDS,
  CORRECTION_ERROR_FIELDS,
  correctionValues,
  CorrectionFormDto,
  perpetratorRowsView,
} from './dto/correction-form.dto';
import { formValues } from './dto/intake-form.dto';
import { todayOf } from '../platform/common/dates';

const VIEW = 'cases/edit';
const TITLE = 'casepages.correct.title';
/** Not form problems: the error page, as for the API. */
const NOT_FORM_PROBLEMS: number[] = [HttpStatus.UNAUTHORIZED, HttpStatus.FORBIDDEN, HttpStatus.NOT_FOUND];

/**
 * "Correct details": the victim's identity and contact and the incident as recorded at intake, from
 * the case page. Saves through CasesService.update (the service behind PATCH /api/cases/:id), which
 * decides who may correct which case, checks the version and keeps the earlier values in the history.
 */
@ApiExcludeController()
@Controller('cases')
export class CorrectionPagesController {
  constructor(
    private readonly cases: CasesService,
    private readonly access: CaseAccessService,
    private readonly settings: SettingsService,
    private readonly audit: AuditService,
    private readonly translator: Translator,
    private readonly clock: Clock,
  ) {}

  private async formData(
    c: { id: string; number: string; stage: string },
    values: Record<string, unknown>,
    extra: Partial<FieldMessages> & Record<string, unknown> = {},
  ) {
    const { districts } = await this.settings.centre();
    const district = typeof values.victimDistrict === 'string' ? values.victimDistrict : '';
    return {
      title: TITLE,
      case: { id: c.id, number: c.number, stage: c.stage },
      closed: c.stage === 'closed',
      today: todayOf(this.clock),
      form: values,
      errors: {},
      perpetrators: perpetratorRowsView(values, (extra.errors as Record<string, string>) ?? {}),
      lists: {
        placeTypes: PLACE_TYPES,
        violenceTypes: VIOLENCE_TYPES,
        education: EDUCATION_LEVELS,
        occupations: OCCUPATIONS,
        maritalStatuses: MARITAL_STATUSES,
        safeToCall: SAFE_TO_CALL,
        relationships: RELATIONSHIPS,
        reporterRelationships: REPORTER_RELATIONSHIPS,
        sexes: SEXES,
        // The recorded district stays selectable even when the settings no longer list it.
        districts: district && !districts.includes(district) ? [...districts, district] : districts,
      },
      ...extra,
    };
  }

  private problem(err: AppException, lang: Language): FieldMessages {
    if (err.code === ErrorCode.ValidationFailed) return fieldMessages(this.translator, lang, err);
    const message = this.translator.t(`errors.${err.code}`, lang, err.args);
    const named = typeof err.args.field === 'string' ? CORRECTION_API_FIELDS[err.args.field] : undefined;
    const field = named ?? CORRECTION_ERROR_FIELDS[err.code];
    return {
      status: err.getStatus(),
      errorKey: field ? 'casepages.intake.checkFields' : `errors.${err.code}`,
      fieldErrors: field ? [{ field, message }] : [],
      errors: field ? { [field]: message } : {},
    };
  }

  @Get(':id/edit')
  @RequirePermission(Permission.CasesUpdate)
  async editForm(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
  ): Promise<void> {
    // Who may correct which case: the same check as the correction itself (404 / 403).
    const c = await this.access.findWorkable(auth, id);
    const detail = await this.cases.detail(auth, c.id);
    const data = await this.formData(c, correctionValues(detail), {
      errorKey: c.stage === 'closed' ? `errors.${ErrorCode.CaseClosed}` : undefined,
    });
    await renderPage(req, reply, VIEW, data);
  }

  @Post(':id/edit')
  @RequirePermission(Permission.CasesUpdate)
  @AuditedManually()
  async correct(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    const raw = body ?? {};
    let c: Awaited<ReturnType<CaseAccessService['findWorkable']>> | undefined;
    try {
      c = await this.access.findWorkable(auth, id);
      const input = await parseForm(CorrectionFormDto, raw);
      await this.cases.update(auth, c.id, await buildUpdateCase(input));
    } catch (err) {
      await recordAudit(this.audit, req, Permission.CasesUpdate, id, err);
      if (!(err instanceof AppException) || !c || NOT_FORM_PROBLEMS.includes(err.getStatus())) throw err;
      const problem = this.problem(err, languageOf(req));
      const data = await this.formData(c, formValues(raw), {
        ...problem,
        staleVersion: err.code === ErrorCode.VersionConflict,
      });
      await renderPage(req, reply, VIEW, data, problem.status);
      return;
    }
    await recordAudit(this.audit, req, Permission.CasesUpdate, c.id);
    setFlash(reply, 'success', 'casepages.flash.corrected');
    await reply.redirect(`/cases/${c.id}/people`, HttpStatus.SEE_OTHER);
  }
}
