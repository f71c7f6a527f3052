import { HttpException, HttpStatus } from '@nestjs/common';
import { AuditService } from '../platform/audit/audit.service';
import { AppException, codeForStatus } from '../platform/common/app.exception';
import { AppRequest } from '../platform/common/request-context';

/**
 * Audits a print or download of a case's chronology: allowed with the purpose code in `code`, or
 * failed with the error's code. Denials (403) are recorded by the exception filter. Ids and codes
 * only — never the free text of the purpose or anything printed.
 */
export async function auditedPrint<T>(
  audit: AuditService,
  req: AppRequest,
  action: string,
  caseId: string,
  purpose: string,
  work: () => Promise<T>,
): Promise<T> {
  const base = {
    action,
    resourceType: 'chronology',
    resourceId: /^[0-9a-f-]{36}$/i.test(caseId) ? caseId : null,
  };
  let result: T;
  try {
    result = await work();
  } catch (err) {
    const status = err instanceof HttpException ? err.getStatus() : HttpStatus.INTERNAL_SERVER_ERROR;
    if (status !== HttpStatus.FORBIDDEN) {
      const code = err instanceof AppException ? err.code : codeForStatus(status);
      await audit.record(req, { ...base, outcome: 'failed', code }).catch(() => undefined);
    }
    throw err;
  }
  await audit.record(req, { ...base, outcome: 'allowed', code: purpose });
  return result;
}
