import { Body, Controller, Get, HttpCode, Post, Put, Req, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuditedManually } from '../audit/audit.interceptor';
import { AuthContext, AppRequest } from '../common/request-context';
import { AllowDuringPasswordChange, CurrentAuth, Public, RequirePermission } from './auth.decorators';
import { AuthService, CLEAR_SITE_DATA } from './auth.service';
import { ChangePasswordDto, LanguageDto, LoginDto, LoginResponseDto, SessionUserDto } from './dto/auth.dto';
import { LoginThrottlerGuard } from './login-throttler.guard';
import { effectiveRoles, Permission } from './permissions';
import { Account, InjectUserDirectory, UserDirectory } from './user-directory';

export function toSessionUser(user: Account): SessionUserDto {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    roles: effectiveRoles(user.roles),
    institutionId: user.institutionId,
    mustChangePassword: user.mustChangePassword,
    language: user.language,
  };
}

@ApiTags('auth')
@Controller('api')
export class AuthApiController {
  constructor(
    private readonly auth: AuthService,
    @InjectUserDirectory() private readonly users: UserDirectory,
  ) {}

  @Post('auth/login')
  @HttpCode(200)
  @Public()
  @UseGuards(LoginThrottlerGuard)
  @ApiOkResponse({ type: LoginResponseDto })
  async login(@Req() req: AppRequest, @Body() dto: LoginDto): Promise<LoginResponseDto> {
    const result = await this.auth.login(req, dto.username, dto.password);
    return {
      accessToken: result.token,
      expiresAt: result.expiresAt.toISOString(),
      user: {
        ...toSessionUser(result.user),
        passwordReset: await this.users.passwordResetNotice(result.user),
      },
    };
  }

  @Post('auth/logout')
  @HttpCode(204)
  @RequirePermission(Permission.AccountManage)
  @AllowDuringPasswordChange()
  @AuditedManually()
  async logout(
    @Req() req: AppRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
  ): Promise<void> {
    await this.auth.logout(req, auth);
    reply.header('Clear-Site-Data', CLEAR_SITE_DATA);
  }

  @Get('account')
  @RequirePermission(Permission.AccountManage)
  @AllowDuringPasswordChange()
  @ApiOkResponse({ type: SessionUserDto })
  async me(@CurrentAuth() auth: AuthContext): Promise<SessionUserDto> {
    return toSessionUser(await this.users.get(auth.userId));
  }

  @Post('account/password')
  @HttpCode(200)
  @RequirePermission(Permission.AccountManage)
  @AllowDuringPasswordChange()
  @AuditedManually()
  @ApiOkResponse({
    type: LoginResponseDto,
    description: 'Every session of the account ends; a new token is issued.',
  })
  async changePassword(
    @Req() req: AppRequest,
    @CurrentAuth() auth: AuthContext,
    @Body() dto: ChangePasswordDto,
  ): Promise<LoginResponseDto> {
    const issued = await this.auth.changePassword(req, auth, dto.currentPassword, dto.newPassword);
    const user = await this.users.get(auth.userId);
    return {
      accessToken: issued.token,
      expiresAt: issued.expiresAt.toISOString(),
      user: { ...toSessionUser(user), passwordReset: null },
    };
  }

  @Put('account/language')
  @RequirePermission(Permission.AccountManage)
  @AllowDuringPasswordChange()
  @ApiOkResponse({ type: SessionUserDto })
  async setLanguage(@CurrentAuth() auth: AuthContext, @Body() dto: LanguageDto): Promise<SessionUserDto> {
    await this.users.setLanguage(auth.userId, dto.language);
    return toSessionUser(await this.users.get(auth.userId));
  }
}
