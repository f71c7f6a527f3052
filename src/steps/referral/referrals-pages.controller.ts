import { Body, Controller, Get, Param, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuditedManually } from '../../platform/audit/audit.interceptor';
import { AuditService } from '../../platform/audit/audit.service';
import { CurrentAuth, RequirePermission } from '../../platform/auth/auth.decorators';
import { Permission } from '../../platform/auth/permissions';
import { AppException } from '../../platform/common/app.exception';
import { listControlsView } from '../../platform/common/list-sort';
import { DEFAULT_PAGE_SIZE, paginationView } from '../../platform/common/pagination';
import { fieldMessages } from '../../web/field-messages';
import { REFERRAL_LIST_SORT } from './referral-list-sort';
import { AppRequest, AuthContext, languageOf } from '../../platform/common/request-context';
import { assertUuid } from '../../platform/common/uuid';
import { setFlash } from '../../web/flash';
import { Translator } from '../../platform/i18n/translator';
import { textOf, validateInput } from '../../web/forms';
import { SERVICE_ROLES } from '../../institutions/service-roles';
import { ConsentPart, ConsentService } from './consent.service';
import {
  ConsentFormDto,
  ConsentOverrideFormDto,
  StatisticsConsentFormDto,
  WithdrawConsentFormDto,
  WithdrawConsentPartFormDto,
  WithdrawConsentPartQueryDto,
  consentPartOf,
} from './dto/consent.dto';
import {
  CreateReferralFormDto,
  ReferralListPageQueryDto,
  ReferralReasonFormDto,
  ReferralSettingsFormDto,
  ReferralVersionFormDto,
} from './dto/referral.dto';
import { NotificationPageQueryDto } from '../../notifications/dto/notification.dto';
import { NOTIFICATION_LIST_SORT } from '../../notifications/notification-list-sort';
import { toNotificationDto } from '../../notifications/notifications-api.controller';
import { NotificationsService } from '../../notifications/notifications.service';
import { auditedLookup, formAction, pageError, parseForm } from '../../web/form-action';
import { sendFile } from './file-store.service';
import { ReferralSettingsService } from './referral-settings.service';
import { REFERRAL_STATUSES, URGENCIES } from './referral.constants';
import { ReferralsService } from './referrals.service';
import { DOCUMENT_UPLOAD, fieldsOf, hasUpload, takeUpload, UploadRoute } from '../../web/multipart';
import { EventSummaries } from '../../case/event-summaries';

/**
 * The staff's referral pages: the sent-referrals list with overdue marks, the approval setting, the
 * forms of the case page's referral and consent sections (they post back to the case page), the
 * document and scan downloads, and the notifications page.
 */
@ApiExcludeController()
@Controller()
export class ReferralsPagesController {
  constructor(
    private readonly referrals: ReferralsService,
    private readonly consents: ConsentService,
    private readonly settings: ReferralSettingsService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly translator: Translator,
    private readonly summaries: EventSummaries,
  ) {}

  // ---- the list ---------------------------------------------------------------------------------

  @Get('referrals')
  @RequirePermission(Permission.ReferralsRead)
  @Render('referrals/list')
  async list(
    @Req() req: AppRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Query() raw: Record<string, unknown>,
  ) {
    const base = {
      title: 'referrals.list.title',
      filters: {
        status: textOf(raw.status),
        serviceRole: textOf(raw.serviceRole),
        overdue: textOf(raw.overdue),
        urgency: textOf(raw.urgency),
      },
      statuses: REFERRAL_STATUSES,
      serviceRoles: SERVICE_ROLES,
      urgencies: URGENCIES,
      canSettings: auth.permissions.has(Permission.ReferralSettingsManage),
      filterFields: ['status', 'serviceRole', 'urgency', 'overdue'],
    };
    const parsed = await validateInput(ReferralListPageQueryDto, raw, 'query');
    if (parsed.error) {
      const problem = fieldMessages(this.translator, languageOf(req), parsed.error);
      reply.status(problem.status);
      const listing = listControlsView(
        REFERRAL_LIST_SORT,
        '/referrals',
        { pageSize: DEFAULT_PAGE_SIZE },
        base.filters,
      );
      return { ...base, ...problem, listing, referrals: [], pagination: null };
    }
    const q = parsed.value;
    const page = await this.referrals.list(auth, q);
    const kept = { status: q.status, serviceRole: q.serviceRole, overdue: q.overdue, urgency: q.urgency };
    return {
      ...base,
      listing: listControlsView(REFERRAL_LIST_SORT, '/referrals', q, kept),
      referrals: page.items,
      pagination: paginationView(page.total, q.page, q.pageSize, '/referrals', {
        ...kept,
        sort: q.sort,
        dir: q.dir,
      }),
    };
  }

