import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AuditedManually } from '../platform/audit/audit.interceptor';
import { AuditService } from '../platform/audit/audit.service';
import { CurrentAuth, RequirePermission } from '../platform/auth/auth.decorators';
import { Permission } from '../platform/auth/permissions';
import { paginated } from '../platform/common/pagination';
import { AppRequest, AuthContext } from '../platform/common/request-context';
import { ApiErrors, idPipe, recordAudit } from '../web/forms';
import {
  CreateUserDto,
  toUserResponse,
  UpdateUserDto,
  UserListQueryDto,
  UserPageDto,
  UserResponseDto,
  UserWithPasswordDto,
  VersionDto,
} from './dto/user.dto';
import { LoginLockoutService } from './login-lockout.service';
import { User } from './user.entity';
import { UsersService } from './users.service';

/** Staff accounts, for the administrator. Passwords and their hashes never leave the server. */
@ApiTags('users')
@Controller('api/users')
export class UsersApiController {
  constructor(
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly lockout: LoginLockoutService,
  ) {}

  /** The accounts as the API shows them, with their login locks (one query for all). */
  private async views(users: User[]): Promise<UserResponseDto[]> {
    const locked = await this.lockout.lockedSources(users.map((u) => u.username));
    return users.map((u) => toUserResponse(u, locked.get(u.username) ?? 0));
  }

  private async view(id: string): Promise<UserResponseDto> {
    return (await this.views([await this.users.get(id)]))[0];
  }

  @Get()
  @RequirePermission(Permission.UsersRead)
  @ApiOperation({ summary: 'List accounts (filter by role, active, text)' })
  @ApiOkResponse({ type: UserPageDto })
  @ApiErrors(400, 401, 403)
  async list(@Query() q: UserListQueryDto): Promise<UserPageDto> {
    const { items, total } = await this.users.list(q);
    return paginated(await this.views(items), total, q);
  }

  @Get(':id')
  @RequirePermission(Permission.UsersRead)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: UserResponseDto })
  @ApiErrors(400, 401, 403, 404)
  async get(@Param('id', idPipe()) id: string): Promise<UserResponseDto> {
    return this.view(id);
  }

  @Post()
  @RequirePermission(Permission.UsersManage)
  @AuditedManually()
  @ApiOperation({
    summary: 'Create an account',
    description:
      'Returns a one-time password, shown only in this response; it must be changed at first login.',
  })
  @ApiCreatedResponse({ type: UserWithPasswordDto })
  @ApiErrors(400, 401, 403, 409, 422)
  async create(
    @Req() req: AppRequest,
    @Body() dto: CreateUserDto,
  ): Promise<{ user: UserResponseDto; oneTimePassword: string }> {
    let created: Awaited<ReturnType<UsersService['create']>>;
    try {
      created = await this.users.create(dto, { actor: req.auth });
    } catch (err) {
      await recordAudit(this.audit, req, Permission.UsersManage, null, err).catch(() => undefined);
      throw err;
    }
    await recordAudit(this.audit, req, Permission.UsersManage, created.user.id);
    return { user: await this.view(created.user.id), oneTimePassword: created.oneTimePassword };
  }

  @Patch(':id')
  @RequirePermission(Permission.UsersManage)
  @ApiOperation({
    summary: 'Change display name, roles or institution',
    description: "Changing the roles ends the user's sessions. Removing the last active admin is refused.",
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: UserResponseDto })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  async update(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe()) id: string,
    @Body() dto: UpdateUserDto,
  ): Promise<UserResponseDto> {
    await this.users.update(auth, id, dto);
    return this.view(id);
  }

  @Post(':id/disable')
  @HttpCode(200)
  @RequirePermission(Permission.UsersManage)
  @ApiOperation({
    summary: 'Disable an account',
    description: 'Ends its sessions. Refused for your own account and for the last active admin.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: UserResponseDto })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  async disable(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe()) id: string,
    @Body() dto: VersionDto,
  ): Promise<UserResponseDto> {
    await this.users.setActive(auth, id, false, dto.version);
    return this.view(id);
  }

  @Post(':id/enable')
  @HttpCode(200)
  @RequirePermission(Permission.UsersManage)
  @ApiOperation({ summary: 'Enable a disabled account' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: UserResponseDto })
  @ApiErrors(400, 401, 403, 404, 409)
  async enable(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe()) id: string,
    @Body() dto: VersionDto,
  ): Promise<UserResponseDto> {
    await this.users.setActive(auth, id, true, dto.version);
    return this.view(id);
  }

  @Post(':id/reset-password')
  @HttpCode(200)
  @RequirePermission(Permission.UsersManage)
  @ApiOperation({
    summary: 'Give the account a new one-time password',
    description:
      'Unlocks the account, ends its sessions and forces a password change at the next login. ' +
      'The password is shown only in this response.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: UserWithPasswordDto })
  @ApiErrors(400, 401, 403, 404, 409)
  async resetPassword(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe()) id: string,
    @Body() dto: VersionDto,
  ): Promise<UserWithPasswordDto> {
    const { user, oneTimePassword } = await this.users.resetPassword(auth, id, dto.version);
    await this.lockout.unlock(user);
    return { user: await this.view(id), oneTimePassword };
  }

  @Post(':id/unlock')
  @HttpCode(200)
  @RequirePermission(Permission.UsersManage)
  @AuditedManually()
  @ApiOperation({
    summary: 'Unlock an account after failed logins',
    description:
      'Ends every login lock of the account: the lock of each address that failed too often and the ' +
      'account-wide lock. Audited as `auth.unlock`.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: UserResponseDto })
  @ApiErrors(400, 401, 403, 404)
  async unlock(@Req() req: AppRequest, @Param('id', idPipe()) id: string): Promise<UserResponseDto> {
    await this.lockout.unlockAudited(req, id);
    return this.view(id);
  }
}
