import type { FastifyReply } from 'fastify';
import { AppRequest, languageOf, SUPPORTED_LANGUAGES } from '../platform/common/request-context';
import { csrfBinding } from './csrf';
import { SESSION_COOKIE } from '../platform/config/app.config';
import { takeFlash } from './flash';
import { navigationFor } from './navigation';

let sessionIdleSeconds = 0;

/** The session's idle time, for the warning before it ends (set once from the configuration). */
export function setSessionIdleSeconds(seconds: number): void {
  sessionIdleSeconds = seconds;
}

/** Data every page's layout needs: language, caller, navigation, CSRF token, flash message. */
export function buildViewContext(req: AppRequest, reply: FastifyReply): Record<string, unknown> {
  const lang = languageOf(req);
  const path = req.url.split('?')[0];
  const auth = req.auth;
  return {
    i18nLang: lang,
    lang,
    languages: SUPPORTED_LANGUAGES.map((code) => ({ code, current: code === lang })),
    currentPath: path,
    currentUrl: req.url,
    auth: auth
      ? {
          username: auth.username,
          displayName: auth.displayName,
          roles: auth.roles,
          mustChangePassword: auth.mustChangePassword,
        }
      : null,
    nav: navigationFor(auth, path),
    // The warning before the idle expiry (public/js/session.js), for a signed-in caller.
    sessionIdleSeconds: auth ? sessionIdleSeconds : 0,
    // Bound to the session the browser presents (bootstrap.ts, csrfBinding).
    csrfToken: (reply as any).generateCsrf
      ? (reply as any).generateCsrf({ userInfo: csrfBinding(req, SESSION_COOKIE) })
      : '',
    flash: takeFlash(req, reply),
  };
}
