import { Body, Controller, Get, Param, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuditedManually } from '../platform/audit/audit.interceptor';
import { AuditService } from '../platform/audit/audit.service';
import { CurrentAuth, RequirePermission } from '../platform/auth/auth.decorators';
import { Permission, Role, ROLES, ROLES_REQUIRING_INSTITUTION } from '../platform/auth/permissions';
import { ErrorCode } from '../platform/common/app.exception';
import { Clock } from '../platform/common/clock';
import { listControlsView } from '../platform/common/list-sort';
import { DEFAULT_PAGE_SIZE, paginationView } from '../platform/common/pagination';
import { fieldMessages } from '../web/field-messages';
import { USER_LIST_SORT } from './user-list-sort';
import { AppRequest, AuthContext, languageOf, SUPPORTED_LANGUAGES } from '../platform/common/request-context';
import { setFlash } from '../web/flash';
import { parseForm, runForm } from '../web/form-action';
import { renderPage } from '../web/page-kit';
import { Translator } from '../platform/i18n/translator';
import { formError, FormError, idPipe, listOf, textOf, validateInput } from '../web/forms';
import { InstitutionsService } from '../institutions/institutions.service';
import { SERVICE_ROLES, ServiceRole } from '../institutions/service-roles';
import { CsrfOnlyFormDto } from '../platform/auth/dto/auth.dto';
import { CreateUserFormDto, UpdateUserFormDto, UserListPageQueryDto, VersionFormDto } from './dto/user.dto';
import { LoginLockoutService } from './login-lockout.service';
import { User } from './user.entity';
import { UsersService } from './users.service';

type ConfirmAction = 'disable' | 'enable' | 'reset-password';

const CONFIRM_KEYS: Record<ConfirmAction, string> = {
  disable: 'disable',
  enable: 'enable',
  'reset-password': 'reset',
};

interface UserFormValues {
  displayName: string;
  roles: string[];
  institutionId: string;
  serviceRoles?: string[];
  email?: string;
  version?: string | number;
  username?: string;
  language?: string;
}

/** The fields both account forms share, as typed (for re-showing a refused form). */
function formValues(raw: Record<string, unknown>): UserFormValues {
  return {
    displayName: textOf(raw.displayName),
    roles: listOf(raw.roles),
    institutionId: textOf(raw.institutionId),
    serviceRoles: listOf(raw.serviceRoles),
    email: textOf(raw.email),
  };
}

/** The administrator's account pages. Same permissions as the JSON API. */
@ApiExcludeController()
@Controller('admin/users')
export class UsersPagesController {
  constructor(
    private readonly users: UsersService,
    private readonly institutions: InstitutionsService,
    private readonly audit: AuditService,
    private readonly translator: Translator,
    private readonly clock: Clock,
    private readonly lockout: LoginLockoutService,
  ) {}

  private userView(user: User, lockedAddresses = 0) {
    const accountLocked = !!user.lockedUntil && new Date(user.lockedUntil) > this.clock.now();
    const locked = accountLocked || lockedAddresses > 0;
    return {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      roles: user.roles,
      institutionName: user.institution?.name ?? null,
      serviceRoles: user.serviceRoles ?? [],
      isActive: user.isActive,
      mustChangePassword: user.mustChangePassword,
      locked,
      lockedUntil: accountLocked ? user.lockedUntil : null,
      lockedAddresses,
      lastLoginAt: user.lastLoginAt,
      createdAt: user.createdAt,
      version: user.version,
    };
  }

  private roleOptions(selected: string[]) {
    return ROLES.map((value) => ({
      value,
      checked: selected.includes(value),
      needsInstitution: ROLES_REQUIRING_INSTITUTION.includes(value),
    }));
  }

  private serviceRoleOptions(selected: string[] | null | undefined) {
    return SERVICE_ROLES.map((value) => ({ value, checked: (selected ?? []).includes(value) }));
  }

  /** Active institutions, plus the selected one if it has been deactivated since. */
  private async institutionOptions(selected: string | null | undefined) {
    const options = (await this.institutions.listActive()).map((i) => ({
      id: i.id,
      name: i.name,
      selected: i.id === selected,
      inactive: false,
    }));
    if (selected && !options.some((o) => o.selected)) {
      const current = await this.institutions.get(selected).catch(() => null);
      if (current) options.unshift({ id: current.id, name: current.name, selected: true, inactive: true });
    }
    return options;
  }

  private languageOptions(selected: string | undefined) {
    return SUPPORTED_LANGUAGES.map((code) => ({ code, selected: code === (selected || 'id') }));
  }

  // ---- list ---------------------------------------------------------------------------------------

