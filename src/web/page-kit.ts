import { Injectable, Module } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AuditService } from '../platform/audit/audit.service';
import { AppException } from '../platform/common/app.exception';
import { AppRequest, languageOf } from '../platform/common/request-context';
import { Translator } from '../platform/i18n/translator';
import { formAction, runForm } from './form-action';
import { formError, FormError } from './forms';
import { buildViewContext } from './view-context';

/** Renders a page with the layout's context (navigation, language, flash, CSRF token). */
export async function renderPage(
  req: AppRequest,
  reply: FastifyReply,
  view: string,
  data: Record<string, unknown>,
  status = 200,
): Promise<void> {
  await reply.status(status).view(view, { ...buildViewContext(req, reply), ...data });
}

/**
 * What page controllers share: rendering with the layout's context, form problems in the caller's
 * language, and the form action (validate, run, audit, flash, 303; a refusal re-renders the form or
 * goes back to the page with its code).
 */
@Injectable()
export class PageKit {
  constructor(
    readonly translator: Translator,
    readonly audit: AuditService,
  ) {}

  render(
    req: AppRequest,
    reply: FastifyReply,
    view: string,
    data: Record<string, unknown>,
    status = 200,
  ): Promise<void> {
    return renderPage(req, reply, view, data, status);
  }

  problem(req: AppRequest, err: AppException): FormError {
    return formError(err, this.translator, languageOf(req));
  }

  /**
   * Runs a full-page form: on success records the audit, sets the flash and answers 303 to the URL
   * `work` returns; on a refusal (400/409/413/415/422) records it and re-renders with `rerender`.
   */
  form(
    req: AppRequest,
    reply: FastifyReply,
    opts: { action: string; resourceId?: string | null; flash: string },
    work: () => Promise<string>,
    rerender: (problem: FormError) => Promise<void>,
  ): Promise<void> {
    return runForm(
      req,
      reply,
      this.audit,
      { ...opts, next: (url) => url, problem: (err) => rerender(this.problem(req, err)) },
      work,
    );
  }

  /**
   * Runs a small form of a detail page and answers 303 back to it: with a success flash, or with
   * `?error=<CODE>#section` when the input or a rule refused it.
   */
  inline(
    req: AppRequest,
    reply: FastifyReply,
    opts: { action: string; resourceId: string; back: string; section: string; flash: string },
    work: () => Promise<unknown>,
  ): Promise<void> {
    return formAction(
      reply,
      req,
      this.audit,
      {
        back: opts.back,
        anchor: opts.section,
        action: opts.action,
        flash: opts.flash,
        resourceId: opts.resourceId,
      },
      work,
    );
  }

  /** `?error=CODE` of an inline form, as the error partial's key (only codes: never free text). */
  inlineError(raw: Record<string, unknown>): string | null {
    const code = raw.error;
    return typeof code === 'string' && /^[A-Z_]{3,60}$/.test(code) ? `errors.${code}` : null;
  }
}

/** The page kit, for the modules whose controllers render pages. */
@Module({ providers: [PageKit], exports: [PageKit] })
export class WebModule {}
