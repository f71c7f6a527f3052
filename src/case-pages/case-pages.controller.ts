import { caseSectionFormAction } from '../web/form-action';
import { Body, Controller, Get, HttpStatus, Param, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuditedManually } from '../platform/audit/audit.interceptor';
import { AuditService } from '../platform/audit/audit.service';
import { CurrentAuth, RequirePermission } from '../platform/auth/auth.decorators';
import { Permission, Role } from '../platform/auth/permissions';
import { CaseAccessService } from '../case/case-access.service';
import { CLOSURE_REASONS, QUICK_INTAKE, RISK_LEVELS } from '../case/case.constants';
import { CasesService } from '../case/cases.service';
import { CaseDetailDto, CaseListQueryDto } from '../case/dto/case.dto';
import { CASE_STAGES, TransitionName, TRANSITIONS } from '../case/workflow/case-workflow';
import { CaseWorkflowService } from '../case/workflow/case-workflow.service';
import { AppException, fieldProblem } from '../platform/common/app.exception';
import { CaseFlagsService } from '../case/flags/case-flags.service';
import { flagLabel, flagLabels } from '../case/flags/flag-label';
import { listControlsView, sortRefused } from '../platform/common/list-sort';
import { DEFAULT_PAGE_SIZE, paginationView } from '../platform/common/pagination';
import { CASE_LIST_SORT, caseSortColumnsFor } from '../case/case-list-sort';
import { AppRequest, AuthContext, Language, languageOf } from '../platform/common/request-context';
import { Translator } from '../platform/i18n/translator';
import { textOf, validateInput } from '../web/forms';
import { InstitutionsService } from '../institutions/institutions.service';
import { UsersService } from '../users/users.service';
import { CaseTracksView } from './case-tracks.view';
import { errorCodeOf, fieldMessages, missingIntakeFields } from './case-pages.common';
import { AssignFormDto, CaseListPageQueryDto, TransitionFormDto } from './dto/case-page.dto';

/** Events per page of the case page's history. */
export const HISTORY_PAGE_SIZE = 25;
/** Entries of the incident chronology the incident section shows (the chronology page has them all). */
const CHRONOLOGY_PREVIEW = 3;
/** Events the overview shows of the latest history. */
const RECENT_HISTORY_SIZE = 5;

/** The case page's sections, each a page of its own: the overview at `/cases/:id`, the others below it. */
export const CASE_SECTIONS = [
  'overview',
  'people',
  'incident',
  'counseling',
  'shelter',
  'services',
  'conferences',
  'referrals',
  'recovery',
  'history',
  'documents',
] as const;
export type CaseSection = (typeof CASE_SECTIONS)[number];

/** The address of a section of the case page. */
export function sectionPath(caseId: string, section: CaseSection): string {
  return section === 'overview' ? `/cases/${caseId}` : `/cases/${caseId}/${section}`;
}

