import { HttpStatus, Type as ClassType, ValidationError, ValidationPipe } from '@nestjs/common';
import { applyDecorators } from '@nestjs/common';
import { Transform, Type } from 'class-transformer';
import {
  IsArray,
  IsDateString,
  IsObject,
  IsOptional,
  IsUUID,
  Matches,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { AppException, ErrorCode, FieldProblem } from './app.exception';

function collect(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    // class-validator's default message carries the limit (e.g. "…longer than or equal to 10…").
    const own = Object.entries(e.constraints ?? {}).map(([rule, message]) => ({
      field,
      rule,
      args: { n: /(\d+)/.exec(message)?.[1] ?? '' },
    }));
    return [...own, ...collect(e.children ?? [], field)];
  });
}

/** The application's validation pipe: unknown fields are refused, values are transformed. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) =>
      new AppException(ErrorCode.ValidationFailed, HttpStatus.BAD_REQUEST, {}, collect(errors)),
  });
}

/**
 * Optional field: it may be left out. With `nullable`, an explicit null is accepted too (to clear a
 * value); without it, null is validated like any other value (and refused by the field's rules).
 */
export function Optional({ nullable = false }: { nullable?: boolean } = {}) {
  return nullable ? IsOptional() : ValidateIf((_o, v) => v !== undefined);
}

/**
 * A nested object, validated with its class. `@ValidateNested()` alone lets an array through (its
 * elements are validated instead, and `[]` has none), so a `reporter: []` was accepted and silently
 * dropped: the value must be an object — not an array, a string or a number.
 */
export function NestedObject(cls: () => ClassType<unknown>) {
  return applyDecorators(IsObject(), ValidateNested(), Type(cls));
}

/** A list of nested objects: an array whose every element is an object validated with its class. */
export function NestedArray(cls: () => ClassType<unknown>) {
  return applyDecorators(IsArray(), IsObject({ each: true }), ValidateNested({ each: true }), Type(cls));
}

/** A UUID (any version) id. */
export function ValidateUUID() {
  return applyDecorators(IsUUID('all'));
}

/** Trims strings; leaves other values for the validators to refuse. */
export function Trim() {
  return Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));
}

/** HTML forms send checkboxes as "on"/absent; turn them into booleans. */
export function FormBoolean() {
  return Transform(({ value }) =>
    value === 'on' || value === 'true' || value === true
      ? true
      : value === undefined || value === 'false' || value === ''
        ? false
        : value,
  );
}

/** HTML forms send one value or several for the same name; always give an array. */
export function FormArray() {
  return Transform(({ value }) =>
    value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value],
  );
}

/** A calendar date `YYYY-MM-DD` that exists (2026-02-30 is refused). */
export function IsDateOnly() {
  return applyDecorators(
    Matches(/^\d{4}-\d{2}-\d{2}$/),
    IsDateString({ strict: true, strictSeparator: true }),
  );
}

/** Form field: an empty text means "not given". */
export function EmptyAsUndefined() {
  return Transform(({ value }) => (typeof value === 'string' && value.trim() === '' ? undefined : value));
}

/** Form field: an empty text means null ("none"). */
export function EmptyAsNull() {
  return Transform(({ value }) => (typeof value === 'string' && value.trim() === '' ? null : value));
}

/** Form number: digits become a number; empty means "not given". */
export function FormInt() {
  return Transform(({ value }) =>
    value === '' || value === undefined || value === null
      ? undefined
      : typeof value === 'string' && /^-?\d+$/.test(value.trim())
        ? Number(value.trim())
        : value,
  );
}
