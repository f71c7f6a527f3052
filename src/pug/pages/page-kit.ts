import { HttpStatus, Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AuditService } from '../../audit/audit.service';
import { AppException } from '../../common/app.exception';
import { AppRequest, languageOf } from '../../common/request-context';
import { setFlash } from '../../http/flash';
import { buildViewContext } from '../../http/view-context';
import { Translator } from '../../i18n/translator';
import { formError, FormError, recordAudit } from '../../http/forms';
import { InstitutionsService } from '../../institutions/institutions.service';

/** Page statuses that are not form problems: they go to the error page. */
const NOT_FORM_PROBLEMS: number[] = [HttpStatus.FORBIDDEN, HttpStatus.NOT_FOUND, HttpStatus.UNAUTHORIZED];

/** A raw form value that may be repeated, by position (empty entries kept). */
export function rows(value: unknown): string[] {
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values.map((v) => (typeof v === 'string' ? v : ''));
}

/** Empty form text → undefined (the DTO's "not given"). */
export function blank(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** Empty → null (clear the value), for nullable fields. */
export function blankNull(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

/** Digits → number; empty → undefined; anything else stays to be refused by the DTO. */
export function num(value: unknown): unknown {
  if (value === undefined || value === '') return undefined;
  return typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
}

/**
 * What every PUG and programme page needs: rendering with the layout's context, the audit record of a
 * form, form errors in the caller's language, flash + 303, and institution options for selects.
 */
@Injectable()
export class PageKit {
  constructor(
    readonly translator: Translator,
    private readonly audit: AuditService,
    private readonly institutions: InstitutionsService,
  ) {}

  async render(
    req: AppRequest,
    reply: FastifyReply,
    view: string,
    data: Record<string, unknown>,
    status = 200,
  ): Promise<void> {
    await reply.status(status).view(view, { ...buildViewContext(req, reply), ...data });
  }

  problem(req: AppRequest, err: AppException): FormError {
    return formError(err, this.translator, languageOf(req));
  }

  /**
   * Runs a full-page form: on success records the audit, sets the flash and answers 303 to the URL
   * `work` returns; on a refusal (400/409/413/415/422) records it and re-renders with `rerender`.
   */
  async form(
    req: AppRequest,
    reply: FastifyReply,
    opts: { action: string; resourceId?: string | null; flash: string },
    work: () => Promise<string>,
    rerender: (problem: FormError) => Promise<void>,
  ): Promise<void> {
    let next: string;
    try {
      next = await work();
    } catch (err) {
      await recordAudit(this.audit, req, opts.action, opts.resourceId ?? null, err).catch(() => undefined);
      if (!(err instanceof AppException) || NOT_FORM_PROBLEMS.includes(err.getStatus())) throw err;
      await rerender(this.problem(req, err));
      return;
    }
    await recordAudit(this.audit, req, opts.action, opts.resourceId ?? null);
    setFlash(reply, 'success', opts.flash);
    await reply.redirect(next, 303);
  }

  /**
   * Runs a small form of a detail page and answers 303 back to it: with a success flash, or with
   * `?error=<CODE>#section` when the input or a rule refused it.
   */
  async inline(
    req: AppRequest,
    reply: FastifyReply,
    opts: { action: string; resourceId: string; back: string; section: string; flash: string },
    work: () => Promise<unknown>,
  ): Promise<void> {
    try {
      await work();
    } catch (err) {
      await recordAudit(this.audit, req, opts.action, opts.resourceId, err).catch(() => undefined);
      if (!(err instanceof AppException) || NOT_FORM_PROBLEMS.includes(err.getStatus())) throw err;
      await reply.redirect(`${opts.back}?error=${encodeURIComponent(err.code)}#${opts.section}`, 303);
      return;
    }
    await recordAudit(this.audit, req, opts.action, opts.resourceId);
    setFlash(reply, 'success', opts.flash);
    await reply.redirect(`${opts.back}#${opts.section}`, 303);
  }

  /** `?error=CODE` of an inline form, as the error partial's key (only codes: never free text). */
  inlineError(raw: Record<string, unknown>): string | null {
    const code = raw.error;
    return typeof code === 'string' && /^[A-Z_]{3,60}$/.test(code) ? `errors.${code}` : null;
  }

  /** Active institutions (plus the selected ones, even if inactive) for select boxes. */
  async institutionOptions(selected: (string | null | undefined)[] = []) {
    const active = await this.institutions.listActive();
    const options = active.map((i) => ({ id: i.id, name: i.name, type: i.type }));
    for (const id of selected) {
      if (id && !options.some((o) => o.id === id)) {
        const i = await this.institutions.get(id).catch(() => null);
        if (i) options.push({ id: i.id, name: i.name, type: i.type });
      }
    }
    return options;
  }
}
