import { applyDecorators, HttpException, HttpStatus, ParseUUIDPipe, Type } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import type { AuditService } from '../platform/audit/audit.service';
import { AppException, codeForStatus, ErrorCode } from '../platform/common/app.exception';
import { AppRequest, Language } from '../platform/common/request-context';
import { createValidationPipe } from '../platform/common/validation';
import { errorBody } from './all-exceptions.filter';
import type { Translator } from '../platform/i18n/translator';

/*
 * Helpers shared by the administration controllers (users, institutions, audit log): the documented
 * error shape, the id parameter, form validation that re-renders the form instead of an error page,
 * and the audit record of handlers that report their own outcome.
 */

export class ErrorDetailDto {
  @ApiProperty({ example: 'username' }) field: string;
  @ApiProperty({ example: 'Nama pengguna paling sedikit 3 karakter.' }) message: string;
}

export class ErrorResponseDto {
  @ApiProperty({ example: 400 }) statusCode: number;
  @ApiProperty({ example: 'Bad Request' }) error: string;
  @ApiProperty({ description: "Translated into the caller's language" }) message: string;
  @ApiProperty({ description: 'Stable machine code', example: ErrorCode.ValidationFailed }) code: string;
  @ApiPropertyOptional({ type: [ErrorDetailDto] }) details?: ErrorDetailDto[];
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Invalid input (unknown field, wrong type, bad id, out-of-range page size)',
  401: 'Not logged in, or the session has ended',
  403: 'The caller lacks the permission (recorded in the audit log as denied)',
  404: 'No such record',
  409: 'Conflict (taken name, or VERSION_CONFLICT: the record changed since it was read)',
  422: 'Refused by a rule (see the code)',
};

/** Documents the error responses of an operation, all with the common error shape. */
export function ApiErrors(...statuses: number[]) {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: STATUS_TEXT[status] ?? 'Error', type: ErrorResponseDto }),
    ),
  );
}

/** `:id` path parameter: a UUID, else 400 VALIDATION_FAILED naming the `id` field. */
export function idPipe(): ParseUUIDPipe {
  return new ParseUUIDPipe({
    exceptionFactory: () =>
      new AppException(ErrorCode.ValidationFailed, HttpStatus.BAD_REQUEST, {}, [
        { field: 'id', rule: 'isUuid' },
      ]),
  });
}

/** An optional field that, when present, must not be null (null is not "leave unchanged"). */
export function OptionalNotNull() {
  return ValidateIf((_o, value) => value !== undefined);
}

/** Every page form posts its CSRF token; the form DTOs allow it. */
export class CsrfFormDto {
  @IsOptional()
  @IsString()
  @MaxLength(200)
  _csrf?: string;
}

export type Validated<T> = { value: T; error?: undefined } | { value?: undefined; error: AppException };

/**
 * Validates a page's form (or filter query) with the application's own validation rules, returning
 * the problem instead of throwing it, so that the page can re-render the form with the entered values.
 */
export async function validateInput<T extends object>(
  cls: Type<T>,
  raw: unknown,
  type: 'body' | 'query' = 'body',
): Promise<Validated<T>> {
  try {
    const value = (await createValidationPipe().transform(raw ?? {}, { type, metatype: cls })) as T;
    return { value };
  } catch (err) {
    if (err instanceof AppException) return { error: err };
    throw err;
  }
}

export interface FormError {
  status: number;
  errorKey: string;
  fieldErrors: { field: string; message: string }[];
  invalid: Record<string, boolean>;
}

/** The view data of a refused form: the error message key and the translated field problems. */
export function formError(err: AppException, translator: Translator, lang: Language): FormError {
  const status = err.getStatus();
  const body = errorBody(translator, lang, status, err.code, err.args, err.problems);
  const fieldErrors = body.details ?? [];
  return {
    status,
    errorKey: `errors.${err.code}`,
    fieldErrors,
    invalid: Object.fromEntries(fieldErrors.map((d) => [d.field.split('.')[0], true])),
  };
}

/** A raw form or query value as text, for re-displaying what was entered. */
export function textOf(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

/** A raw form value that may be repeated (checkboxes), as a list of strings. */
export function listOf(value: unknown): string[] {
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values.filter((v): v is string => typeof v === 'string');
}

/**
 * Records the outcome of a handler marked `@AuditedManually()`: allowed, or failed with the
 * error's code. Only ids and codes, never the submitted values.
 */
export async function recordAudit(
  audit: AuditService,
  req: AppRequest,
  action: string,
  resourceId: string | null,
  err?: unknown,
): Promise<void> {
  const base = { action, resourceType: action.split('.')[0], resourceId };
  if (err === undefined) {
    await audit.record(req, { ...base, outcome: 'allowed' });
    return;
  }
  const status = err instanceof HttpException ? err.getStatus() : 500;
  const code = err instanceof AppException ? err.code : codeForStatus(status);
  await audit.record(req, { ...base, outcome: status === 403 ? 'denied' : 'failed', code });
}
