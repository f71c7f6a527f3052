import { Body, Controller, Get, HttpStatus, Post, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { createHmac, randomBytes } from 'node:crypto';
import { AuditedManually } from '../platform/audit/audit.interceptor';
import { AuditService } from '../platform/audit/audit.service';
import { CurrentAuth, RequirePermission } from '../platform/auth/auth.decorators';
import { Permission } from '../platform/auth/permissions';
import {
  COMPLAINT_CHANNELS,
  DISABILITIES,
  EDUCATION_LEVELS,
  GBV_CORE_TYPES,
  MARITAL_STATUSES,
  OCCUPATIONS,
  PLACE_TYPES,
  RELATIONSHIPS,
  REPORTER_RELATIONSHIPS,
  SAFE_TO_CALL,
  SEXES,
  VIOLENCE_TYPES,
} from '../case/case.constants';
import { DuplicateMatchDto } from '../case/dto/case.dto';
import { IntakeService } from '../case/intake.service';
import { AppException, ErrorCode } from '../platform/common/app.exception';
import { Clock } from '../platform/common/clock';
import { AppRequest, AuthContext, Language, languageOf } from '../platform/common/request-context';
import { normalizeName, normalizeNik } from '../platform/crypto/blind-index.service';
import { setFlash } from '../web/flash';
import { renderPage } from '../web/page-kit';
import { Translator } from '../platform/i18n/translator';
import { recordAudit, validateInput } from '../web/forms';
import { InstitutionsService } from '../institutions/institutions.service';
import { SettingsService } from '../platform/settings/settings.service';
import { fieldMessages, FieldMessages } from './case-pages.common';
import {
  buildCreateCase,
  DOMAIN_ERROR_FIELDS,
  duplicateQueryOf,
  formValues,
  IntakeFormDto,
  PERPETRATOR_ROWS,
  validateCreateCase,
} from './dto/intake-form.dto';
import { todayOf } from '../platform/common/dates';

const VIEW = 'cases/new';
/** The form was saved without deciding about the possible earlier records shown. */
const CHOICE_REQUIRED = 'DUPLICATE_CHOICE_REQUIRED';
const TITLE = 'casepages.intake.title';

interface DuplicateView {
  key: string;
  /** Nothing to check with (no NIK, and no name with a date of birth). */
  nothingToCheck: boolean;
  matches: (DuplicateMatchDto & { selected: boolean })[];
  chooseNew: boolean;
  /** The identity fields changed since the last check. */
  changed: boolean;
}

/**
 * The intake page (step 1): one sectioned form. Its first submit runs the duplicate check on the
 * victim's identity fields and shows possible earlier records (case number, initials, intake date
 * only); the user then attaches the complaint to one of them or continues with a new victim, and saves.
 */
@ApiExcludeController()
@Controller('cases')
export class IntakePagesController {
  /** Keys the "what was checked" marker; a restart only means checking again. */
  private readonly checkSecret = randomBytes(32);

  constructor(
    private readonly intake: IntakeService,
    private readonly settings: SettingsService,
    private readonly institutions: InstitutionsService,
    private readonly audit: AuditService,
    private readonly translator: Translator,
    private readonly clock: Clock,
  ) {}

  private today(): string {
    return todayOf(this.clock);
  }

  private async formData(
    values: Record<string, unknown>,
    extra: { errors?: Record<string, string>; [key: string]: unknown } = {},
  ) {
    const [centre, institutions] = await Promise.all([
      this.settings.centre(),
      this.institutions.listActive(),
    ]);
    const errors = extra.errors ?? {};
    const field = (name: string) => ({
      name,
      value: typeof values[name] === 'string' ? (values[name] as string) : '',
      error: errors[name] ?? null,
    });
    const perpetrators = Array.from({ length: PERPETRATOR_ROWS }, (_, i) => {
      const row = i + 1;
      return {
        row,
        relationship: field(`perp${row}Relationship`),
        sex: field(`perp${row}Sex`),
        age: field(`perp${row}Age`),
        fullName: field(`perp${row}Name`),
      };
    });
    return {
      title: TITLE,
      today: this.today(),
      form: values,
      perpetrators,
      lists: {
        channels: COMPLAINT_CHANNELS,
        sexes: SEXES,
        violenceTypes: VIOLENCE_TYPES,
        gbvTypes: GBV_CORE_TYPES,
        placeTypes: PLACE_TYPES,
        relationships: RELATIONSHIPS,
        reporterRelationships: REPORTER_RELATIONSHIPS,
        education: EDUCATION_LEVELS,
        occupations: OCCUPATIONS,
        maritalStatuses: MARITAL_STATUSES,
        disabilities: DISABILITIES,
        safeToCall: SAFE_TO_CALL,
        danger: ['yes', 'no'],
        districts: centre.districts,
        institutions: institutions.map((i) => ({ id: i.id, name: i.name })),
      },
      ...extra,
    };
  }

  private render(
    req: AppRequest,
    reply: FastifyReply,
    data: Record<string, unknown>,
    status = 200,
  ): Promise<void> {
    return renderPage(req, reply, VIEW, data, status);
  }

  /** A keyed fingerprint of the identity fields the duplicate check used (no personal data in the page). */
  private checkKey(form: IntakeFormDto): string {
    const nik = form.victimNik ? normalizeNik(form.victimNik) : '';
    const name = form.victimFullName ? normalizeName(form.victimFullName) : '';
    return createHmac('sha256', this.checkSecret)
      .update(`${nik}|${name}|${form.victimBirthDate ?? ''}`)
      .digest('hex')
      .slice(0, 32);
  }

  /**
   * The possible earlier records for what is typed, each with a match token for this session (the
   * token already chosen stays the same while it is valid, so a re-shown form keeps the choice).
   */
  private async check(auth: AuthContext, form: IntakeFormDto, changed: boolean): Promise<DuplicateView> {
    const query = await duplicateQueryOf(form);
    const nothingToCheck = !query.nik && !(query.fullName && query.birthDate);
    const choice = form.victimChoice;
    const keep = choice && choice !== 'new' && !changed ? choice : undefined;
    const matches = nothingToCheck ? [] : await this.intake.duplicates(auth, query, keep);
    return {
      key: this.checkKey(form),
      nothingToCheck,
      matches: matches.map((m) => ({ ...m, selected: !!keep && m.matchToken === keep })),
      chooseNew: choice === 'new',
      changed,
    };
  }

  private problem(err: AppException, lang: Language, field?: string): FieldMessages {
    if (err.code === ErrorCode.ValidationFailed) return fieldMessages(this.translator, lang, err);
    const errorKey =
      err.code === CHOICE_REQUIRED ? 'casepages.intake.duplicates.chooseRequired' : `errors.${err.code}`;
    const message = this.translator.t(errorKey, lang, err.args);
    const target = field ?? DOMAIN_ERROR_FIELDS[err.code];
    return {
      status: err.getStatus(),
      // With a field, the summary links to it; the message itself is in the list and beside the field.
      errorKey: target ? 'casepages.intake.checkFields' : errorKey,
      fieldErrors: target ? [{ field: target, message }] : [],
      errors: target ? { [target]: message } : {},
    };
  }

  /** Which date a DATE_IN_FUTURE refusal is about. */
  private futureField(form: IntakeFormDto): string {
    const today = this.today();
    if (form.receivedAt && form.receivedAt > today) return 'receivedAt';
    if (form.incidentDate && form.incidentDate > today) return 'incidentDate';
    return 'victimBirthDate';
  }

  @Get('new')
  @RequirePermission(Permission.CasesCreate)
  @Render(VIEW)
  newForm() {
    return this.formData({ receivedAt: this.today(), victimNationality: 'IDN' });
  }

  /** Step one of saving: the duplicate check, re-rendering the form with what was typed. */
  @Post('new/check')
  @RequirePermission(Permission.CasesCreate)
  async checkDuplicates(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    const raw = body ?? {};
    const values = formValues(raw);
    const lang = languageOf(req);
    const parsed = await validateInput(IntakeFormDto, raw);
    if (parsed.error) {
      await this.render(
        req,
        reply,
        await this.formData(values, this.problem(parsed.error, lang)),
        parsed.error.getStatus(),
      );
      return;
    }
    try {
      const duplicates = await this.check(auth, parsed.value, false);
      await this.render(req, reply, await this.formData(values, { duplicates }));
    } catch (err) {
      if (!(err instanceof AppException)) throw err;
      await this.render(req, reply, await this.formData(values, this.problem(err, lang)), err.getStatus());
    }
  }

  /** Saves the complaint; without a decision on the possible earlier records, shows them first. */
  @Post()
  @RequirePermission(Permission.CasesCreate)
  @AuditedManually()
  async create(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    const raw = body ?? {};
    const values = formValues(raw);
    const lang = languageOf(req);
    let duplicates: DuplicateView | undefined;
    let caseId: string;
    try {
      const parsed = await validateInput(IntakeFormDto, raw);
      if (parsed.error) throw parsed.error;
      const form = parsed.value;
      const changed = form.checkedKey !== this.checkKey(form);
      duplicates = await this.check(auth, form, changed);
      const chosen = duplicates.matches.find((m) => m.selected);
      const decided = !duplicates.matches.length || !!chosen || duplicates.chooseNew;
      if (changed && duplicates.matches.length) {
        // Checked with other identity values (or not at all): show the matches for the values now typed.
        await recordAudit(this.audit, req, Permission.CasesCreate, null, AppException.rule(CHOICE_REQUIRED));
        await this.render(req, reply, await this.formData(values, { duplicates }));
        return;
      }
      if (!decided) throw AppException.rule(CHOICE_REQUIRED);
      const dto = await validateCreateCase(buildCreateCase(form, chosen?.matchToken));
      try {
        caseId = (await this.intake.register(auth, dto, { auditRequest: req })).id;
      } catch (err) {
        if (err instanceof AppException && err.code === ErrorCode.DateInFuture) {
          throw Object.assign(err, { field: this.futureField(form) });
        }
        throw err;
      }
    } catch (err) {
      await recordAudit(this.audit, req, Permission.CasesCreate, null, err);
      if (!(err instanceof AppException)) throw err;
      const field =
        err.code === CHOICE_REQUIRED ? 'victimChoice' : (err as AppException & { field?: string }).field;
      const problem = this.problem(err, lang, field);
      await this.render(req, reply, await this.formData(values, { duplicates, ...problem }), problem.status);
      return;
    }
    await recordAudit(this.audit, req, Permission.CasesCreate, caseId);
    setFlash(reply, 'success', 'casepages.flash.registered');
    await reply.redirect(`/cases/${caseId}`, HttpStatus.SEE_OTHER);
  }
}
