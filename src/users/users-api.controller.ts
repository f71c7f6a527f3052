import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AuditedManually } from '../audit/audit.interceptor';
import { AuditService } from '../audit/audit.service';
import { CurrentAuth, RequirePermission } from '../auth/auth.decorators';
import { Permission } from '../auth/permissions';
import { paginated } from '../common/pagination';
import { AppRequest, AuthContext } from '../common/request-context';
import { ApiErrors, idPipe, recordAudit } from '../http/forms';
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
import { UsersService } from './users.service';

/** Staff accounts, for the administrator. Passwords and their hashes never leave the server. */
@ApiTags('users')
@Controller('api/users')
export class UsersApiController {
  constructor(
    private readonly users: UsersService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @RequirePermission(Permission.UsersRead)
  @ApiOperation({ summary: 'List accounts (filter by role, active, text)' })
  @ApiOkResponse({ type: UserPageDto })
  @ApiErrors(400, 401, 403)
  async list(@Query() q: UserListQueryDto): Promise<UserPageDto> {
    const { items, total } = await this.users.list(q);
    return paginated(items.map(toUserResponse), total, q);
  }

  @Get(':id')
  @RequirePermission(Permission.UsersRead)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: UserResponseDto })
  @ApiErrors(400, 401, 403, 404)
  async get(@Param('id', idPipe()) id: string): Promise<UserResponseDto> {
    return toUserResponse(await this.users.get(id));
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
    const user = await this.users.get(created.user.id);
    return { user: toUserResponse(user), oneTimePassword: created.oneTimePassword };
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
    return toUserResponse(await this.users.get(id));
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
    return toUserResponse(await this.users.get(id));
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
    return toUserResponse(await this.users.get(id));
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
    const { oneTimePassword } = await this.users.resetPassword(auth, id, dto.version);
    return { user: toUserResponse(await this.users.get(id)), oneTimePassword };
  }
}