type PageQuery = Record<string, unknown>;

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
const HOW_ANCHORS: Record<string, CaseSection> = { REFERRAL_REQUIRED: 'referrals' };

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
    private readonly flags: CaseFlagsService,
  ) {}

  /** The overview's flags section in the reader's words (null for those who do not work on the case). */
  private async flagsView(auth: AuthContext, caseId: string, lang: Language) {
    const section = await this.flags.section(auth, caseId);
    if (!section) return null;
    const label = (kind: string) => flagLabel(this.translator, lang, kind);
    return {
      ...section,
      active: section.active.map((f) => ({ ...f, label: label(f.kind) })),
      removed: section.removed.map((f) => ({ ...f, label: label(f.kind) })),
      kinds: flagLabels(this.translator, lang, section.kinds),
    };
  }

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
      flag: textOf(raw.flag),
    };
    const canFilterCounselor = !mine && auth.permissions.has(Permission.CasesAssign);
    const flagKinds = await this.flags.kinds();
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
      // Flags are case facts for case workers (disclosure facet `case.flags`): the desk cannot filter by them.
      flagKinds: caseWorker ? flagLabels(this.translator, languageOf(req), flagKinds) : null,
      counselors: canFilterCounselor ? await this.counselorOptions(filters.counselorId) : null,
      canCreate: auth.permissions.has(Permission.CasesCreate),
      // The filters shown on the form (an error on one of them links to it).
      filterFields: [
        'number',
        'stage',
        ...(canFilterCounselor ? ['counselorId'] : []),
        ...(caseWorker ? ['risk', 'child', 'flag'] : []),
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
      (asked?.sort && !(sortable as string[]).includes(asked.sort) ? sortRefused() : undefined) ??
      (asked?.flag && !(caseWorker && flagKinds.includes(asked.flag))
        ? fieldProblem('flag', 'isIn')
        : undefined);
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
      flag: q.flag,
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
      cases: result.items.map((c) => ({
        ...c,
        flagBadges: flagLabels(this.translator, languageOf(req), c.flags),
      })),
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
                // The section of the case page where the missing step is taken (e.g. referrals), if any.
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

  /** The case page's sections the reader may open, in order, for the section navigation. */
  private sectionNav(
    caseId: string,
    current: CaseSection,
    tracks: Awaited<ReturnType<CaseTracksView['sections']>>,
    canHistory: boolean,
  ) {
    const shown: Record<CaseSection, boolean> = {
      overview: true,
      people: true,
      incident: true,
      counseling: !!tracks.counseling,
      shelter: !!tracks.shelter,
      services: !!tracks.services,
      conferences: !!tracks.conferences,
      referrals: !!(tracks.consent || tracks.referrals),
      recovery: !!tracks.referrals,
      history: canHistory,
      documents: true,
    };
    return CASE_SECTIONS.filter((key) => shown[key] || key === current).map((key) => ({
      key,
      href: sectionPath(caseId, key),
      current: key === current,
    }));
  }

  /**
   * A case registered by the quick intake: what the full intake would have asked and is still empty
   * (as this reader sees the case), to be completed through "Correct details" (null: nothing to say).
   */
  private completeIntakeView(lang: Language, detail: CaseDetailDto, canCorrect: boolean) {
    if (detail.intakeMode !== QUICK_INTAKE) return null;
    // Only readers who see the fields can tell them missing (the registrar: as typed at this intake).
    if (!['coordinator', 'counselor', 'registrar'].includes(detail.readerKind)) return null;
    const missing = missingIntakeFields(detail);
    if (!missing.length) return null;
    return {
      missing: missing.map((f) => this.translator.t(`casepages.fields.${f}`, lang)),
      canComplete: canCorrect,
    };
  }

  /** The latest events, newest first: the last history page, topped up from the one before it. */
  private async latestEvents(
    auth: AuthContext,
    id: string,
    lang: Language,
    last: { items: unknown[] },
    lastPage: number,
  ) {
    let items = [...last.items];
    if (items.length < RECENT_HISTORY_SIZE && lastPage > 1) {
      const before = await this.cases.history(auth, id, lang, {
        page: lastPage - 1,
        pageSize: RECENT_HISTORY_SIZE,
      });
      items = [...before.items, ...items].slice(-RECENT_HISTORY_SIZE);
    }
    return items.reverse();
  }

  /**
   * One section of the case page (the overview at `/cases/:id`, the others at `/cases/:id/<section>`):
   * the same reads as the whole page once made, each through the caller's scope, rendering only the
   * section asked for. A section the reader may not see says so (as the whole page left it out).
   */
  private async page(
    req: AppRequest,
    auth: AuthContext,
    id: string,
    query: Record<string, unknown> | undefined,
    section: CaseSection,
  ) {
    const lang = languageOf(req);
    const detail = await this.cases.detail(auth, id);
    const { case: c, options } = await this.workflow.options(auth, id);
    const canHistory = auth.permissions.has(Permission.CasesHistory);
    const tracks = await this.tracks.sections(auth, c.id, lang);
    const errorCode = errorCodeOf(this.translator, lang, query?.error);
    const caseRef = { id: c.id, number: c.number, stage: detail.stage, version: c.version };
    const reader = {
      caseWorker: ['coordinator', 'counselor'].includes(detail.readerKind),
      kind: detail.readerKind,
    };
    const common = {
      title: 'casepages.show.title',
      section,
      sectionUrl: sectionPath(c.id, section),
      sectionNav: this.sectionNav(c.id, section, tracks, canHistory),
      case: caseRef,
      detail,
      reader,
      errorKey: errorCode ? `errors.${errorCode}` : null,
      staleVersion: errorCode === 'VERSION_CONFLICT',
      ...tracks,
    };
    // The correction page's own rules (CasesService.update): the permission, working on the case, open.
    const canCorrect =
      auth.permissions.has(Permission.CasesUpdate) && this.access.canWork(auth, c) && c.stage !== 'closed';
    switch (section) {
      case 'overview': {
        const canAssign = auth.permissions.has(Permission.CasesAssign) && c.stage !== 'closed';
        const recentPage = Math.max(1, Math.ceil(detail.eventCount / RECENT_HISTORY_SIZE));
        const [referringInstitution, registeredBy, recent] = await Promise.all([
          detail.referringInstitutionId
            ? this.institutions.get(detail.referringInstitutionId).catch(() => null)
            : Promise.resolve(null),
          this.users.findById(detail.registeredById),
          canHistory
            ? this.cases
                .history(auth, id, lang, { page: recentPage, pageSize: RECENT_HISTORY_SIZE })
                .catch(forbiddenAsNull)
            : Promise.resolve(null),
        ]);
        return {
          ...common,
          referringInstitutionName: referringInstitution?.name ?? null,
          registeredByName: registeredBy?.displayName ?? null,
          actions: this.actionsView(lang, c.stage, options, reader.caseWorker),
          closureReasons: CLOSURE_REASONS,
          // Safe houses with a free place, for admit_to_shelter (from the shelter section).
          safeHouses: tracks.shelter?.safeHouses ?? [],
          assign: canAssign ? { counselors: await this.counselorOptions(c.assignedCounselorId) } : null,
          recentHistory: recent ? await this.latestEvents(auth, id, lang, recent, recentPage) : null,
          completeIntake: this.completeIntakeView(lang, detail, canCorrect),
          flagBadges: flagLabels(this.translator, lang, detail.flags),
          flags: await this.flagsView(auth, id, lang),
        };
      }
      case 'people':
        return { ...common, canCorrect };
      case 'incident': {
        // The first entries of the incident chronology; the whole of it is on its own page.
        const chronology = tracks.chronology;
        const more = chronology && chronology.entries.length > CHRONOLOGY_PREVIEW;
        return {
          ...common,
          canCorrect,
          chronology: more
            ? { ...chronology, entries: chronology.entries.slice(0, CHRONOLOGY_PREVIEW) }
            : chronology,
          chronologyMore: more
            ? { total: chronology.entries.length, url: `/cases/${c.id}/chronology` }
            : null,
        };
      }
      case 'history': {
        // The history, a page at a time: the latest page unless another is asked for (`?historyPage=`).
        const historyPages = Math.max(1, Math.ceil(detail.eventCount / HISTORY_PAGE_SIZE));
        const askedPage = /^\d{1,6}$/.test(String(query?.historyPage ?? '')) ? Number(query?.historyPage) : 0;
        const historyPage = askedPage >= 1 ? Math.min(askedPage, historyPages) : historyPages;
        const [history, verification] = await Promise.all([
          canHistory
            ? this.cases
                .history(auth, id, lang, { page: historyPage, pageSize: HISTORY_PAGE_SIZE })
                .catch(forbiddenAsNull)
            : Promise.resolve(null),
          canHistory ? this.cases.verify(auth, id).catch(forbiddenAsNull) : Promise.resolve(null),
        ]);
        return {
          ...common,
          unavailable: !history,
          history: history?.items ?? null,
          historyPagination: history
            ? paginationView(
                history.total,
                history.page,
                history.pageSize,
                sectionPath(c.id, 'history'),
                {},
                {
                  pageParam: 'historyPage',
                  fragment: 'history',
                },
              )
            : null,
          verification,
        };
      }
      case 'documents': {
        const hasDocuments =
          !!tracks.chronology?.canPrint ||
          !!tracks.conferences?.conferences.length ||
          !!tracks.consent?.consents.some((k) => k.hasScan) ||
          !!tracks.referrals?.referrals.some((r) => r.documents.length);
        return { ...common, hasDocuments };
      }
      case 'referrals':
        return { ...common, unavailable: !tracks.consent && !tracks.referrals };
      case 'recovery':
        return { ...common, unavailable: !tracks.referrals };
      default:
        return { ...common, unavailable: !tracks[section] };
    }
  }

  @Get(':id')
  @RequirePermission(Permission.CasesRead)
  @Render('cases/show')
  show(
    @Req() req: AppRequest,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Query() q: PageQuery,
  ) {
    return this.page(req, auth, id, q, 'overview');
  }

  @Get(':id/people')
  @RequirePermission(Permission.CasesRead)
  @Render('cases/show')
  people(
    @Req() req: AppRequest,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Query() q: PageQuery,
  ) {
    return this.page(req, auth, id, q, 'people');
  }

  @Get(':id/incident')
  @RequirePermission(Permission.CasesRead)
  @Render('cases/show')
  incident(
    @Req() req: AppRequest,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Query() q: PageQuery,
  ) {
    return this.page(req, auth, id, q, 'incident');
  }

  @Get(':id/counseling')
  @RequirePermission(Permission.CasesRead)
  @Render('cases/show')
  counseling(
    @Req() req: AppRequest,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Query() q: PageQuery,
  ) {
    return this.page(req, auth, id, q, 'counseling');
  }

  @Get(':id/shelter')
  @RequirePermission(Permission.CasesRead)
  @Render('cases/show')
  shelter(
    @Req() req: AppRequest,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Query() q: PageQuery,
  ) {
    return this.page(req, auth, id, q, 'shelter');
  }

  @Get(':id/services')
  @RequirePermission(Permission.CasesRead)
  @Render('cases/show')
  services(
    @Req() req: AppRequest,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Query() q: PageQuery,
  ) {
    return this.page(req, auth, id, q, 'services');
  }

  @Get(':id/conferences')
  @RequirePermission(Permission.CasesRead)
  @Render('cases/show')
  conferences(
    @Req() req: AppRequest,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Query() q: PageQuery,
  ) {
    return this.page(req, auth, id, q, 'conferences');
  }

  @Get(':id/referrals')
  @RequirePermission(Permission.CasesRead)
  @Render('cases/show')
  referrals(
    @Req() req: AppRequest,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Query() q: PageQuery,
  ) {
    return this.page(req, auth, id, q, 'referrals');
  }

  @Get(':id/recovery')
  @RequirePermission(Permission.CasesRead)
  @Render('cases/show')
  recovery(
    @Req() req: AppRequest,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Query() q: PageQuery,
  ) {
    return this.page(req, auth, id, q, 'recovery');
  }

  @Get(':id/history')
  @RequirePermission(Permission.CasesRead)
  @Render('cases/show')
  history(
    @Req() req: AppRequest,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Query() q: PageQuery,
  ) {
    return this.page(req, auth, id, q, 'history');
  }

  @Get(':id/documents')
  @RequirePermission(Permission.CasesRead)
  @Render('cases/show')
  documents(
    @Req() req: AppRequest,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Query() q: PageQuery,
  ) {
    return this.page(req, auth, id, q, 'documents');
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
    return caseSectionFormAction(
      reply,
      req,
      this.audit,
      { caseId: opts.caseId, anchor: opts.section, action: opts.action, flash: opts.flash },
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
