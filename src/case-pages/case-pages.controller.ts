import { formAction } from '../web/form-action';
import { Body, Controller, Get, HttpStatus, Param, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuditedManually } from '../platform/audit/audit.interceptor';
import { AuditService } from '../platform/audit/audit.service';
import { CurrentAuth, RequirePermission } from '../platform/auth/auth.decorators';
import { Permission, Role } from '../platform/auth/permissions';
import { CaseAccessService } from '../case/case-access.service';
import { CLOSURE_REASONS, RISK_LEVELS } from '../case/case.constants';
import { CasesService } from '../case/cases.service';
import { CaseListQueryDto } from '../case/dto/case.dto';
import { CASE_STAGES, TransitionName, TRANSITIONS } from '../case/workflow/case-workflow';
import { CaseWorkflowService } from '../case/workflow/case-workflow.service';
import { AppException } from '../platform/common/app.exception';
import { listControlsView, sortRefused } from '../platform/common/list-sort';
import { DEFAULT_PAGE_SIZE, paginationView } from '../platform/common/pagination';
import { CASE_LIST_SORT, caseSortColumnsFor } from '../case/case-list-sort';
import { AppRequest, AuthContext, Language, languageOf } from '../platform/common/request-context';
import { Translator } from '../platform/i18n/translator';
import { textOf, validateInput } from '../web/forms';
import { InstitutionsService } from '../institutions/institutions.service';
import { UsersService } from '../users/users.service';
import { CaseTracksView } from './case-tracks.view';
import { errorCodeOf, fieldMessages } from './case-pages.common';
import { AssignFormDto, CaseListPageQueryDto, TransitionFormDto } from './dto/case-page.dto';

/** Events per page of the case page's history. */
export const HISTORY_PAGE_SIZE = 25;

/** What "my cases" holds for a caller: assigned to them, registered by them, or both. */
function mineKindOf(auth: AuthContext): 'assigned' | 'registered' | 'both' {
  const assigned = auth.roles.includes(Role.Counselor);
  const registered = auth.roles.includes(Role.FrontDesk);
  return assigned && registered ? 'both' : registered ? 'registered' : 'assigned';
}

/** The stages a front desk can filter by: 'sheltered' and 'in_support' read as one neutral stage. */
const NEUTRAL_STAGE_FILTERS = CASE_STAGES.flatMap((s) =>
  s === 'sheltered' ? [] : s === 'in_support' ? ['in_service'] : [s],
);

/** What each workflow step asks for on the case page. */
const TRANSITION_INPUTS: Partial<Record<TransitionName, 'closure' | 'reason' | 'shelter'>> = {
  close: 'closure',
  reopen: 'reason',
  admit_to_shelter: 'shelter',
};

/**
 * The case list (and "my cases"), the case page with its actions, and the forms that post back to
 * it. Every read goes through CasesService / CaseWorkflowService, which keep the caller's scope.
 */
/** The section of the case page where a refused transition's missing step is taken. */
const HOW_ANCHORS: Record<string, string> = { REFERRAL_REQUIRED: 'referrals' };

@ApiExcludeController()
@Controller('cases')
export class CasePagesController {
  constructor(
    private readonly cases: CasesService,
    private readonly workflow: CaseWorkflowService,
    private readonly users: UsersService,
    private readonly institutions: InstitutionsService,
    private readonly tracks: CaseTracksView,
    private readonly access: CaseAccessService,
    private readonly audit: AuditService,
    private readonly translator: Translator,
  ) {}

  private async counselorOptions(selected: string | null | undefined) {
    const { items } = await this.users.list({ role: Role.Counselor, active: true, page: 1, pageSize: 100 });
    const options = items.map((u) => ({ id: u.id, name: u.displayName, selected: u.id === selected }));
    options.sort((a, b) => a.name.localeCompare(b.name));
    return options;
  }

  // ---- list ---------------------------------------------------------------------------------------