  @Get()
  @RequirePermission(Permission.UsersRead)
  @Render('admin/users/list')
  async list(
    @Req() req: AppRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query() raw: Record<string, unknown>,
  ) {
    const base = {
      title: 'admin.users.title',
      filters: { role: textOf(raw.role), active: textOf(raw.active), q: textOf(raw.q) },
      filterFields: ['role', 'active', 'q'],
      roles: ROLES,
      canManage: !!req.auth?.permissions.has(Permission.UsersManage),
    };
    const parsed = await validateInput(UserListPageQueryDto, raw, 'query');
    if (parsed.error) {
      const problem = fieldMessages(this.translator, languageOf(req), parsed.error);
      reply.status(problem.status);
      const listing = listControlsView(
        USER_LIST_SORT,
        '/admin/users',
        { pageSize: DEFAULT_PAGE_SIZE },
        base.filters,
      );
      return { ...base, ...problem, listing, users: [], pagination: null };
    }
    const q = parsed.value;
    const { items, total } = await this.users.list(q);
    const lockedAddresses = await this.lockout.lockedSources(items.map((u) => u.username));
    return {
      ...base,
      users: items.map((u) => this.userView(u, lockedAddresses.get(u.username))),
      listing: listControlsView(USER_LIST_SORT, '/admin/users', q, {
        role: q.role,
        active: q.active,
        q: q.q,
      }),
      pagination: paginationView(total, q.page, q.pageSize, '/admin/users', {
        role: q.role,
        active: q.active,
        q: q.q,
        sort: q.sort,
        dir: q.dir,
      }),
    };
  }

  // ---- create -------------------------------------------------------------------------------------

  private async newFormData(values: Partial<UserFormValues>, problem?: FormError) {
    return {
      title: 'admin.users.new.title',
      form: {
        username: values.username ?? '',
        displayName: values.displayName ?? '',
        institutionId: values.institutionId ?? '',
      },
      roleOptions: this.roleOptions(values.roles ?? []),
      institutionOptions: await this.institutionOptions(values.institutionId),
      serviceRoleOptions: this.serviceRoleOptions(values.serviceRoles),
      languageOptions: this.languageOptions(values.language),
      ...problem,
    };
  }

  @Get('new')
  @RequirePermission(Permission.UsersManage)
  @Render('admin/users/new')
  async newForm() {
    return this.newFormData({});
  }

  @Post()
  @RequirePermission(Permission.UsersManage)
  @AuditedManually()
  async create(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    const raw = body ?? {};
    await runForm(
      req,
      reply,
      this.audit,
      {
        action: Permission.UsersManage,
        createdId: (created) => created.user.id,
        shows: () => true,
        answer: (created) =>
          this.showOneTimePassword(req, reply, created.user.id, created.oneTimePassword, 'created'),
        problem: async (err) => {
          const values = {
            ...formValues(raw),
            username: textOf(raw.username),
            language: textOf(raw.language),
          };
          const problem = formError(err, this.translator, languageOf(req));
          await renderPage(
            req,
            reply,
            'admin/users/new',
            await this.newFormData(values, problem),
            problem.status,
          );
        },
      },
      async () => {
        const { _csrf: _token, ...input } = await parseForm(CreateUserFormDto, {
          roles: [],
          serviceRoles: [],
          ...raw,
        });
        return this.users.create(input, { actor: req.auth });
      },
    );
  }

  /** The one page that shows a one-time password; it is never stored, cached or shown again. */
  private async showOneTimePassword(
    req: AppRequest,
    reply: FastifyReply,
    id: string,
    oneTimePassword: string,
    reason: 'created' | 'reset',
  ): Promise<void> {
    const user = await this.users.get(id);
    reply.header('Cache-Control', 'no-store');
    await renderPage(req, reply, 'admin/users/password', {
      title: `admin.users.password.${reason}Title`,
      reason,
      user: this.userView(user),
      oneTimePassword,
    });
  }

  // ---- edit ---------------------------------------------------------------------------------------

  private async editData(req: AppRequest, user: User, values: UserFormValues, problem?: FormError) {
    const lockedAddresses = (await this.lockout.lockedSources([user.username])).get(user.username);
    return {
      title: 'admin.users.edit.title',
      user: this.userView(user, lockedAddresses),
      form: values,
      roleOptions: this.roleOptions(values.roles),
      institutionOptions: await this.institutionOptions(values.institutionId),
      serviceRoleOptions: this.serviceRoleOptions(values.serviceRoles),
      canManage: !!req.auth?.permissions.has(Permission.UsersManage),
      isSelf: req.auth?.userId === user.id,
      ...problem,
    };
  }

  @Get(':id')
  @RequirePermission(Permission.UsersRead)
  @Render('admin/users/edit')
  async edit(@Req() req: AppRequest, @Param('id', idPipe()) id: string) {
    const user = await this.users.get(id);
    return this.editData(req, user, {
      displayName: user.displayName,
      roles: user.roles,
      institutionId: user.institutionId ?? '',
      serviceRoles: user.serviceRoles ?? [],
      email: user.email ?? '',
      version: user.version,
    });
  }

