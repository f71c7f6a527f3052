import { HttpException, HttpStatus } from '@nestjs/common';

/**
 * Stable machine codes of every error Lentera returns. The message shown to the caller is the
 * translation of `errors.<CODE>` in the caller's language (i18n/<lang>/errors.json).
 */
export enum ErrorCode {
  ValidationFailed = 'VALIDATION_FAILED',
  BadRequest = 'BAD_REQUEST',
  Unauthenticated = 'UNAUTHENTICATED',
  SessionExpired = 'SESSION_EXPIRED',
  LoginFailed = 'LOGIN_FAILED',
  AccountLocked = 'ACCOUNT_LOCKED',
  AccountDisabled = 'ACCOUNT_DISABLED',
  Forbidden = 'FORBIDDEN',
  PasswordChangeRequired = 'PASSWORD_CHANGE_REQUIRED',
  CsrfInvalid = 'CSRF_INVALID',
  NotFound = 'NOT_FOUND',
  VersionConflict = 'VERSION_CONFLICT',
  Conflict = 'CONFLICT',
  UsernameTaken = 'USERNAME_TAKEN',
  InstitutionNameTaken = 'INSTITUTION_NAME_TAKEN',
  InstitutionRequired = 'INSTITUTION_REQUIRED',
  InstitutionNotFound = 'INSTITUTION_NOT_FOUND',
  PasswordTooShort = 'PASSWORD_TOO_SHORT',
  PasswordIsUsername = 'PASSWORD_IS_USERNAME',
  PasswordTooCommon = 'PASSWORD_TOO_COMMON',
  PasswordUnchanged = 'PASSWORD_UNCHANGED',
  CurrentPasswordWrong = 'CURRENT_PASSWORD_WRONG',
  PasswordConfirmationMismatch = 'PASSWORD_CONFIRMATION_MISMATCH',
  CannotDisableSelf = 'CANNOT_DISABLE_SELF',
  LastAdmin = 'LAST_ADMIN',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  RateLimited = 'RATE_LIMITED',
  CaseTransitionNotAllowed = 'CASE_TRANSITION_NOT_ALLOWED',
  VictimRequired = 'VICTIM_REQUIRED',
  VictimNotFound = 'VICTIM_NOT_FOUND',
  ReferringInstitutionRequired = 'REFERRING_INSTITUTION_REQUIRED',
  IncidentPeriodInvalid = 'INCIDENT_PERIOD_INVALID',
  DateInFuture = 'DATE_IN_FUTURE',
  UnknownDistrict = 'UNKNOWN_DISTRICT',
  CounselorNotFound = 'COUNSELOR_NOT_FOUND',
  CaseClosed = 'CASE_CLOSED',
  Internal = 'INTERNAL_ERROR',
}

export interface FieldProblem {
  field: string;
  /** class-validator constraint name or a domain code */
  rule: string;
  args?: Record<string, unknown>;
}

/** The one exception type services throw. */
export class AppException extends HttpException {
  constructor(
    /** An ErrorCode, or a module's own stable code (e.g. a workflow guard's), translated in errors.json. */
    public readonly code: ErrorCode | string,
    status: HttpStatus,
    public readonly args: Record<string, unknown> = {},
    public readonly problems: FieldProblem[] = [],
  ) {
    super(code, status);
  }

  static notFound(): AppException {
    return new AppException(ErrorCode.NotFound, HttpStatus.NOT_FOUND);
  }
  static forbidden(): AppException {
    return new AppException(ErrorCode.Forbidden, HttpStatus.FORBIDDEN);
  }
  static versionConflict(): AppException {
    return new AppException(ErrorCode.VersionConflict, HttpStatus.CONFLICT);
  }
  static rule(code: ErrorCode | string, args: Record<string, unknown> = {}): AppException {
    return new AppException(code, HttpStatus.UNPROCESSABLE_ENTITY, args);
  }
  static conflict(code: ErrorCode, args: Record<string, unknown> = {}): AppException {
    return new AppException(code, HttpStatus.CONFLICT, args);
  }
}

/** A 400 naming one field, for rules the DTO cannot express. */
export function fieldProblem(field: string, rule: string): AppException {
  return new AppException(ErrorCode.ValidationFailed, HttpStatus.BAD_REQUEST, {}, [{ field, rule }]);
}

/** Status → code for exceptions that did not come from our services. */
export function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
      return ErrorCode.BadRequest;
    case 401:
      return ErrorCode.Unauthenticated;
    case 403:
      return ErrorCode.Forbidden;
    case 404:
      return ErrorCode.NotFound;
    case 409:
      return ErrorCode.Conflict;
    case 413:
      return ErrorCode.PayloadTooLarge;
    case 415:
      return ErrorCode.UnsupportedMediaType;
    case 429:
      return ErrorCode.RateLimited;
    default:
      return status >= 500 ? ErrorCode.Internal : ErrorCode.BadRequest;
  }
}