  private async listData(
    req: AppRequest,
    reply: FastifyReply,
    auth: AuthContext,
    raw: Record<string, unknown>,
    mine: boolean,
  ) {
    const base = mine ? '/cases/mine' : '/cases';
    const filters = {
      stage: textOf(raw.stage),
      counselorId: textOf(raw.counselorId),
      risk: textOf(raw.risk),
      child: textOf(raw.child),
      from: textOf(raw.from),
      to: textOf(raw.to),
      number: textOf(raw.number),
    };
    const canFilterCounselor = !mine && auth.permissions.has(Permission.CasesAssign);
    // The front desk filters only by what it sees: the neutral stage, no risk, no child status.
    const caseWorker = auth.roles.includes(Role.Coordinator) || auth.roles.includes(Role.Counselor);
    const common = {
      title: mine ? 'casepages.list.mineTitle' : 'casepages.list.title',
      mine,
      // What "my cases" means for the caller's roles (the page says it).
      mineKind: mineKindOf(auth),
      base,
      filters,
      stages: caseWorker ? CASE_STAGES : NEUTRAL_STAGE_FILTERS,
      riskLevels: caseWorker ? RISK_LEVELS : null,
      childFilter: caseWorker,
      counselors: canFilterCounselor ? await this.counselorOptions(filters.counselorId) : null,
      canCreate: auth.permissions.has(Permission.CasesCreate),
      // The filters shown on the form (an error on one of them links to it).
      filterFields: [
        'number',
        'stage',
        ...(canFilterCounselor ? ['counselorId'] : []),
        ...(caseWorker ? ['risk', 'child'] : []),
        'from',
        'to',
      ],
    };
    const sortable = caseSortColumnsFor(auth);
    const parsed = await validateInput(CaseListPageQueryDto, raw, 'query');
    const asked = parsed.value;
    // A sort column this reader may not use is refused like any bad filter value: beside its field.
    const refusal =
      parsed.error ??
      (asked?.sort && !(sortable as string[]).includes(asked.sort) ? sortRefused() : undefined);
    if (refusal || !asked) {
      const problem = fieldMessages(this.translator, languageOf(req), refusal!);
      reply.status(problem.status);
      const listing = listControlsView(
        CASE_LIST_SORT,
        base,
        { pageSize: DEFAULT_PAGE_SIZE },
        filters,
        sortable,
      );
      return { ...common, ...problem, listing, cases: [], pagination: null };
    }
    const q = asked;
    const query: CaseListQueryDto = {
      page: q.page ?? 1,
      pageSize: q.pageSize,
      stage: q.stage,
      counselorId: canFilterCounselor ? q.counselorId : undefined,
      risk: q.risk,
      child: q.child,
      from: q.from,
      to: q.to,
      number: q.number,
      mine: mine ? 'true' : undefined,
      sort: q.sort,
      dir: q.dir,
    };
    const result = await this.cases.list(auth, query);
    const { page: _page, pageSize: _size, mine: _mine, sort: _sort, dir: _dir, ...kept } = query;
    const listing = listControlsView(CASE_LIST_SORT, base, q, kept, sortable);
    const order = q.sort || q.dir ? { sort: q.sort, dir: q.dir } : {};
    return {
      ...common,
      listing,
      cases: result.items,
      total: result.total,
      pagination: paginationView(result.total, result.page, result.pageSize, base, { ...kept, ...order }),
    };
  }

  @Get()
  @RequirePermission(Permission.CasesRead)
  @Render('cases/list')
  list(
    @Req() req: AppRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Query() raw: Record<string, unknown>,
  ) {
    return this.listData(req, reply, auth, raw ?? {}, false);
  }

  @Get('mine')
  @RequirePermission(Permission.CasesMine)
  @Render('cases/list')
  mine(
    @Req() req: AppRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Query() raw: Record<string, unknown>,
  ) {
    return this.listData(req, reply, auth, raw ?? {}, true);
  }

  // ---- case page ----------------------------------------------------------------------------------

  private actionsView(
    lang: Language,
    stage: string,
    options: Awaited<ReturnType<CaseWorkflowService['options']>>['options'],
    caseWorker: boolean,
  ) {
    const notYourCase = !caseWorker;
    const allowed = options
      .filter((o) => o.allowed)
      .map((o) => ({ transition: o.transition, to: o.to, input: TRANSITION_INPUTS[o.transition] ?? null }));
    const blocked = notYourCase
      ? []
      : options
          .filter((o) => !o.allowed && (TRANSITIONS[o.transition].from as readonly string[]).includes(stage))
          .map((o) => ({
            transition: o.transition,
            to: o.to,
            reasons: o.reasons
              .filter((r) => r.code !== 'NOT_FROM_STAGE')
              .map((r) => ({
                text: this.translator.t(`errors.${r.code}`, lang, r.args ?? {}),
                // Where on this page the missing step is taken (e.g. the referral section), if anywhere.
                how: this.translator.has(`casepages.show.actions.how.${r.code}`, lang)
                  ? {
                      text: this.translator.t(`casepages.show.actions.how.${r.code}`, lang),
                      link: this.translator.t(`casepages.show.actions.howLink.${r.code}`, lang),
                      anchor: HOW_ANCHORS[r.code] ?? null,
                    }
                  : null,
              })),
          }));
    return { allowed, blocked, notYourCase, none: !allowed.length && !blocked.length && !notYourCase };
  }

