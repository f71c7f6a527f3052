import type { FastifyReply } from 'fastify';
import { AuditService } from '../../platform/audit/audit.service';
import { AppRequest } from '../../platform/common/request-context';
import { caseSectionFormAction } from '../../web/form-action';

/*
 * Small helpers shared by the case tracks (counseling, shelter, support services, case conferences):
 * the page forms that post back to the case page (dates, form lists and the form
 * action come from web/).
 */

/** The case page section (its own page, `/cases/:id/<page>`) each form's anchor lives on. */
const SECTION_PAGES: Record<string, string> = {
  counseling: 'counseling',
  risk: 'counseling',
  'safety-plan': 'counseling',
  shelter: 'shelter',
  services: 'services',
  conferences: 'conferences',
};

/**
 * Runs a case page form's action and answers with a 303 back to its section page: to `#section` with a
 * success flash, or to `?error=<CODE>#section` when the input or a rule refused it (the page kit's
 * form action, with the case page as the way back).
 */
export function caseFormAction(
  reply: FastifyReply,
  req: AppRequest,
  audit: AuditService,
  opts: { caseId: string; section: string; action: string; flash: string; resourceId?: string },
  work: () => Promise<unknown>,
): Promise<void> {
  const { section, ...rest } = opts;
  return caseSectionFormAction(
    reply,
    req,
    audit,
    { ...rest, page: SECTION_PAGES[section] ?? section, anchor: section },
    work,
  );
}
