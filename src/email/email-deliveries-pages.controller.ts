import { Body, Controller, Get, Param, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuditedManually } from '../platform/audit/audit.interceptor';
import { AuditService } from '../platform/audit/audit.service';
import { RequirePermission } from '../platform/auth/auth.decorators';
import { Permission } from '../platform/auth/permissions';
import { listControlsView } from '../platform/common/list-sort';
import { DEFAULT_PAGE_SIZE, paginationView } from '../platform/common/pagination';
import { AppRequest, languageOf } from '../platform/common/request-context';
import { Translator } from '../platform/i18n/translator';
import { EMAIL_DELIVERY_STATUSES } from '../notifications/email-kinds';
import { fieldMessages } from '../web/field-messages';
import { formAction, parseForm } from '../web/form-action';
import { CsrfFormDto, textOf, validateInput } from '../web/forms';
import { EmailDeliveryPageQueryDto } from './dto/email-delivery.dto';
import { EMAIL_DELIVERY_LIST_SORT } from '../notifications/email-delivery-list-sort';
import { EmailDeliveriesService } from './email-deliveries.service';

const PATH = '/email-deliveries';

/** The administrator's page of e-mail deliveries (failed ones by default) with a retry button. */
@ApiExcludeController()
@Controller('email-deliveries')
export class EmailDeliveriesPagesController {
  constructor(
    private readonly deliveries: EmailDeliveriesService,
    private readonly audit: AuditService,
    private readonly translator: Translator,
  ) {}

  @Get()
  @RequirePermission(Permission.EmailDeliveriesManage)
  @Render('admin/email/deliveries')
  async list(
    @Req() req: AppRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query() query: Record<string, unknown>,
  ) {
    const { error, ...raw } = query ?? {};
    const lang = languageOf(req);
    // A refused retry comes back as ?error=<CODE> (formAction): its message, when it is one of ours.
    const code = textOf(error);
    const refused =
      /^[A-Z][A-Z0-9_]{1,60}$/.test(code) && this.translator.has(`errors.${code}`, lang)
        ? { errorKey: `errors.${code}` }
        : {};
    const filters = { status: textOf(raw.status) };
    const base = {
      title: 'email.admin.title',
      filters,
      filterFields: ['status'],
      statuses: EMAIL_DELIVERY_STATUSES,
    };
    const parsed = await validateInput(EmailDeliveryPageQueryDto, raw, 'query');
    if (parsed.error) {
      const problem = fieldMessages(this.translator, lang, parsed.error);
      reply.status(problem.status);
      const listing = listControlsView(
        EMAIL_DELIVERY_LIST_SORT,
        PATH,
        { pageSize: DEFAULT_PAGE_SIZE },
        filters,
      );
      return { ...base, ...problem, listing, deliveries: [], pagination: null };
    }
    const q = parsed.value;
    const status = q.status ?? 'failed';
    const page = await this.deliveries.list(q);
    const kept = { status: q.status };
    return {
      ...base,
      ...refused,
      filters: { status },
      deliveries: page.items.map((d) => ({ ...d, canRetry: d.status === 'failed' })),
      listing: listControlsView(EMAIL_DELIVERY_LIST_SORT, PATH, q, kept),
      pagination: paginationView(page.total, page.page, page.pageSize, PATH, {
        ...kept,
        sort: q.sort,
        dir: q.dir,
      }),
    };
  }

  @Post(':id/retry')
  @RequirePermission(Permission.EmailDeliveriesManage)
  @AuditedManually()
  retry(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @Param('id') id: string,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    return formAction(
      reply,
      req,
      this.audit,
      {
        back: PATH,
        action: Permission.EmailDeliveriesManage,
        flash: 'email.admin.flash.retried',
        resourceId: id,
      },
      async () => {
        await parseForm(CsrfFormDto, body);
        await this.deliveries.retry(id);
      },
    );
  }
}