  @Get(':id')
  @RequirePermission(Permission.CasesRead)
  @Render('cases/show')
  async show(
    @Req() req: AppRequest,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Query() query: Record<string, unknown>,
  ) {
    const lang = languageOf(req);
    const detail = await this.cases.detail(auth, id);
    const { case: c, options } = await this.workflow.options(auth, id);
    const canHistory = auth.permissions.has(Permission.CasesHistory);
    // The history, a page at a time: the latest page unless another is asked for (`?historyPage=`).
    const historyPages = Math.max(1, Math.ceil(detail.eventCount / HISTORY_PAGE_SIZE));
    const askedPage = /^\d{1,6}$/.test(String(query?.historyPage ?? '')) ? Number(query.historyPage) : 0;
    const historyPage = askedPage >= 1 ? Math.min(askedPage, historyPages) : historyPages;
    const [referringInstitution, registeredBy, history, verification] = await Promise.all([
      detail.referringInstitutionId
        ? this.institutions.get(detail.referringInstitutionId).catch(() => null)
        : Promise.resolve(null),
      this.users.findById(detail.registeredById),
      canHistory
        ? this.cases
            .history(auth, id, lang, { page: historyPage, pageSize: HISTORY_PAGE_SIZE })
            .catch(forbiddenAsNull)
        : Promise.resolve(null),
      canHistory ? this.cases.verify(auth, id).catch(forbiddenAsNull) : Promise.resolve(null),
    ]);
    const canAssign = auth.permissions.has(Permission.CasesAssign) && c.stage !== 'closed';
    // The correction page's own rules (CasesService.update): the permission, working on the case, open.
    const canCorrect =
      auth.permissions.has(Permission.CasesUpdate) && this.access.canWork(auth, c) && c.stage !== 'closed';
    const actions = this.actionsView(
      lang,
      c.stage,
      options,
      ['coordinator', 'counselor'].includes(detail.readerKind),
    );
    const tracks = await this.tracks.sections(auth, c.id, lang);
    const errorCode = errorCodeOf(this.translator, lang, query?.error);
    const caseRef = { id: c.id, number: c.number, stage: detail.stage, version: c.version };
    const reader = {
      caseWorker: ['coordinator', 'counselor'].includes(detail.readerKind),
      kind: detail.readerKind,
    };
    return {
      title: 'casepages.show.title',
      case: caseRef,
      detail,
      referringInstitutionName: referringInstitution?.name ?? null,
      registeredByName: registeredBy?.displayName ?? null,
      actions,
      closureReasons: CLOSURE_REASONS,
      // Safe houses with a free place, for admit_to_shelter (from the shelter section).
      safeHouses: tracks.shelter?.safeHouses ?? [],
      assign: canAssign ? { counselors: await this.counselorOptions(c.assignedCounselorId) } : null,
      canCorrect,
      reader,
      history: history?.items ?? null,
      historyPagination: history
        ? paginationView(
            history.total,
            history.page,
            history.pageSize,
            `/cases/${c.id}`,
            {},
            {
              pageParam: 'historyPage',
              fragment: 'history',
            },
          )
        : null,
      verification,
      errorKey: errorCode ? `errors.${errorCode}` : null,
      staleVersion: errorCode === 'VERSION_CONFLICT',
      ...tracks,
    };
  }

  // ---- forms that post back to the case page ------------------------------------------------------

  /**
   * Runs a case page form's action and answers with a 303 back to the case page: with a success
   * flash, or with `?error=<CODE>` when the input or a rule refused it. Not seeing the case (404) or
   * not being allowed (403) are not form problems: they go to the error page.
   */
  private formAction(
    req: AppRequest,
    reply: FastifyReply,
    opts: { caseId: string; section: string; action: Permission; flash: string },
    work: () => Promise<unknown>,
  ): Promise<void> {
    return formAction(
      reply,
      req,
      this.audit,
      {
        back: `/cases/${encodeURIComponent(opts.caseId)}`,
        anchor: opts.section,
        action: opts.action,
        flash: opts.flash,
        resourceId: opts.caseId,
      },
      work,
    );
  }

  @Post(':id/transitions')
  @RequirePermission(Permission.CasesTransition)
  @AuditedManually()
  async transition(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    const transition = textOf(body?.transition);
    const flash = TRANSITIONS[transition as TransitionName]
      ? `casepages.flash.transitions.${transition}`
      : 'casepages.flash.saved';
    await this.formAction(
      req,
      reply,
      { caseId: id, section: 'actions', action: Permission.CasesTransition, flash },
      async () => {
        const parsed = await validateInput(TransitionFormDto, body ?? {});
        if (parsed.error) throw parsed.error;
        const form = parsed.value;
        await this.workflow.fire(auth, id, form.transition as TransitionName, form.version, {
          reason: form.reason,
          closureReason: form.closureReason,
          safeHouseId: form.safeHouseId,
          plannedDays: form.plannedDays,
        });
      },
    );
  }

  @Post(':id/assignment')
  @RequirePermission(Permission.CasesAssign)
  @AuditedManually()
  async assignCounselor(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    const opts = {
      caseId: id,
      section: 'assign',
      action: Permission.CasesAssign,
      flash: 'casepages.flash.assigned',
    };
    await this.formAction(req, reply, opts, async () => {
      const parsed = await validateInput(AssignFormDto, body ?? {});
      if (parsed.error) throw parsed.error;
      await this.cases.assignCounselor(auth, id, parsed.value.counselorId, parsed.value.version);
    });
  }
}

/** A section the caller may not see (403) is left out of the page. */
function forbiddenAsNull(err: unknown): null {
  if (err instanceof AppException && err.getStatus() === HttpStatus.FORBIDDEN) return null;
  throw err;
}