  // ---- settings -----------------------------------------------------------------------------------

  @Get('referrals/settings')
  @RequirePermission(Permission.ReferralSettingsManage)
  @Render('referrals/settings')
  async settingsPage(@Query('error') error: unknown) {
    return {
      title: 'referrals.settings.title',
      settings: await this.settings.get(),
      errorKey: pageError(this.translator, error),
    };
  }

  @Post('referrals/settings')
  @RequirePermission(Permission.ReferralSettingsManage)
  @AuditedManually()
  async saveSettings(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Body() body: Record<string, unknown>,
  ) {
    await formAction(
      reply,
      req,
      this.audit,
      {
        back: '/referrals/settings',
        action: Permission.ReferralSettingsManage,
        flash: 'referrals.settings.saved',
        resourceId: null,
      },
      async () => {
        const form = await parseForm(ReferralSettingsFormDto, { approvalRequired: false, ...body });
        return this.settings.update(auth, { approvalRequired: form.approvalRequired }, form.version);
      },
    );
  }

  // ---- referral forms of the case page ---------------------------------------------------------------

  @Post('cases/:id/referrals')
  @RequirePermission(Permission.ReferralsWrite)
  @AuditedManually()
  async create(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
  ) {
    assertUuid(id);
    await formAction(
      reply,
      req,
      this.audit,
      {
        back: `/cases/${id}/referrals`,
        anchor: 'referrals',
        action: Permission.ReferralsWrite,
        flash: 'referrals.flash.created',
        resourceId: id,
      },
      async () => {
        const form = await parseForm(CreateReferralFormDto, { categories: [], ...body });
        const { _csrf: _c, ...input } = form;
        return this.referrals.create(auth, id, input);
      },
    );
  }

  private async senderAction(
    req: AppRequest,
    reply: FastifyReply,
    auth: AuthContext,
    id: string,
    body: Record<string, unknown>,
    action: 'approve' | 'cancel' | 'revoke',
  ): Promise<void> {
    const permission = action === 'approve' ? Permission.ReferralsApprove : Permission.ReferralsWrite;
    const r = await auditedLookup(this.audit, req, permission, id, () => this.referrals.get(auth, id));
    await formAction(
      reply,
      req,
      this.audit,
      {
        back: `/cases/${r.caseId}/referrals`,
        anchor: 'referrals',
        action: permission,
        flash: `referrals.flash.${action}`,
        resourceId: id,
      },
      async () => {
        if (action === 'approve') {
          const form = await parseForm(ReferralVersionFormDto, body);
          return this.referrals.approve(auth, id, form.version);
        }
        const form = await parseForm(ReferralReasonFormDto, body);
        return action === 'cancel'
          ? this.referrals.cancel(auth, id, form.version, form.reason)
          : this.referrals.revoke(auth, id, form.version, form.reason);
      },
    );
  }

  @Post('referrals/:id/approve')
  @RequirePermission(Permission.ReferralsApprove)
  @AuditedManually()
  approve(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
  ) {
    return this.senderAction(req, reply, auth, id, body, 'approve');
  }

  @Post('referrals/:id/cancel')
  @RequirePermission(Permission.ReferralsWrite)
  @AuditedManually()
  cancel(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
  ) {
    return this.senderAction(req, reply, auth, id, body, 'cancel');
  }

  @Post('referrals/:id/revoke')
  @RequirePermission(Permission.ReferralsWrite)
  @AuditedManually()
  revoke(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
  ) {
    return this.senderAction(req, reply, auth, id, body, 'revoke');
  }

  @Get('referrals/:id/documents/:documentId')
  @RequirePermission(Permission.ReferralsRead)
  async document(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Param('documentId') documentId: string,
    @Res() reply: FastifyReply,
  ) {
    const { file, data } = await this.referrals.document(auth, id, documentId);
    await sendFile(reply, file, data);
  }

  // ---- consent forms of the case page -----------------------------------------------------------------

