import { Body, Controller, Get, Post, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuditedManually } from '../platform/audit/audit.interceptor';
import { AuditService } from '../platform/audit/audit.service';
import { CurrentAuth, RequirePermission } from '../platform/auth/auth.decorators';
import { Permission } from '../platform/auth/permissions';
import { COMPLAINT_CHANNELS, SAFE_TO_CALL, SEXES, VIOLENCE_TYPES } from '../case/case.constants';
import { IntakeService } from '../case/intake.service';
import { AppException, ErrorCode } from '../platform/common/app.exception';
import { Clock } from '../platform/common/clock';
import { todayOf } from '../platform/common/dates';
import { AppRequest, AuthContext, Language, languageOf } from '../platform/common/request-context';
import { Translator } from '../platform/i18n/translator';
import { InstitutionsService } from '../institutions/institutions.service';
import { parseForm, runForm } from '../web/form-action';
import { renderPage } from '../web/page-kit';
import { fieldMessages, FieldMessages } from './case-pages.common';
import { DOMAIN_ERROR_FIELDS, formValues } from './dto/intake-form.dto';
import { buildQuickCase, quickFieldOf, QuickIntakeFormDto } from './dto/quick-intake-form.dto';

const VIEW = 'cases/quick';
const TITLE = 'casepages.quick.title';

/**
 * The quick intake (issue 18, item 5): a crisis walk-in's case opened on one short page — the
 * complaint, who the victim is, a phone for a safe call-back, the violence and whether she is in
 * immediate danger — with one submit to the saved case; its page then lists what is still to be
 * completed (through "Correct details"). The full intake page keeps every field and its rules.
 */
@ApiExcludeController()
@Controller('cases')
export class QuickIntakePagesController {
  constructor(
    private readonly intake: IntakeService,
    private readonly institutions: InstitutionsService,
    private readonly audit: AuditService,
    private readonly translator: Translator,
    private readonly clock: Clock,
  ) {}

  private async formData(values: Record<string, unknown>, extra: Partial<FieldMessages> = {}) {
    const institutions = await this.institutions.listActive();
    return {
      title: TITLE,
      today: todayOf(this.clock),
      thisYear: todayOf(this.clock).slice(0, 4),
      form: values,
      errors: {},
      lists: {
        channels: COMPLAINT_CHANNELS,
        sexes: SEXES,
        safeToCall: SAFE_TO_CALL,
        violenceTypes: VIOLENCE_TYPES,
        danger: ['yes', 'no'],
        institutions: institutions.map((i) => ({ id: i.id, name: i.name })),
      },
      ...extra,
    };
  }

  private problem(err: AppException, lang: Language): FieldMessages {
    if (err.code === ErrorCode.ValidationFailed) {
      const problems = err.problems.map((p) => ({ ...p, field: quickFieldOf(p.field) }));
      const mapped = new AppException(err.code, err.getStatus(), err.args, problems);
      return fieldMessages(this.translator, lang, mapped);
    }
    const message = this.translator.t(`errors.${err.code}`, lang, err.args);
    const field =
      err.code === ErrorCode.DateInFuture ? 'receivedAt' : (DOMAIN_ERROR_FIELDS[err.code] ?? undefined);
    return {
      status: err.getStatus(),
      errorKey: field ? 'casepages.intake.checkFields' : `errors.${err.code}`,
      fieldErrors: field ? [{ field, message }] : [],
      errors: field ? { [field]: message } : {},
    };
  }

  @Get('new/quick')
  @RequirePermission(Permission.CasesCreate)
  @Render(VIEW)
  quickForm() {
    return this.formData({ receivedAt: todayOf(this.clock), channel: 'walk_in' });
  }

  /** One submit to the saved case: its page follows (303), listing what is still to be completed. */
  @Post('new/quick')
  @RequirePermission(Permission.CasesCreate)
  @AuditedManually()
  async create(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    const raw = body ?? {};
    await runForm(
      req,
      reply,
      this.audit,
      {
        action: Permission.CasesCreate,
        flash: 'casepages.flash.registeredQuick',
        createdId: (id: string) => id,
        next: (id: string) => `/cases/${id}`,
        problem: async (err) => {
          const problem = this.problem(err, languageOf(req));
          await renderPage(req, reply, VIEW, await this.formData(formValues(raw), problem), problem.status);
        },
      },
      async () => {
        const dto = await buildQuickCase(await parseForm(QuickIntakeFormDto, raw));
        return (await this.intake.registerQuick(auth, dto, { auditRequest: req })).id;
      },
    );
  }
}
