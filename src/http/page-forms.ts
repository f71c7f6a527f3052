import { HttpStatus, Type } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AuditService } from '../audit/audit.service';
import { AppException, ErrorCode } from '../common/app.exception';
import { AppRequest } from '../common/request-context';
import { setFlash } from './flash';
import { Translator } from '../i18n/translator';
import { recordAudit, validateInput } from './forms';

/*
 * Page helpers of the pages whose forms post, then answer with a
 * 303 back to the page they came from — with a success flash, or `?error=<CODE>` for the page to
 * show — and a refusal to see (404), to act (403) or a missing session (401) goes to the error page.
 */

/** Validates a page form with the application's rules; throws the 400 on bad input. */
export async function parseForm<T extends object>(cls: Type<T>, raw: unknown): Promise<T> {
  const parsed = await validateInput(cls, raw ?? {});
  if (parsed.error) throw parsed.error;
  return parsed.value;
}

export interface FormActionOptions {
  /** Where to go back: a page path (no query, no anchor). */
  back: string;
  anchor?: string;
  /** The audit action (the route's permission). */
  action: string;
  /** Translation key of the success message. */
  flash: string;
  resourceId: string | null;
  /** Where to go on success, when not back (e.g. a new record's page). */
  next?: (result: unknown) => string;
}

export async function formAction(
  reply: FastifyReply,
  req: AppRequest,
  audit: AuditService,
  opts: FormActionOptions,
  work: () => Promise<unknown>,
): Promise<void> {
  const hash = opts.anchor ? `#${opts.anchor}` : '';
  let result: unknown;
  try {
    result = await work();
  } catch (err) {
    await recordAudit(audit, req, opts.action, opts.resourceId, err).catch(() => undefined);
    if (!(err instanceof AppException)) throw err;
    const status = err.getStatus();
    if (
      status === HttpStatus.FORBIDDEN ||
      status === HttpStatus.NOT_FOUND ||
      status === HttpStatus.UNAUTHORIZED
    )
      throw err;
    await reply.redirect(`${opts.back}?error=${encodeURIComponent(err.code)}${hash}`, 303);
    return;
  }
  await recordAudit(audit, req, opts.action, opts.resourceId);
  setFlash(reply, 'success', opts.flash);
  await reply.redirect(opts.next ? opts.next(result) : `${opts.back}${hash}`, 303);
}

/**
 * A look-up a page handler needs before its form action (e.g. the case to go back to): a refusal
 * (404 not yours, 403) is audited under the action's name, like a refusal of the action itself.
 */
export async function auditedLookup<T>(
  audit: AuditService,
  req: AppRequest,
  action: string,
  resourceId: string | null,
  lookup: () => Promise<T>,
): Promise<T> {
  try {
    return await lookup();
  } catch (err) {
    await recordAudit(audit, req, action, resourceId, err).catch(() => undefined);
    throw err;
  }
}

/** The `?error=` code of a page, if it is a known one (never echo arbitrary text). */
export function pageError(translator: Translator, raw: unknown): string | null {
  if (typeof raw !== 'string' || !/^[A-Z][A-Z0-9_]{1,60}$/.test(raw)) return null;
  return translator.has(`errors.${raw}`) ? `errors.${raw}` : null;
}

/** A 400 for a page parameter that is not what it should be. */
export function badRequest(): AppException {
  return new AppException(ErrorCode.BadRequest, HttpStatus.BAD_REQUEST);
}