  @Post('cases/:id/consents')
  @RequirePermission(Permission.ConsentWrite)
  @UploadRoute(DOCUMENT_UPLOAD)
  @AuditedManually()
  async recordConsent(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
  ) {
    assertUuid(id);
    await formAction(
      reply,
      req,
      this.audit,
      {
        back: `/cases/${id}/referrals`,
        anchor: 'consent',
        action: Permission.ConsentWrite,
        flash: 'referrals.flash.consentRecorded',
        resourceId: id,
      },
      async () => {
        const raw = body ?? {};
        // The scan first: a file refused while it streamed in left the fields after it unread.
        const scan = hasUpload(raw) ? takeUpload(raw) : undefined;
        const form = await parseForm(ConsentFormDto, {
          serviceRoles: [],
          institutionIds: [],
          categories: [],
          ...fieldsOf(raw),
        });
        if (form.method === 'signed_form' && !scan) throw AppException.rule('CONSENT_SCAN_REQUIRED');
        const { _csrf: _c, ...input } = form;
        return this.consents.record(auth, id, input, scan);
      },
    );
  }

  @Post('cases/:id/consent-overrides')
  @RequirePermission(Permission.ConsentOverride)
  @AuditedManually()
  async override(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
  ) {
    assertUuid(id);
    await formAction(
      reply,
      req,
      this.audit,
      {
        back: `/cases/${id}/referrals`,
        anchor: 'consent',
        action: Permission.ConsentOverride,
        flash: 'referrals.flash.overrideRecorded',
        resourceId: id,
      },
      async () => {
        const form = await parseForm(ConsentOverrideFormDto, {
          serviceRoles: [],
          institutionIds: [],
          categories: [],
          ...body,
        });
        const { _csrf: _c, ...input } = form;
        return this.consents.override(auth, id, input);
      },
    );
  }

  @Post('cases/:id/statistics-consent')
  @RequirePermission(Permission.ConsentWrite)
  @AuditedManually()
  async statistics(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
  ) {
    assertUuid(id);
    await formAction(
      reply,
      req,
      this.audit,
      {
        back: `/cases/${id}/referrals`,
        anchor: 'consent',
        action: Permission.ConsentWrite,
        flash: 'referrals.flash.statisticsSaved',
        resourceId: id,
      },
      async () => {
        const form = await parseForm(StatisticsConsentFormDto, { included: false, ...body });
        return this.consents.setStatistics(auth, id, form.included, form.version);
      },
    );
  }

  @Post('consents/:id/withdraw')
  @RequirePermission(Permission.ConsentWrite)
  @AuditedManually()
  async withdraw(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
  ) {
    const k = await auditedLookup(this.audit, req, Permission.ConsentWrite, id, () =>
      this.consents.get(auth, id),
    );
    await formAction(
      reply,
      req,
      this.audit,
      {
        back: `/cases/${k.caseId}/referrals`,
        anchor: 'consent',
        action: Permission.ConsentWrite,
        flash: 'referrals.flash.consentWithdrawn',
        resourceId: id,
      },
      async () => {
        const form = await parseForm(WithdrawConsentFormDto, body);
        return this.consents.withdraw(auth, id, form.version, form.reason);
      },
    );
  }

  /**
   * The confirmation page of a partial withdrawal: without a part, the parts to choose from; with
   * `?serviceRole=` or `?institutionId=`, what it would end and what goes on, and the form.
   */
  @Get('consents/:id/withdraw-part')
  @RequirePermission(Permission.ConsentWrite)
  @Render('referrals/consent-withdraw-part')
  async withdrawPartPage(
    @Req() req: AppRequest,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Query() raw: Record<string, unknown>,
  ) {
    const lang = languageOf(req);
    const asked = textOf(raw.serviceRole) !== '' || textOf(raw.institutionId) !== '';
    let part: ConsentPart | null = null;
    if (asked) {
      const parsed = await validateInput(WithdrawConsentPartQueryDto, raw, 'query');
      if (parsed.error) throw parsed.error;
      part = consentPartOf(parsed.value);
    }
    const preview = await this.consents.withdrawPartPreview(auth, id, part);
    const chosen = preview.chosen;
    return {
      title: 'referrals.consent.partWithdraw.title',
      preview,
      partLabel: chosen
        ? chosen.serviceRole
          ? this.translator.t(`referrals.serviceRoles.${chosen.serviceRole}`, lang)
          : (chosen.institution?.name ?? '')
        : null,
    };
  }

