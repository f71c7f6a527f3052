import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuditService } from '../platform/audit/audit.service';
import { AppException, codeForStatus, ErrorCode, FieldProblem } from '../platform/common/app.exception';
import { AppRequest, isApiRequest, languageOf, Language } from '../platform/common/request-context';
import { fieldLabel } from '../platform/i18n/field-label';
import { Translator } from '../platform/i18n/translator';
import { buildViewContext } from './view-context';
import { withNumbersFormatted } from '../platform/common/format';

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  code: string;
  details?: { field: string; message: string }[];
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Maps any thrown value to a status and a stable code. */
export function classify(exception: unknown): {
  status: number;
  code: string;
  args: Record<string, unknown>;
  problems: FieldProblem[];
} {
  if (exception instanceof AppException) {
    return {
      status: exception.getStatus(),
      code: exception.code,
      args: exception.args,
      problems: exception.problems,
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    return { status, code: codeForStatus(status), args: {}, problems: [] };
  }
  const e = exception as { statusCode?: number; code?: string } | undefined;
  // Errors raised by Fastify before Nest (bad JSON, wrong content type, body too large).
  if (e && typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    const code =
      e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
        ? ErrorCode.UnsupportedMediaType
        : codeForStatus(e.statusCode);
    return { status: e.statusCode, code, args: {}, problems: [] };
  }
  return { status: HttpStatus.INTERNAL_SERVER_ERROR, code: ErrorCode.Internal, args: {}, problems: [] };
}

/**
 * The one exception filter: the JSON error shape under /api, an HTML error page elsewhere (a
 * redirect to the login page when the session is missing). Every 403 is audited here.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  constructor(
    private readonly translator: Translator,
    private readonly audit: AuditService,
  ) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const ctx = host.switchToHttp();
    await respondWithError(
      exception,
      ctx.getRequest<AppRequest>(),
      ctx.getResponse<FastifyReply>(),
      this.translator,
      this.audit,
      this.logger,
    );
  }
}

export function errorBody(
  translator: Translator,
  lang: Language,
  status: number,
  code: string,
  args: Record<string, unknown>,
  problems: FieldProblem[],
): ErrorBody {
  const body: ErrorBody = {
    statusCode: status,
    error: REASONS[status] ?? 'Error',
    message: translator.t(`errors.${code}`, lang, args),
    code,
  };
  if (problems.length) {
    body.details = problems.map((p) => {
      const field = fieldLabel(translator, lang, p.field);
      const ruleKey = translator.has(`validation.${p.rule}`, lang)
        ? `validation.${p.rule}`
        : 'validation.invalid';
      // Limits in the reader's notation ("4.000 karakter").
      const args = withNumbersFormatted(p.args, lang);
      return { field: p.field, message: translator.t(ruleKey, lang, { ...args, field }) };
    });
    body.message = `${body.message} ${body.details.map((d) => d.message).join('; ')}`;
  }
  return body;
}

export async function respondWithError(
  exception: unknown,
  req: AppRequest,
  reply: FastifyReply,
  translator: Translator,
  audit: AuditService,
  logger: Logger,
): Promise<void> {
  const { status, code, args, problems } = classify(exception);
  if (status >= 500) {
    // Only the error's type and message: values from the request never reach the logs.
    const err = exception as Error;
    logger.error(
      `request ${req.id} failed: ${err?.name ?? 'Error'}: ${err?.message ?? String(exception)}`,
      err?.stack,
    );
  }
  if (status === HttpStatus.FORBIDDEN && !req.denialAudited) {
    const action = req.routePermission ?? `${req.method} ${req.routeOptions?.url ?? ''}`.trim();
    const params = (req.params ?? {}) as Record<string, string>;
    await audit
      .record(req, {
        action,
        outcome: 'denied',
        code,
        resourceType: req.routePermission?.split('.')[0] ?? null,
        resourceId: params.id ?? null,
      })
      .catch(() => undefined);
  }
  if (reply.sent) return;
  const lang = languageOf(req);
  const body = errorBody(translator, lang, status, code, args, problems);
  if (isApiRequest(req) || !(reply as any).view) {
    await reply.status(status).type('application/json; charset=utf-8').send(body);
    return;
  }
  if (status === HttpStatus.UNAUTHORIZED && req.method === 'GET') {
    await reply.redirect(`/login?next=${encodeURIComponent(req.url)}`, 303);
    return;
  }
  if (code === ErrorCode.PasswordChangeRequired && req.method === 'GET') {
    await reply.redirect('/account/password', 303);
    return;
  }
  try {
    await reply.status(status).view('errors/error', {
      ...buildViewContext(req, reply),
      status,
      error: body,
      title: `errors.status.${status}`,
      // A form sent after the session ended: "sign in again" leads back to the form's page.
      loginNext: status === HttpStatus.UNAUTHORIZED ? refererPath(req) : null,
    });
  } catch (renderErr) {
    logger.error(`error page failed: ${(renderErr as Error).message}`);
    if (!reply.sent)
      await reply.status(status).type('text/plain; charset=utf-8').send(`${status} ${body.message}`);
  }
}

/** The path (and query) of the page the request came from, when it is this application's; else null. */
export function refererPath(req: FastifyRequest): string | null {
  const referer = req.headers.referer;
  const host = req.headers.host;
  if (!referer || !host) return null;
  try {
    const u = new URL(referer);
    if (u.host !== host || !u.pathname.startsWith('/') || u.pathname.startsWith('//')) return null;
    return encodeURIComponent(u.pathname + u.search);
  } catch {
    return null;
  }
}
