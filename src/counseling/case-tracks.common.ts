import { applyDecorators, HttpStatus } from '@nestjs/common';
import { IsDateString, Matches } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppException } from '../common/app.exception';
import { AppRequest } from '../common/request-context';
import { setFlash } from '../http/flash';
import { recordAudit } from '../http/forms';
import { User } from '../users/user.entity';

/*
 * Small helpers shared by the case tracks (counseling, shelter, support services, case conferences):
 * the date rule with its message, staff names, form lists, and the page forms that post back to the
 * case page (dates, row locks and form parsing come from common/, database/ and http/).
 */

export const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date `YYYY-MM-DD` that exists (2026-02-30 is refused). */
export function IsDateOnly() {
  return applyDecorators(
    Matches(DATE_ONLY, { message: 'must be a date YYYY-MM-DD' }),
    IsDateString({ strict: true, strictSeparator: true }),
  );
}

/** Staff display names by id (one query). */
export async function staffNames(
  m: EntityManager,
  ids: (string | null | undefined)[],
): Promise<Map<string, string>> {
  const unique = [...new Set(ids.filter((id): id is string => !!id))];
  if (!unique.length) return new Map();
  const users = await m.find(User, { where: { id: In(unique) }, select: { id: true, displayName: true } });
  return new Map(users.map((u) => [u.id, u.displayName]));
}

/** Text with one entry per line, as a list (blank lines dropped). */
export function linesOf(value: unknown): string[] {
  if (typeof value !== 'string') return [];
  return value
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

/** A repeated form field as a list of strings, by position (empty entries kept). */
export function repeated(value: unknown): string[] {
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values.map((v) => (typeof v === 'string' ? v : ''));
}

/**
 * Runs a case page form's action and answers with a 303 back to the case page: to `#section` with a
 * success flash, or to `?error=<CODE>#section` when the input or a rule refused it. Not seeing the
 * case (404) or not being allowed (403) are not form problems: they go to the error page.
 */
export async function caseFormAction(
  reply: FastifyReply,
  req: AppRequest,
  audit: AuditService,
  opts: { caseId: string; section: string; action: string; flash: string; resourceId?: string },
  work: () => Promise<unknown>,
): Promise<void> {
  const back = `/cases/${encodeURIComponent(opts.caseId)}`;
  try {
    await work();
  } catch (err) {
    await recordAudit(audit, req, opts.action, opts.resourceId ?? opts.caseId, err).catch(() => undefined);
    if (!(err instanceof AppException)) throw err;
    const status = err.getStatus();
    if (
      status === HttpStatus.FORBIDDEN ||
      status === HttpStatus.NOT_FOUND ||
      status === HttpStatus.UNAUTHORIZED
    )
      throw err;
    await reply.redirect(`${back}?error=${encodeURIComponent(err.code)}#${opts.section}`, 303);
    return;
  }
  await recordAudit(audit, req, opts.action, opts.resourceId ?? opts.caseId);
  setFlash(reply, 'success', opts.flash);
  await reply.redirect(`${back}#${opts.section}`, 303);
}