  @Post('consents/:id/withdraw-part')
  @RequirePermission(Permission.ConsentWrite)
  @AuditedManually()
  async withdrawPart(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
  ) {
    const k = await auditedLookup(this.audit, req, Permission.ConsentWrite, id, () =>
      this.consents.get(auth, id),
    );
    await formAction(
      reply,
      req,
      this.audit,
      {
        back: `/cases/${k.caseId}/referrals`,
        anchor: 'consent',
        action: Permission.ConsentWrite,
        flash: 'referrals.flash.consentPartWithdrawn',
        resourceId: id,
      },
      async () => {
        const form = await parseForm(WithdrawConsentPartFormDto, body);
        return this.consents.withdrawPart(auth, id, form.version, consentPartOf(form), form.reason);
      },
    );
  }

  @Post('consents/:id/scan')
  @RequirePermission(Permission.ConsentWrite)
  @UploadRoute(DOCUMENT_UPLOAD)
  @AuditedManually()
  async uploadScan(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
  ) {
    const k = await auditedLookup(this.audit, req, Permission.ConsentWrite, id, () =>
      this.consents.get(auth, id),
    );
    await formAction(
      reply,
      req,
      this.audit,
      {
        back: `/cases/${k.caseId}/referrals`,
        anchor: 'consent',
        action: Permission.ConsentWrite,
        flash: 'referrals.flash.scanUploaded',
        resourceId: id,
      },
      () => this.consents.uploadScan(auth, id, takeUpload(body ?? {})),
    );
  }

  @Get('consents/:id/scan')
  @RequirePermission(Permission.ConsentRead)
  async scan(@CurrentAuth() auth: AuthContext, @Param('id') id: string, @Res() reply: FastifyReply) {
    const { file, data } = await this.consents.scan(auth, id);
    await sendFile(reply, file, data);
  }

  // ---- notifications ------------------------------------------------------------------------------

  @Get('notifications')
  @RequirePermission(Permission.NotificationsRead)
  @Render('referrals/notifications')
  async notificationsPage(
    @Req() req: AppRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Query() raw: Record<string, unknown>,
  ) {
    const base = {
      title: 'referrals.notifications.title',
      unreadOnly: textOf(raw.unread) === 'true',
      filterFields: [] as string[],
    };
    const parsed = await validateInput(NotificationPageQueryDto, raw, 'query');
    if (parsed.error) {
      const problem = fieldMessages(this.translator, languageOf(req), parsed.error);
      reply.status(problem.status);
      const listing = listControlsView(
        NOTIFICATION_LIST_SORT,
        '/notifications',
        { pageSize: DEFAULT_PAGE_SIZE },
        { unread: base.unreadOnly ? 'true' : undefined },
      );
      return { ...base, ...problem, listing, notifications: [], pagination: null, toggleUrl: null };
    }
    const q = parsed.value;
    const page = await this.notifications.list(auth.userId, q);
    const lang = languageOf(req);
    const listing = listControlsView(NOTIFICATION_LIST_SORT, '/notifications', q, { unread: q.unread });
    // The "unread only" / "all" switch keeps the chosen order and page size.
    const toggle = new URLSearchParams(
      listing.keepForFilters.map((k): [string, string] => [k.name, k.value]),
    );
    if (!q.unread) toggle.set('unread', 'true');
    const toggleQuery = toggle.toString();
    return {
      ...base,
      notifications: page.items.map((n) => toNotificationDto(this.summaries, n, lang)),
      listing,
      toggleUrl: toggleQuery ? `/notifications?${toggleQuery}` : '/notifications',
      pagination: paginationView(page.total, q.page, q.pageSize, '/notifications', {
        unread: q.unread,
        sort: q.sort,
        dir: q.dir,
      }),
    };
  }

  @Post('notifications/read-all')
  @RequirePermission(Permission.NotificationsRead)
  async readAll(@Res() reply: FastifyReply, @CurrentAuth() auth: AuthContext) {
    await this.notifications.markAllRead(auth.userId);
    setFlash(reply, 'success', 'referrals.notifications.flash.allRead');
    await reply.redirect('/notifications', 303);
  }

  /** Marks it read and opens what it is about (where access is checked again). */
  @Post('notifications/:id/read')
  @RequirePermission(Permission.NotificationsRead)
  async read(@Res() reply: FastifyReply, @CurrentAuth() auth: AuthContext, @Param('id') id: string) {
    const n = await this.notifications.markRead(auth.userId, id);
    await reply.redirect(n.link.startsWith('/') && !n.link.startsWith('//') ? n.link : '/notifications', 303);
  }
}
