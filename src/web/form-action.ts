import { HttpStatus, Type } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { AuditService } from '../platform/audit/audit.service';
import { AppException, ErrorCode } from '../platform/common/app.exception';
import { AppRequest } from '../platform/common/request-context';
import type { Translator } from '../platform/i18n/translator';
import { setFlash } from './flash';
import { recordAudit, validateInput } from './forms';

/*
 * The one form action of every page: validate the form into its DTO, run the work, audit the outcome,
 * flash and answer 303. A refusal of the input or of a rule (400/409/413/415/422) is the form's
 * problem: it is audited and shown — by re-rendering the form (`runForm` with a re-render) or by a 303
 * back to the page with `?error=<CODE>` (`formAction`). Not seeing the record (404), not being
 * allowed (403) or a missing session (401) are not form problems: they go to the error page.
 */

/** Page statuses that are not form problems: they go to the error page. */
const NOT_FORM_PROBLEMS: number[] = [HttpStatus.FORBIDDEN, HttpStatus.NOT_FOUND, HttpStatus.UNAUTHORIZED];

/** Validates a page form with the application's rules; throws the 400 on bad input. */
export async function parseForm<T extends object>(cls: Type<T>, raw: unknown): Promise<T> {
  const parsed = await validateInput(cls, raw ?? {});
  if (parsed.error) throw parsed.error;
  return parsed.value;
}

interface RunFormBase {
  /** The audit action (the route's permission). */
  action: string;
  resourceId?: string | null;
  /** Shows a form problem (re-render, or redirect back with its code). */
  problem: (err: AppException) => Promise<void>;
  /** Which refusals are the form's problems (default: all but 401, 403 and 404, which go to the error page). */
  shows?: (err: AppException) => boolean;
}

/** The answer to a success: flash + 303 (the default), or a page of its own (e.g. a one-time password). */
type RunFormAnswer<T> =
  | {
      /** Translation key of the success message. */
      flash: string;
      /** Where to go on success. */
      next: (result: T) => string;
    }
  | { answer: (result: T) => Promise<void> };

export type RunFormOptions<T> = RunFormBase &
  RunFormAnswer<T> & {
    /** The audited record of a success that creates one (default: `resourceId`). */
    createdId?: (result: T) => string;
  };

/** The form action itself: work, audit, then flash + 303 (or the success's own answer) or the form's problem. */
export async function runForm<T>(
  req: AppRequest,
  reply: FastifyReply,
  audit: AuditService,
  opts: RunFormOptions<T>,
  work: () => Promise<T>,
): Promise<void> {
  const resourceId = opts.resourceId ?? null;
  let result: T;
  try {
    result = await work();
  } catch (err) {
    await recordAudit(audit, req, opts.action, resourceId, err).catch(() => undefined);
    if (!(err instanceof AppException)) throw err;
    if (!(opts.shows ? opts.shows(err) : !NOT_FORM_PROBLEMS.includes(err.getStatus()))) throw err;
    await opts.problem(err);
    return;
  }
  await recordAudit(audit, req, opts.action, opts.createdId ? opts.createdId(result) : resourceId);
  if ('answer' in opts) return opts.answer(result);
  setFlash(reply, 'success', opts.flash);
  await reply.redirect(opts.next(result), 303);
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

/**
 * A form of a page that answers 303 back to it: with a success flash, or with
 * `?error=<CODE>#anchor` when the input or a rule refused it.
 */
export async function formAction(
  reply: FastifyReply,
  req: AppRequest,
  audit: AuditService,
  opts: FormActionOptions,
  work: () => Promise<unknown>,
): Promise<void> {
  const hash = opts.anchor ? `#${opts.anchor}` : '';
  await runForm(
    req,
    reply,
    audit,
    {
      action: opts.action,
      resourceId: opts.resourceId,
      flash: opts.flash,
      next: (result) => (opts.next ? opts.next(result) : `${opts.back}${hash}`),
      problem: async (err) => {
        await reply.redirect(`${opts.back}?error=${encodeURIComponent(err.code)}${hash}`, 303);
      },
    },
    work,
  );
}

/**
 * A form of the case page: answers 303 back to its section page (`/cases/:id` for the overview,
 * `/cases/:id/<page>` for the others) at `#anchor`, audited under `action` with the case as resource.
 */
export function caseSectionFormAction(
  reply: FastifyReply,
  req: AppRequest,
  audit: AuditService,
  opts: { caseId: string; page?: string; anchor: string; action: string; flash: string; resourceId?: string },
  work: () => Promise<unknown>,
): Promise<void> {
  const page = opts.page ? `/${opts.page}` : '';
  return formAction(
    reply,
    req,
    audit,
    {
      back: `/cases/${encodeURIComponent(opts.caseId)}${page}`,
      anchor: opts.anchor,
      action: opts.action,
      flash: opts.flash,
      resourceId: opts.resourceId ?? opts.caseId,
    },
    work,
  );
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
