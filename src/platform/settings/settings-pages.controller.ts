import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuditedManually } from '../audit/audit.interceptor';
import { AuditService } from '../audit/audit.service';
import { CurrentAuth, RequirePermission } from '../auth/auth.decorators';
import { Permission } from '../auth/permissions';
import { AppException } from '../common/app.exception';
import { AppRequest, AuthContext, Language, languageOf } from '../common/request-context';
import { renderPage } from '../../web/page-kit';
import { Translator } from '../i18n/translator';
import { parseForm, runForm } from '../../web/form-action';
import { textOf } from '../../web/forms';
import { fieldsOf, uploadedData, UploadRoute } from '../../web/multipart';
import { CentreRegionDirectory } from './centre-region.directory';
import { CentreSettingsAdminService, districtLines } from './centre-settings-admin.service';
import { CentreSettingsDto, CentreSettingsFormDto, LogoFormDto } from './dto/centre-settings.dto';
import { LOGO_MAX_BYTES, LOGO_UPLOAD } from './logo';
import { SettingsService } from './settings.service';
import { withNumbersFormatted } from '../common/format';
import { flagKindOfWords, flagKindWords } from './flag-kinds';

type Raw = Record<string, unknown>;

interface Problem {
  status: number;
  errorKey: string;
  fieldErrors: { field: string; message: string }[];
  invalid: Record<string, boolean>;
}

/** The administrator's settings page (`/admin/settings`): centre identity, numbering, districts, logo. */
@ApiExcludeController()
@Controller('admin/settings')
export class SettingsPagesController {
  constructor(
    private readonly centre: CentreSettingsAdminService,
    private readonly settings: SettingsService,
    private readonly regions: CentreRegionDirectory,
    private readonly audit: AuditService,
    private readonly translator: Translator,
  ) {}

  private problem(err: AppException, lang: Language): Problem {
    const fieldErrors: { field: string; message: string }[] = [];
    const invalid: Record<string, boolean> = {};
    for (const p of err.problems) {
      if (invalid[p.field]) continue;
      const labelKey = `settings.fields.${p.field}`;
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
    return {
      status: err.getStatus(),
      errorKey: `errors.${err.code}`,
      fieldErrors,
      invalid,
    };
  }

  private async data(
    lang: Language,
    current: CentreSettingsDto,
    values?: Raw,
    problem?: Problem,
    logoProblem?: Problem,
  ) {
    const logo = current.logo ? await this.settings.centreLogo() : null;
    const form = values
      ? {
          name: textOf(values.name),
          address: textOf(values.address),
          phone: textOf(values.phone),
          caseNumberPrefix: textOf(values.caseNumberPrefix),
          caseNumberPattern: textOf(values.caseNumberPattern),
          sequenceDigits: textOf(values.sequenceDigits),
          districts: textOf(values.districts),
          flagKinds: textOf(values.flagKinds),
          regionId: textOf(values.regionId),
        }
      : {
          ...current,
          sequenceDigits: String(current.sequenceDigits),
          districts: current.districts.join('\n'),
          flagKinds: current.flagKinds.map((k) => flagKindWords(this.translator, lang, k)).join('\n'),
          regionId: current.regionId ?? '',
        };
    return {
      title: 'settings.page.title',
      form,
      version: current.version,
      logo: current.logo
        ? {
            ...current.logo,
            kb: Math.max(1, Math.round(current.logo.size / 1024)),
            src: logo ? `data:${logo.mimeType};base64,${logo.data.toString('base64')}` : null,
          }
        : null,
      maxMb: LOGO_MAX_BYTES / 1024 / 1024,
      regions: await this.regions.regions(),
      problem: problem ?? null,
      logoProblem: logoProblem ?? null,
    };
  }

  private render(req: AppRequest, reply: FastifyReply, data: Raw, status = 200): Promise<void> {
    return renderPage(req, reply, 'admin/settings/edit', data, status);
  }

  @Get()
  @RequirePermission(Permission.SettingsManage)
  async show(@Req() req: AppRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.render(req, reply, await this.data(languageOf(req), await this.centre.view()));
  }

  @Post()
  @RequirePermission(Permission.SettingsManage)
  @AuditedManually()
  async update(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Body() body: Raw | undefined,
  ): Promise<void> {
    const raw = body ?? {};
    await this.settingsForm(req, reply, 'centre', 'settings.flash.saved', '/admin/settings', {
      problem: (current, problem) => this.data(languageOf(req), current, raw, problem),
      work: async () => {
        const f = await parseForm(CentreSettingsFormDto, fieldsOf(raw));
        await this.centre.update(
          {
            name: f.name,
            address: f.address,
            phone: f.phone,
            caseNumberPrefix: f.caseNumberPrefix,
            caseNumberPattern: f.caseNumberPattern,
            sequenceDigits: f.sequenceDigits,
            districts: districtLines(f.districts),
            flagKinds:
              f.flagKinds === undefined
                ? undefined
                : districtLines(f.flagKinds).map((line) => flagKindOfWords(this.translator, line)),
            regionId: f.regionId,
          },
          f.version,
          auth.userId,
        );
      },
    });
  }

  @Post('logo')
  @RequirePermission(Permission.SettingsManage)
  @UploadRoute(LOGO_UPLOAD)
  @AuditedManually()
  async uploadLogo(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Body() body: Raw | undefined,
  ): Promise<void> {
    await this.logoAction(req, reply, body, 'settings.flash.logoSaved', async (version) => {
      await this.centre.setLogo(uploadedData(body, 'logo'), version, auth.userId);
    });
  }

  @Post('logo/remove')
  @RequirePermission(Permission.SettingsManage)
  @AuditedManually()
  async removeLogo(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Body() body: Raw | undefined,
  ): Promise<void> {
    await this.logoAction(req, reply, body, 'settings.flash.logoRemoved', (version) =>
      this.centre.removeLogo(version, auth.userId).then(() => undefined),
    );
  }

  private async logoAction(
    req: AppRequest,
    reply: FastifyReply,
    body: Raw | undefined,
    flash: string,
    work: (version: number) => Promise<void>,
  ): Promise<void> {
    await this.settingsForm(req, reply, 'centre_logo', flash, '/admin/settings#logo', {
      problem: (current, problem) => this.data(languageOf(req), current, undefined, undefined, problem),
      work: async () => work((await parseForm(LogoFormDto, fieldsOf(body ?? {}))).version),
    });
  }

  /**
   * The settings page's form action: a refusal of any kind re-renders the page with the problem
   * (`problem` gives its data from the current settings), a success flashes and goes to `next`.
   */
  private async settingsForm(
    req: AppRequest,
    reply: FastifyReply,
    resourceId: string,
    flash: string,
    next: string,
    form: {
      problem: (current: CentreSettingsDto, problem: Problem) => Promise<Raw>;
      work: () => Promise<void>;
    },
  ): Promise<void> {
    await runForm(
      req,
      reply,
      this.audit,
      {
        action: Permission.SettingsManage,
        resourceId,
        flash,
        next: () => next,
        shows: () => true,
        problem: async (err) => {
          const problem = this.problem(err, languageOf(req));
          await this.render(
            req,
            reply,
            await form.problem(await this.centre.view(), problem),
            problem.status,
          );
        },
      },
      form.work,
    );
  }
}
