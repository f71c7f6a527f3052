import { Body, Controller, Get, Param, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuditedManually } from '../platform/audit/audit.interceptor';
import { AuditService } from '../platform/audit/audit.service';
import { CurrentAuth, RequirePermission } from '../platform/auth/auth.decorators';
import { Permission } from '../platform/auth/permissions';
import { DEFAULT_PAGE_SIZE, paginationView } from '../platform/common/pagination';
import { listControlsView } from '../platform/common/list-sort';
import { Translator } from '../platform/i18n/translator';
import { fieldMessages } from '../web/field-messages';
import { CLOSURE_REQUEST_LIST_SORT } from './closure-request-list-sort';
import { AppRequest, AuthContext, languageOf } from '../platform/common/request-context';
import { caseSectionFormAction, parseForm } from '../web/form-action';
import { validateInput } from '../web/forms';
import { CLOSURE_CHECKLIST } from './caseload.constants';
import { ClosureRequestsService } from './closure-requests.service';
import {
  ApproveClosureFormDto,
  ClosureRequestListPageQueryDto,
  RequestClosureFormDto,
  ReturnClosureFormDto,
} from './dto/closure-request.dto';

/** The closure request forms of the case page (section #closure) and the coordinators' list. */
@ApiExcludeController()
@Controller()
export class ClosurePagesController {
  constructor(
    private readonly closure: ClosureRequestsService,
    private readonly audit: AuditService,
    private readonly translator: Translator,
  ) {}

  @Get('closure-requests')
  @RequirePermission(Permission.ClosureApprove)
  @Render('caseload/closure-requests')
  async list(
    @Req() req: AppRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query() raw: Record<string, unknown>,
  ) {
    const base = {
      title: 'caseload.closure.listTitle',
      checklistSize: CLOSURE_CHECKLIST.length,
      filterFields: [] as string[],
    };
    const parsed = await validateInput(ClosureRequestListPageQueryDto, raw ?? {}, 'query');
    if (parsed.error) {
      const problem = fieldMessages(this.translator, languageOf(req), parsed.error);
      reply.status(problem.status);
      const listing = listControlsView(
        CLOSURE_REQUEST_LIST_SORT,
        '/closure-requests',
        { pageSize: DEFAULT_PAGE_SIZE },
        {},
      );
      return { ...base, ...problem, listing, requests: [], pagination: null };
    }
    const q = parsed.value;
    const page = await this.closure.pendingList(q);
    return {
      ...base,
      requests: page.items,
      listing: listControlsView(CLOSURE_REQUEST_LIST_SORT, '/closure-requests', q, {}),
      pagination: paginationView(page.total, page.page, page.pageSize, '/closure-requests', {
        sort: q.sort,
        dir: q.dir,
      }),
    };
  }

  private back(
    req: AppRequest,
    reply: FastifyReply,
    id: string,
    action: Permission,
    flash: string,
    work: () => Promise<unknown>,
  ): Promise<void> {
    return caseSectionFormAction(
      reply,
      req,
      this.audit,
      { caseId: id, anchor: 'closure', action, flash },
      work,
    );
  }

  @Post('cases/:id/closure-request')
  @RequirePermission(Permission.ClosureRequest)
  @AuditedManually()
  request(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    return this.back(
      req,
      reply,
      id,
      Permission.ClosureRequest,
      'caseload.closure.flash.requested',
      async () => {
        const form = await parseForm(RequestClosureFormDto, body);
        await this.closure.request(auth, id, form);
      },
    );
  }

  @Post('cases/:id/closure-request/approve')
  @RequirePermission(Permission.ClosureApprove)
  @AuditedManually()
  approve(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    return this.back(
      req,
      reply,
      id,
      Permission.ClosureApprove,
      'caseload.closure.flash.approved',
      async () => {
        const form = await parseForm(ApproveClosureFormDto, body);
        await this.closure.approve(auth, id, form.version);
      },
    );
  }

  @Post('cases/:id/closure-request/return')
  @RequirePermission(Permission.ClosureApprove)
  @AuditedManually()
  giveBack(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    return this.back(
      req,
      reply,
      id,
      Permission.ClosureApprove,
      'caseload.closure.flash.returned',
      async () => {
        const form = await parseForm(ReturnClosureFormDto, body);
        await this.closure.giveBack(auth, id, form.comment);
      },
    );
  }
}
