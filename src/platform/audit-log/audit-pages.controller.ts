import { Controller, Get, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequirePermission } from '../auth/auth.decorators';
import { Permission } from '../auth/permissions';
import { listControlsView } from '../common/list-sort';
import { DEFAULT_PAGE_SIZE, paginationView } from '../common/pagination';
import { fieldMessages } from '../../web/field-messages';
import { AUDIT_LIST_SORT } from '../audit/audit-list-sort';
import { AppRequest, languageOf } from '../common/request-context';
import { Translator } from '../i18n/translator';
import { textOf, validateInput } from '../../web/forms';
import { AuditService } from '../audit/audit.service';
import { dayStart } from '../common/dates';
import { AUDIT_OUTCOMES, AuditPageQueryDto, toAuditLogResponse } from './dto/audit-log.dto';

const FILTERS = [
  'userId',
  'username',
  'action',
  'outcome',
  'resourceType',
  'resourceId',
  'from',
  'to',
] as const;

/** The audit log page: a filter form and the matching entries, newest first. */
@ApiExcludeController()
@Controller('admin/audit')
export class AuditPagesController {
  constructor(
    private readonly audit: AuditService,
    private readonly translator: Translator,
  ) {}

  @Get()
  @RequirePermission(Permission.AuditRead)
  @Render('admin/audit/list')
  async list(
    @Req() req: AppRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query() raw: Record<string, unknown>,
  ) {
    const filters = Object.fromEntries(FILTERS.map((f) => [f, textOf(raw[f])]));
    const base = {
      title: 'admin.audit.title',
      filters,
      filterFields: [...FILTERS],
      outcomes: AUDIT_OUTCOMES,
    };
    const parsed = await validateInput(AuditPageQueryDto, raw, 'query');
    if (parsed.error) {
      const problem = fieldMessages(this.translator, languageOf(req), parsed.error);
      reply.status(problem.status);
      const listing = listControlsView(
        AUDIT_LIST_SORT,
        '/admin/audit',
        { pageSize: DEFAULT_PAGE_SIZE },
        filters,
      );
      return { ...base, ...problem, listing, entries: [], pagination: null };
    }
    const q = parsed.value;
    const { items, total } = await this.audit.list({
      ...q,
      // Whole days in the display time zone, both included.
      from: q.from ? dayStart(q.from) : undefined,
      to: q.to ? dayStart(q.to, 1) : undefined,
    });
    const kept = Object.fromEntries(FILTERS.map((f) => [f, q[f]]));
    const lang = languageOf(req);
    // Actions and resources in the reader's words (issue 18, item 7); the stored code stays beside
    // them for the filter, and a code without a translation is shown as it is.
    const named = (group: string, code: string | null) => {
      const key = code ? `admin.audit.${group}.${code.replace(/\./g, '-')}` : '';
      return code && this.translator.has(key, lang) ? this.translator.t(key, lang) : null;
    };
    // The error code in words (its message, when the message needs no details of the request), and the
    // route as the name of its page where it has one; the stored code and pattern stay beside them.
    const codeName = (code: string | null) => {
      if (!code || !/^[A-Z][A-Z0-9_]{1,60}$/.test(code) || !this.translator.has(`errors.${code}`, lang))
        return null;
      const text = this.translator.t(`errors.${code}`, lang);
      return text.includes('{') ? null : text;
    };
    const routeName = (method: string | null, route: string | null) => {
      if (!method || !route) return null;
      const key = `admin.audit.routeNames.${`${method} ${route}`.replace(/[^A-Za-z0-9]+/g, '-').replace(/-$/, '')}`;
      return this.translator.has(key, lang) ? this.translator.t(key, lang) : null;
    };
    return {
      ...base,
      entries: items.map(toAuditLogResponse).map((e) => ({
        ...e,
        actionName: named('actionNames', e.action),
        resourceName: named('resourceNames', e.resourceType),
        codeName: codeName(e.code),
        routeName: routeName(e.method, e.route),
      })),
      listing: listControlsView(AUDIT_LIST_SORT, '/admin/audit', q, kept),
      pagination: paginationView(total, q.page, q.pageSize, '/admin/audit', {
        ...kept,
        sort: q.sort,
        dir: q.dir,
      }),
    };
  }
}
