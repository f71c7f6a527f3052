import { Body, Controller, Get, Param, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuditedManually } from '../platform/audit/audit.interceptor';
import { AuditService } from '../platform/audit/audit.service';
import { CurrentAuth, RequirePermission } from '../platform/auth/auth.decorators';
import { Permission } from '../platform/auth/permissions';
import { ListSortDefinition, listControlsView } from '../platform/common/list-sort';
import { DEFAULT_PAGE_SIZE, paginationView } from '../platform/common/pagination';
import { AppRequest, AuthContext, languageOf } from '../platform/common/request-context';
import { Translator } from '../platform/i18n/translator';
import { fieldMessages } from '../web/field-messages';
import { caseSectionFormAction, formAction, pageError, parseForm } from '../web/form-action';
import { validateInput } from '../web/forms';
import { CompleteFollowUpFormDto, CreateFollowUpFormDto } from './dto/follow-up.dto';
import { TaskListPageQueryDto, TeamTaskListPageQueryDto } from './dto/task.dto';
import { TaskSettingsFormDto } from './dto/task-settings.dto';
import { RULES_WITH_DAYS, TaskSettingsService } from './task-settings.service';
import { FollowUpsService } from './follow-ups.service';
import { MY_TASKS_SORT, TEAM_TASKS_SORT } from './task-list-sort';
import { TasksService } from './tasks.service';

/** The task pages (/tasks, /tasks/team) and the follow-up forms of the case page's counseling section. */
@ApiExcludeController()
@Controller()
export class TasksPagesController {
  constructor(
    private readonly tasks: TasksService,
    private readonly followUps: FollowUpsService,
    private readonly settings: TaskSettingsService,
    private readonly audit: AuditService,
    private readonly translator: Translator,
  ) {}

  /** A list page's query, or the refusal shown on the page (a bad sort or page size: 400, no 500). */
  private async listQuery<T extends object>(
    req: AppRequest,
    reply: FastifyReply,
    dto: new () => T,
    raw: Record<string, unknown> | undefined,
    def: ListSortDefinition,
    path: string,
  ) {
    const parsed = await validateInput(dto, raw ?? {}, 'query');
    if (parsed.error) {
      const problem = fieldMessages(this.translator, languageOf(req), parsed.error);
      reply.status(problem.status);
      return {
        error: { ...problem, listing: listControlsView(def, path, { pageSize: DEFAULT_PAGE_SIZE }, {}) },
      };
    }
    return { value: parsed.value };
  }

  @Get('tasks')
  @RequirePermission(Permission.TasksMine)
  @Render('tasks/mine')
  async mine(
    @Req() req: AppRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Query() raw: Record<string, unknown>,
  ) {
    const base = { title: 'tasks.mine.title', canTeam: auth.permissions.has(Permission.TasksTeam) };
    const q = await this.listQuery(req, reply, TaskListPageQueryDto, raw, MY_TASKS_SORT, '/tasks');
    if (!q.value) return { ...base, ...q.error, tasks: [], pagination: null };
    const page = await this.tasks.mine(auth, q.value);
    return {
      ...base,
      tasks: page.items,
      overdue: page.overdue,
      total: page.total,
      listing: listControlsView(MY_TASKS_SORT, '/tasks', q.value, {}),
      pagination: paginationView(page.total, page.page, page.pageSize, '/tasks', {
        sort: q.value.sort,
        dir: q.value.dir,
      }),
    };
  }

  @Get('tasks/team')
  @RequirePermission(Permission.TasksTeam)
  @Render('tasks/team')
  async team(
    @Req() req: AppRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Query() raw: Record<string, unknown>,
  ) {
    const base = { title: 'tasks.team.title' };
    const q = await this.listQuery(req, reply, TeamTaskListPageQueryDto, raw, TEAM_TASKS_SORT, '/tasks/team');
    if (!q.value) return { ...base, ...q.error, tasks: [], owners: [], pagination: null };
    const page = await this.tasks.team(auth, q.value);
    return {
      ...base,
      tasks: page.items,
      owners: page.owners,
      listing: listControlsView(TEAM_TASKS_SORT, '/tasks/team', q.value, {}),
      pagination: paginationView(page.total, page.page, page.pageSize, '/tasks/team', {
        sort: q.value.sort,
        dir: q.value.dir,
      }),
    };
  }

  @Get('tasks/settings')
  @RequirePermission(Permission.TaskSettingsManage)
  @Render('tasks/settings')
  async settingsPage(@Query('error') error: unknown) {
    const s = await this.settings.get();
    return {
      title: 'tasks.settings.title',
      settings: s,
      rules: RULES_WITH_DAYS.map((code) => ({ code, days: s.days[code] })),
      errorKey: pageError(this.translator, error),
    };
  }

  @Post('tasks/settings')
  @RequirePermission(Permission.TaskSettingsManage)
  @AuditedManually()
  async saveSettings(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    await formAction(
      reply,
      req,
      this.audit,
      {
        back: '/tasks/settings',
        action: Permission.TaskSettingsManage,
        flash: 'tasks.settings.saved',
        resourceId: null,
      },
      async () => {
        const form = await parseForm(TaskSettingsFormDto, body);
        const days = Object.fromEntries(
          RULES_WITH_DAYS.map((code) => [code, form[code as keyof TaskSettingsFormDto]]),
        );
        await this.settings.update(auth, { horizonDays: form.horizonDays, days }, form.version);
      },
    );
  }

  private back(
    req: AppRequest,
    reply: FastifyReply,
    id: string,
    flash: string,
    work: () => Promise<unknown>,
  ): Promise<void> {
    return caseSectionFormAction(
      reply,
      req,
      this.audit,
      { caseId: id, page: 'counseling', anchor: 'follow-ups', action: Permission.FollowUpsWrite, flash },
      work,
    );
  }

  @Post('cases/:id/follow-ups')
  @RequirePermission(Permission.FollowUpsWrite)
  @AuditedManually()
  schedule(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    return this.back(req, reply, id, 'tasks.followUps.flash.scheduled', async () => {
      const form = await parseForm(CreateFollowUpFormDto, body);
      await this.followUps.schedule(auth, id, form);
    });
  }

  @Post('cases/:id/follow-ups/:followUpId/complete')
  @RequirePermission(Permission.FollowUpsWrite)
  @AuditedManually()
  complete(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Param('followUpId') followUpId: string,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    return this.back(req, reply, id, 'tasks.followUps.flash.done', async () => {
      const form = await parseForm(CompleteFollowUpFormDto, body);
      await this.followUps.complete(auth, id, followUpId, form);
    });
  }
}
