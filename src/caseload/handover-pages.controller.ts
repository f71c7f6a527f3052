import { Body, Controller, Get, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CasesService } from '../case/cases.service';
import { AuditedManually } from '../platform/audit/audit.interceptor';
import { AuditService } from '../platform/audit/audit.service';
import { CurrentAuth, RequirePermission } from '../platform/auth/auth.decorators';
import { Permission, Role } from '../platform/auth/permissions';
import { AppRequest, AuthContext } from '../platform/common/request-context';
import { Translator } from '../platform/i18n/translator';
import { pageError, runForm } from '../web/form-action';
import { textOf, validateInput } from '../web/forms';
import { renderPage } from '../web/page-kit';
import { UsersService } from '../users/users.service';
import { HANDOVER_MAX_CASES } from './caseload.constants';
import { HandoverFormDto, HandoverPageQueryDto } from './dto/handover.dto';
import { handoverPlan, HandoverService } from './handover.service';

/**
 * The caseload handover page (coordinators): choose whose caseload, tick the cases and the counselors
 * who take them over, see the plan (which case goes to whom) and confirm it; only the confirmation
 * changes anything.
 */
@ApiExcludeController()
@Controller('caseload-handover')
export class HandoverPagesController {
  constructor(
    private readonly cases: CasesService,
    private readonly users: UsersService,
    private readonly handover: HandoverService,
    private readonly audit: AuditService,
    private readonly translator: Translator,
  ) {}

  /** Every counselor (a leaving one may already be inactive: still a source), by name. */
  private async counselors() {
    const { items } = await this.users.list({ role: Role.Counselor, page: 1, pageSize: 100 });
    return items
      .map((u) => ({ id: u.id, name: u.displayName, active: u.isActive }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  @Get()
  @RequirePermission(Permission.CasesHandover)
  @Render('caseload/handover')
  async page(
    @Res({ passthrough: true }) reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Query() raw: Record<string, unknown>,
  ) {
    const counselors = await this.counselors();
    // `?error=` is the form's problem code (pageError reads it); the rest is the page's query.
    const { error: _error, ...query } = raw ?? {};
    const parsed = await validateInput(HandoverPageQueryDto, query, 'query');
    const from = parsed.value?.from ?? null;
    if (parsed.error) reply.status(400);
    const cases = from ? await this.cases.openCases(auth, { counselorId: from }, HANDOVER_MAX_CASES) : [];
    return {
      title: 'caseload.handover.title',
      from,
      fromName: counselors.find((c) => c.id === from)?.name ?? null,
      sources: counselors.map((c) => ({ ...c, selected: c.id === from })),
      targets: counselors.filter((c) => c.active && c.id !== from),
      cases,
      errorKey: parsed.error ? 'errors.VALIDATION_FAILED' : pageError(this.translator, raw?.error),
    };
  }

  @Post()
  @RequirePermission(Permission.CasesHandover)
  @AuditedManually()
  async submit(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    const from = textOf(body?.from);
    const back = `/caseload-handover${/^[0-9a-f-]{36}$/i.test(from) ? `?from=${from}` : ''}`;
    const parsed = await validateInput(HandoverFormDto, body ?? {});
    if (!parsed.error && parsed.value.confirm !== 'yes') {
      // The plan, to confirm: nothing changes yet.
      const form = parsed.value;
      const [cases, counselors] = await Promise.all([
        this.cases.openCases(auth, { ids: form.caseIds }, HANDOVER_MAX_CASES),
        this.counselors(),
      ]);
      const names = new Map(counselors.map((c) => [c.id, c.name]));
      const byId = new Map(cases.map((c) => [c.id, c]));
      const plan = handoverPlan(
        form.caseIds.filter((id) => byId.has(id)),
        form.toCounselorIds,
      ).map((p) => ({
        case: byId.get(p.caseId)!,
        counselorId: p.counselorId,
        counselorName: names.get(p.counselorId) ?? '',
      }));
      return renderPage(req, reply, 'caseload/handover-confirm', {
        title: 'caseload.handover.confirmTitle',
        from,
        plan,
        toCounselorIds: form.toCounselorIds,
        missing: form.caseIds.length - plan.length,
      });
    }
    await runForm(
      req,
      reply,
      this.audit,
      {
        action: Permission.CasesHandover,
        flash: 'caseload.handover.flash',
        next: () => back,
        problem: async (err) => {
          const sep = back.includes('?') ? '&' : '?';
          await reply.redirect(`${back}${sep}error=${encodeURIComponent(err.code)}`, 303);
        },
      },
      async () => {
        if (parsed.error) throw parsed.error;
        return this.handover.handOver(auth, parsed.value.caseIds, parsed.value.toCounselorIds);
      },
    );
  }
}
