import type {} from '@fastify/cookie';
import type {} from '@fastify/view';
import type {} from '@fastify/csrf-protection';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Who is calling, resolved once per request by the global AuthGuard. */
export interface AuthContext {
  userId: string;
  username: string;
  displayName: string;
  roles: string[];
  /** The caller's permissions (`Permission` values of auth/permissions.ts; common sits below auth). */
  permissions: ReadonlySet<string>;
  institutionId: string | null;
  sessionId: string;
  mustChangePassword: boolean;
  language: string;
}

export type AppRequest = FastifyRequest & {
  auth?: AuthContext;
  i18nLang?: string;
  /** The permission the route declared, set by the guard (for the audit). */
  routePermission?: string;
  /** Set once the request's denial is in the audit log (a refusal is recorded exactly once). */
  denialAudited?: boolean;
  /**
   * For a handler that sends the reply itself (@Res()): the "allowed" audit row, written by the
   * onSend hook before the first byte leaves, so nothing is served without its audit row.
   */
  auditBeforeSend?: (() => Promise<void>) | null;
};
export type AppReply = FastifyReply;

export const SUPPORTED_LANGUAGES = ['id', 'en'] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'id';

/**
 * The path a request is about, as the router sees it: the pattern of the route it matched (the
 * router decodes `%61` and matches `/%61pi/cases` to `/api/cases`), or, when no route matched, the
 * raw path decoded and normalised (`//`, `.` and `..` segments resolved, lower case). Never the raw
 * URL alone: a check on it can be walked around by spelling the same route differently.
 */
export function routedPath(req: { url: string; routeOptions?: { url?: string } }): string {
  const pattern = req.routeOptions?.url;
  if (pattern) return pattern;
  let path = req.url.split('?')[0];
  for (let i = 0; i < 3 && /%[0-9a-f]{2}/i.test(path); i++) {
    try {
      path = decodeURIComponent(path);
    } catch {
      break;
    }
  }
  const segments: string[] = [];
  for (const segment of path.split(/[/\\]+/)) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  return `/${segments.join('/')}`.toLowerCase();
}

/** Whether a request is for the JSON API (Bearer tokens only, no CSRF, JSON errors). */
export function isApiRequest(req: { url: string; routeOptions?: { url?: string } }): boolean {
  const path = routedPath(req);
  return path === '/api' || path.startsWith('/api/');
}

export const LANGUAGE_COOKIE = 'lang';

export function isSupportedLanguage(lang: unknown): lang is Language {
  return typeof lang === 'string' && (SUPPORTED_LANGUAGES as readonly string[]).includes(lang);
}
const supported = isSupportedLanguage;

/**
 * The language of a request, decided in one place: the `lang` cookie (set by the language switch
 * and at login from the user's saved choice), then Accept-Language, then Bahasa Indonesia.
 */
export function languageOf(req: FastifyRequest): Language {
  const cookies = (req as any).cookies as Record<string, string> | undefined;
  const fromCookie = cookies?.[LANGUAGE_COOKIE];
  if (supported(fromCookie)) return fromCookie;
  const header = req.headers?.['accept-language'];
  if (typeof header === 'string') {
    const ranked = header
      .split(',')
      .map((part) => {
        const [tag, ...params] = part.trim().split(';');
        const q = params.find((p) => p.trim().startsWith('q='));
        return { lang: tag.trim().slice(0, 2).toLowerCase(), q: q ? Number(q.trim().slice(2)) || 0 : 1 };
      })
      .filter((r) => r.q > 0)
      .sort((a, b) => b.q - a.q);
    const match = ranked.find((r) => supported(r.lang));
    if (match) return match.lang as Language;
  }
  return DEFAULT_LANGUAGE;
}

export function clientIp(req: FastifyRequest): string | null {
  return req.ip ?? null;
}

/** The route pattern (never the raw URL with its query string). */
export function routePattern(req: FastifyRequest): string | null {
  return (req.routeOptions?.url as string | undefined) ?? null;
}
