import { Body, Controller, Get, Param, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuditedManually } from '../../platform/audit/audit.interceptor';
import { AuditService } from '../../platform/audit/audit.service';
import { CurrentAuth, RequirePermission } from '../../platform/auth/auth.decorators';
import { Permission } from '../../platform/auth/permissions';
import { todayOf } from '../../platform/common/dates';
import { listControlsView } from '../../platform/common/list-sort';
import { DEFAULT_PAGE_SIZE, paginationView } from '../../platform/common/pagination';
import { fieldMessages } from '../../web/field-messages';
import { PARTNER_INBOX_SORT } from './referral-list-sort';
import { AppRequest, AuthContext, languageOf } from '../../platform/common/request-context';
import { Translator } from '../../platform/i18n/translator';
import { textOf, validateInput } from '../../web/forms';
import { SERVICE_ROLES } from '../../institutions/service-roles';
import {
  CompleteReferralFormDto,
  PartnerInboxPageQueryDto,
  ReferralActionFormDto,
  ReferralReasonFormDto,
  ReferralVersionFormDto,
} from './dto/referral.dto';
import { formAction, pageError, parseForm } from '../../web/form-action';
import { sendFile } from './file-store.service';
import { PartnerReferralsService } from './partner-referrals.service';
import { OUTCOMES, REFERRAL_STATUSES, URGENCIES } from './referral.constants';
import { Clock } from '../../platform/common/clock';
import { DOCUMENT_UPLOAD, takeUpload, UploadRoute } from '../../web/multipart';

type PartnerAction = 'accept' | 'decline' | 'start' | 'complete' | 'actions' | 'documents';

/**
 * The partner inbox pages (team members): only their referrals exist here; the referral page shows
 * the disclosed part of the case while access lasts, and the forms to answer and report.
 */
@ApiExcludeController()
@Controller('partner')
export class PartnerPagesController {
  constructor(
    private readonly partner: PartnerReferralsService,
    private readonly audit: AuditService,
    private readonly translator: Translator,
    private readonly clock: Clock,
  ) {}

  @Get()
  @RequirePermission(Permission.PartnerInbox)
  @Render('partner/inbox')
  async inbox(
    @Req() req: AppRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Query() raw: Record<string, unknown>,
  ) {
    const filters = {
      number: textOf(raw.number),
      status: textOf(raw.status),
      serviceRole: textOf(raw.serviceRole),
      overdue: textOf(raw.overdue),
      urgency: textOf(raw.urgency),
    };
    const base = {
      title: 'partner.inbox.title',
      filters,
      statuses: REFERRAL_STATUSES.filter((s) => s !== 'awaiting_approval'),
      serviceRoles: SERVICE_ROLES,
      urgencies: URGENCIES,
      filterFields: ['number', 'status', 'serviceRole', 'urgency', 'overdue'],
    };
    const parsed = await validateInput(PartnerInboxPageQueryDto, raw, 'query');
    if (parsed.error) {
      const problem = fieldMessages(this.translator, languageOf(req), parsed.error);
      reply.status(problem.status);
      const listing = listControlsView(
        PARTNER_INBOX_SORT,
        '/partner',
        { pageSize: DEFAULT_PAGE_SIZE },
        filters,
      );
      return { ...base, ...problem, listing, referrals: [], counts: null, pagination: null };
    }
    const q = parsed.value;
    const page = await this.partner.inbox(auth, q, languageOf(req));
    const kept = {
      number: q.number,
      status: q.status,
      serviceRole: q.serviceRole,
      overdue: q.overdue,
      urgency: q.urgency,
    };
    return {
      ...base,
      listing: listControlsView(PARTNER_INBOX_SORT, '/partner', q, kept),
      referrals: page.items,
      counts: page.counts,
      newReferrals: page.newReferrals,
      pagination: paginationView(page.total, q.page, q.pageSize, '/partner', {
        ...kept,
        sort: q.sort,
        dir: q.dir,
      }),
    };
  }

  @Get('referrals/:id')
  @RequirePermission(Permission.PartnerInbox)
  @Render('partner/referral')
  async referral(
    @Req() req: AppRequest,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Query('error') error: unknown,
  ) {
    const [referral, events] = await Promise.all([
      this.partner.get(auth, id),
      this.partner.history(auth, id, languageOf(req)),
    ]);
    return {
      title: 'partner.referral.title',
      referral,
      events,
      can: Object.fromEntries(referral.allowed.map((a) => [a, true])),
      outcomes: OUTCOMES,
      today: todayOf(this.clock),
      errorKey: pageError(this.translator, error),
    };
  }

  @Get('referrals/:id/documents/:documentId')
  @RequirePermission(Permission.PartnerInbox)
  async document(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Param('documentId') documentId: string,
    @Res() reply: FastifyReply,
  ) {
    const { file, data } = await this.partner.document(auth, id, documentId);
    await sendFile(reply, file, data);
  }

  private async act(
    req: AppRequest,
    reply: FastifyReply,
    auth: AuthContext,
    id: string,
    body: Record<string, unknown>,
    action: PartnerAction,
  ) {
    await formAction(
      reply,
      req,
      this.audit,
      {
        back: `/partner/referrals/${encodeURIComponent(id)}`,
        action: Permission.PartnerRespond,
        flash: `partner.flash.${action}`,
        resourceId: id,
      },
      async () => {
        switch (action) {
          case 'accept':
            return this.partner.accept(auth, id, (await parseForm(ReferralVersionFormDto, body)).version);
          case 'start':
            return this.partner.start(auth, id, (await parseForm(ReferralVersionFormDto, body)).version);
          case 'decline': {
            const form = await parseForm(ReferralReasonFormDto, body);
            return this.partner.decline(auth, id, form.version, form.reason);
          }
          case 'complete': {
            const form = await parseForm(CompleteReferralFormDto, body);
            return this.partner.complete(auth, id, form.version, form.outcome, form.notes);
          }
          case 'actions': {
            const form = await parseForm(ReferralActionFormDto, body);
            return this.partner.recordAction(auth, id, {
              actedOn: form.actedOn,
              description: form.description,
            });
          }
          case 'documents':
            return this.partner.attach(auth, id, takeUpload(body ?? {}));
        }
      },
    );
  }

  @Post('referrals/:id/accept')
  @RequirePermission(Permission.PartnerRespond)
  @AuditedManually()
  accept(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
  ) {
    return this.act(req, reply, auth, id, body, 'accept');
  }

  @Post('referrals/:id/decline')
  @RequirePermission(Permission.PartnerRespond)
  @AuditedManually()
  decline(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
  ) {
    return this.act(req, reply, auth, id, body, 'decline');
  }

  @Post('referrals/:id/start')
  @RequirePermission(Permission.PartnerRespond)
  @AuditedManually()
  start(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
  ) {
    return this.act(req, reply, auth, id, body, 'start');
  }

  @Post('referrals/:id/complete')
  @RequirePermission(Permission.PartnerRespond)
  @AuditedManually()
  complete(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
  ) {
    return this.act(req, reply, auth, id, body, 'complete');
  }

  @Post('referrals/:id/actions')
  @RequirePermission(Permission.PartnerRespond)
  @AuditedManually()
  action(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
  ) {
    return this.act(req, reply, auth, id, body, 'actions');
  }

  @Post('referrals/:id/documents')
  @RequirePermission(Permission.PartnerRespond)
  @UploadRoute(DOCUMENT_UPLOAD)
  @AuditedManually()
  attach(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
  ) {
    return this.act(req, reply, auth, id, body, 'documents');
  }
}
