import { Body, Controller, Get, Post, Query, Render, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuditedManually } from '../audit/audit.interceptor';
import { AppConfig, InjectAppConfig } from '../config/app.config';
import {
  AppRequest,
  AuthContext,
  isSupportedLanguage,
  LANGUAGE_COOKIE,
  languageOf,
} from '../common/request-context';
import { safeNext, setFlash } from '../../web/flash';
import { buildViewContext } from '../../web/view-context';
import { AllowDuringPasswordChange, CurrentAuth, Public, RequirePermission } from '../auth/auth.decorators';
import { AuthService, CLEAR_SITE_DATA } from '../auth/auth.service';
import { ChangePasswordFormDto, CsrfOnlyFormDto, LanguageFormDto, LoginFormDto } from '../auth/dto/auth.dto';
import { LoginThrottlerGuard } from '../auth/login-throttler.guard';
import { Permission } from '../auth/permissions';
import { AppException, ErrorCode } from '../common/app.exception';
import { MIN_PASSWORD_LENGTH } from '../auth/password-policy';
import { InjectUserDirectory, UserDirectory } from '../auth/user-directory';

const YEAR_SECONDS = 365 * 24 * 3600;

@ApiExcludeController()
@Controller()
export class AccountPagesController {
  constructor(
    private readonly auth: AuthService,
    @InjectUserDirectory() private readonly users: UserDirectory,
    @InjectAppConfig() private readonly config: AppConfig,
  ) {}

  private setSessionCookie(reply: FastifyReply, token: string): void {
    reply.setCookie(this.config.session.cookieName, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: this.config.session.cookieSecure,
    });
  }

  private setLanguageCookie(reply: FastifyReply, lang: string): void {
    reply.setCookie(LANGUAGE_COOKIE, lang, {
      path: '/',
      sameSite: 'lax',
      maxAge: YEAR_SECONDS,
      secure: this.config.session.cookieSecure,
    });
  }

  @Get('login')
  @Public()
  @Render('auth/login')
  loginPage(
    @Req() req: AppRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Query('next') next?: string,
    @Query('loggedOut') loggedOut?: string,
    @Query('lang') lang?: string,
  ) {
    // After a logout the browser has no cookie left (Clear-Site-Data): the logout's redirect names
    // the language the page was in, and the message shows without a flash cookie.
    if (loggedOut === '1' && isSupportedLanguage(lang)) {
      this.setLanguageCookie(reply, lang);
      (req as { cookies?: Record<string, string> }).cookies = { ...req.cookies, [LANGUAGE_COOKIE]: lang };
    }
    return {
      title: 'auth.login.title',
      next: safeNext(next, ''),
      alreadyIn: !!req.auth,
      ...(loggedOut === '1' ? { flash: { type: 'success', key: 'auth.logout.done' } } : {}),
    };
  }

  @Post('login')
  @Public()
  @UseGuards(LoginThrottlerGuard)
  async login(@Req() req: AppRequest, @Res() reply: FastifyReply, @Body() form: LoginFormDto): Promise<void> {
    try {
      const result = await this.auth.login(req, form.username, form.password);
      await this.auth.endPresentedSession(
        (req as { cookies?: Record<string, string | undefined> }).cookies?.[this.config.session.cookieName],
      );
      this.setSessionCookie(reply, result.token);
      // A new CSRF secret with the new session: the next page issues it, and tokens bound to it.
      reply.clearCookie('_csrf', { path: '/' });
      this.setLanguageCookie(reply, result.user.language);
      const target = result.user.mustChangePassword ? '/account/password' : safeNext(form.next);
      await reply.redirect(target, 303);
    } catch (err) {
      if (!(err instanceof AppException)) throw err;
      await reply.status(err.getStatus()).view('auth/login', {
        ...buildViewContext(req, reply),
        title: 'auth.login.title',
        next: safeNext(form.next, ''),
        username: form.username,
        errorKey: `errors.${err.code}`,
      });
    }
  }

  @Post('logout')
  @RequirePermission(Permission.AccountManage)
  @AllowDuringPasswordChange()
  @AuditedManually()
  async logout(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Body() _form: CsrfOnlyFormDto,
  ): Promise<void> {
    await this.auth.logout(req, auth);
    reply.clearCookie(this.config.session.cookieName, { path: '/' });
    // The browser drops its cache, cookies and storage for the site: the flash cookie would go too,
    // so the message and the language ride on the login page's address.
    reply.header('Clear-Site-Data', CLEAR_SITE_DATA);
    await reply.redirect(`/login?loggedOut=1&lang=${languageOf(req)}`, 303);
  }

  @Get('account/password')
  @RequirePermission(Permission.AccountManage)
  @AllowDuringPasswordChange()
  @Render('auth/change-password')
  async changePasswordPage(@CurrentAuth() auth: AuthContext) {
    return {
      title: 'auth.password.title',
      forced: auth.mustChangePassword,
      minLength: MIN_PASSWORD_LENGTH,
      resetNotice: await this.resetNotice(auth),
    };
  }

  /** When and by whom an administrator reset the caller's password, if not dealt with yet. */
  private async resetNotice(auth: AuthContext): Promise<{ at: string; by: string } | null> {
    const user = await this.users.findById(auth.userId);
    return user ? this.users.passwordResetNotice(user) : null;
  }

  @Post('account/password')
  @RequirePermission(Permission.AccountManage)
  @AllowDuringPasswordChange()
  @AuditedManually()
  async changePassword(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Body() form: ChangePasswordFormDto,
  ): Promise<void> {
    try {
      if (form.newPassword !== form.confirmPassword)
        throw AppException.rule(ErrorCode.PasswordConfirmationMismatch);
      const issued = await this.auth.changePassword(req, auth, form.currentPassword, form.newPassword);
      this.setSessionCookie(reply, issued.token);
      setFlash(reply, 'success', 'auth.password.changed');
      await reply.redirect('/', 303);
    } catch (err) {
      if (!(err instanceof AppException)) throw err;
      await reply.status(err.getStatus()).view('auth/change-password', {
        ...buildViewContext(req, reply),
        title: 'auth.password.title',
        forced: auth.mustChangePassword,
        minLength: MIN_PASSWORD_LENGTH,
        resetNotice: await this.resetNotice(auth),
        errorKey: `errors.${err.code}`,
      });
    }
  }

  /** The language switch: remembered in a cookie, and on the account when logged in. */
  @Post('language')
  @Public()
  async language(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @Body() form: LanguageFormDto,
  ): Promise<void> {
    this.setLanguageCookie(reply, form.language);
    if (req.auth) await this.users.setLanguage(req.auth.userId, form.language);
    await reply.redirect(safeNext(form.next), 303);
  }
}