  @Post(':id')
  @RequirePermission(Permission.UsersManage)
  @AuditedManually()
  async update(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe()) id: string,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    const raw = body ?? {};
    await runForm(
      req,
      reply,
      this.audit,
      {
        action: Permission.UsersManage,
        resourceId: id,
        flash: 'admin.users.flash.updated',
        next: () => `/admin/users/${id}`,
        shows: (err) => err.code !== ErrorCode.NotFound,
        problem: async (err) => {
          const user = await this.users.get(id);
          const values = { ...formValues(raw), version: textOf(raw.version) };
          const problem = formError(err, this.translator, languageOf(req));
          await renderPage(
            req,
            reply,
            'admin/users/edit',
            await this.editData(req, user, values, problem),
            problem.status,
          );
        },
      },
      async () => {
        const form = await parseForm(UpdateUserFormDto, { roles: [], serviceRoles: [], ...raw });
        await this.users.update(auth, id, {
          version: form.version,
          displayName: form.displayName,
          roles: form.roles as Role[],
          institutionId: form.institutionId ?? null,
          serviceRoles: form.serviceRoles as ServiceRole[],
          email: form.email ?? null,
        });
      },
    );
  }

  // ---- disable / enable / reset password, each behind a confirmation page -----------------------

  private confirmData(action: ConfirmAction, user: User, problem?: FormError) {
    const key = CONFIRM_KEYS[action];
    return {
      title: `admin.users.confirm.${key}.title`,
      confirmKey: key,
      actionUrl: `/admin/users/${user.id}/${action}`,
      danger: action !== 'enable',
      user: this.userView(user),
      version: user.version,
      ...problem,
    };
  }

  private async confirmPage(action: ConfirmAction, id: string) {
    return this.confirmData(action, await this.users.get(id));
  }

  /**
   * Runs a confirmed action through the form action: a refusal is audited and re-renders the
   * confirmation page with the reason (not seeing the account goes to the error page); a success is
   * audited and answered by `answer` (default: back to the account with `flashKey`).
   */
  private async confirmed<T>(
    req: AppRequest,
    reply: FastifyReply,
    action: ConfirmAction,
    id: string,
    body: Record<string, unknown> | undefined,
    success: { flash: string } | { answer: (result: T) => Promise<void> },
    run: (version: number) => Promise<T>,
  ): Promise<void> {
    await runForm(
      req,
      reply,
      this.audit,
      {
        action: Permission.UsersManage,
        resourceId: id,
        shows: (err) => err.code !== ErrorCode.NotFound,
        ...('flash' in success ? { flash: success.flash, next: () => `/admin/users/${id}` } : success),
        problem: async (err) => {
          const problem = formError(err, this.translator, languageOf(req));
          const user = await this.users.get(id);
          await renderPage(
            req,
            reply,
            'admin/users/confirm',
            this.confirmData(action, user, problem),
            problem.status,
          );
        },
      },
      async () => run((await parseForm(VersionFormDto, body ?? {})).version),
    );
  }

  @Get(':id/disable')
  @RequirePermission(Permission.UsersManage)
  @Render('admin/users/confirm')
  confirmDisable(@Param('id', idPipe()) id: string) {
    return this.confirmPage('disable', id);
  }

  @Post(':id/disable')
  @RequirePermission(Permission.UsersManage)
  @AuditedManually()
  async disable(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe()) id: string,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    await this.confirmed(
      req,
      reply,
      'disable',
      id,
      body,
      { flash: 'admin.users.flash.disabled' },
      (version) => this.users.setActive(auth, id, false, version),
    );
  }

  @Get(':id/enable')
  @RequirePermission(Permission.UsersManage)
  @Render('admin/users/confirm')
  confirmEnable(@Param('id', idPipe()) id: string) {
    return this.confirmPage('enable', id);
  }

  @Post(':id/enable')
  @RequirePermission(Permission.UsersManage)
  @AuditedManually()
  async enable(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe()) id: string,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    await this.confirmed(req, reply, 'enable', id, body, { flash: 'admin.users.flash.enabled' }, (version) =>
      this.users.setActive(auth, id, true, version),
    );
  }

  @Get(':id/reset-password')
  @RequirePermission(Permission.UsersManage)
  @Render('admin/users/confirm')
  confirmReset(@Param('id', idPipe()) id: string) {
    return this.confirmPage('reset-password', id);
  }

  @Post(':id/reset-password')
  @RequirePermission(Permission.UsersManage)
  @AuditedManually()
  async resetPassword(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe()) id: string,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    await this.confirmed(
      req,
      reply,
      'reset-password',
      id,
      body,
      {
        answer: (reset: { oneTimePassword: string }) =>
          this.showOneTimePassword(req, reply, id, reset.oneTimePassword, 'reset'),
      },
      async (version) => {
        const reset = await this.users.resetPassword(auth, id, version);
        await this.lockout.unlock(reset.user);
        return reset;
      },
    );
  }

  // ---- unlock after failed logins ------------------------------------------------------------------

  /** Ends every login lock of the account (each address's and the account-wide one); audited. */
  @Post(':id/unlock')
  @RequirePermission(Permission.UsersManage)
  @AuditedManually()
  async unlock(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @Param('id', idPipe()) id: string,
    @Body() _form: CsrfOnlyFormDto,
  ): Promise<void> {
    await this.lockout.unlockAudited(req, id);
    setFlash(reply, 'success', 'admin.users.flash.unlocked');
    await reply.redirect(`/admin/users/${id}`, 303);
  }
}
