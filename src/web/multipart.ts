import fastifyMultipart, { MultipartFile, MultipartValue } from '@fastify/multipart';
import { applyDecorators, HttpStatus } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppException, ErrorCode } from '../platform/common/app.exception';

/**
 * Uploads: multipart/form-data through @fastify/multipart (busboy, streaming), accepted ONLY by the
 * routes marked `@UploadRoute(spec)`, each with its own limits:
 *  - any other route answers a multipart body 415 before reading it;
 *  - an upload route answers 413 before reading when the declared length exceeds its limit, and 401
 *    when the caller brings no live session (nothing is read for nobody);
 *  - while the body streams in: one file, in the route's field, of at most `maxBytes`, whose first
 *    bytes show an accepted type (else 413 / 415 at once, the rest left unread), at most `maxFields`
 *    fields of at most `maxFieldBytes` each (413), and the whole body bounded (413);
 *  - the handler gets `req.body` = the fields (a repeated name gives an array) and the file as an
 *    UploadedPart, as before; `takeUpload` and `fieldsOf` read it.
 */

/** Uploaded files: the types accepted (checked by their first bytes) and the size limit. */
export const UPLOAD_MAX_BYTES = 5 * 1024 * 1024;
export const UPLOAD_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type UploadType = (typeof UPLOAD_TYPES)[number];

/** A file part of a multipart body. */
export class UploadedPart {
  constructor(
    readonly fileName: string,
    readonly declaredType: string,
    readonly data: Buffer,
  ) {}
}

/**
 * A file refused while it streamed in (too large, or of a type not accepted): the rest of the body is
 * not read, and the handler gets this in the file's place, so that a page answers it like any other
 * problem of its form (back to the form with the reason) and the API with its error. `takeUpload`,
 * `uploadedData` and `filePart` throw `error`.
 */
export class RefusedUpload {
  constructor(readonly error: AppException) {}
}

/** What an upload route accepts. */
export interface UploadSpec {
  /** The file's field name. */
  field: string;
  /** The most bytes of the file. */
  maxBytes: number;
  /** The types accepted, recognised by the file's first bytes (never its name or declared type). */
  types: readonly UploadType[];
  /** The most fields besides the file (default 100), and bytes per field (default 16 KiB). */
  maxFields?: number;
  maxFieldBytes?: number;
  /** The refusal of a file over `maxBytes` (default 413 FILE_TOO_LARGE). */
  tooLarge?: () => AppException;
  /** The refusal of a file of another type (default 415 FILE_TYPE_NOT_ALLOWED). */
  wrongType?: () => AppException;
}

/** The route config key of an upload route's spec. */
const UPLOAD_CONFIG = 'lenteraUpload';
const DEFAULT_MAX_FIELDS = 100;
const DEFAULT_MAX_FIELD_BYTES = 16 * 1024;
/** Multipart framing (boundaries, part headers) allowed on top of the file and the fields. */
const FRAMING_BYTES = 64 * 1024;
/** Bytes enough to recognise every accepted type (PNG's signature is the longest). */
const SIGNATURE_BYTES = 8;

/** Marks a route as taking one upload (see UploadSpec); no other route accepts multipart bodies. */
export function UploadRoute(spec: UploadSpec) {
  return applyDecorators(RouteConfig({ [UPLOAD_CONFIG]: spec }));
}

/** The usual upload: `file`, a PDF, JPEG or PNG of at most 5 MB. */
export const DOCUMENT_UPLOAD: UploadSpec = { field: 'file', maxBytes: UPLOAD_MAX_BYTES, types: UPLOAD_TYPES };

function specOf(req: FastifyRequest): UploadSpec | undefined {
  return (req.routeOptions?.config as unknown as Record<string, unknown> | undefined)?.[UPLOAD_CONFIG] as
    UploadSpec | undefined;
}

/** The most bytes an upload route reads of a body. */
function bodyLimitOf(spec: UploadSpec): number {
  const fields = (spec.maxFields ?? DEFAULT_MAX_FIELDS) * (spec.maxFieldBytes ?? DEFAULT_MAX_FIELD_BYTES);
  return spec.maxBytes + Math.min(fields, 2 * 1024 * 1024) + FRAMING_BYTES;
}

function isMultipart(req: FastifyRequest): boolean {
  return /^multipart\/form-data\b/i.test(String(req.headers['content-type'] ?? ''));
}

const tooLargeBody = () => new AppException(ErrorCode.PayloadTooLarge, HttpStatus.PAYLOAD_TOO_LARGE);
const fileTooLarge = (spec: UploadSpec) =>
  spec.tooLarge?.() ??
  new AppException('FILE_TOO_LARGE', HttpStatus.PAYLOAD_TOO_LARGE, {
    max: Math.round(spec.maxBytes / 1024 / 1024),
  });
const wrongFileType = (spec: UploadSpec) =>
  spec.wrongType?.() ?? new AppException('FILE_TYPE_NOT_ALLOWED', HttpStatus.UNSUPPORTED_MEDIA_TYPE);
const malformed = () => new AppException(ErrorCode.BadRequest, HttpStatus.BAD_REQUEST);

/** A refusal before (or instead of) reading the rest of a body: the connection closes after it. */
function refuse(reply: FastifyReply, error: AppException): AppException {
  reply.header('connection', 'close');
  return error;
}

/** The file's type from its first bytes, or null when it is not an accepted type. */
export function detectType(data: Buffer): UploadType | null {
  if (data.length >= 5 && data.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  if (
    data.length >= 8 &&
    data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  )
    return 'image/png';
  return null;
}

/** The plugin's and busboy's errors as the application's answers. */
function asAppException(err: unknown): AppException {
  if (err instanceof AppException) return err;
  const code = (err as { code?: string })?.code;
  if (code === 'FST_PARTS_LIMIT' || code === 'FST_FILES_LIMIT' || code === 'FST_FIELDS_LIMIT')
    return tooLargeBody();
  return malformed();
}

/** A refusal of the file itself (its size or type), as opposed to a malformed or oversized body. */
class FileRefusal {
  constructor(readonly error: AppException) {}
}

/**
 * Reads the file part: refused as soon as its first bytes show a type not accepted, or as soon as
 * it passes `maxBytes` (busboy stops at the limit and the rest is not read).
 */
function readFile(part: MultipartFile, spec: UploadSpec): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let checked = false;
    let settled = false;
    const fail = (error: AppException | FileRefusal) => {
      if (settled) return;
      settled = true;
      part.file.destroy();
      reject(error);
    };
    const typeOk = () => {
      const type = detectType(Buffer.concat(chunks).subarray(0, SIGNATURE_BYTES));
      return !!type && spec.types.includes(type);
    };
    part.file.on('limit', () => fail(new FileRefusal(fileTooLarge(spec))));
    part.file.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (!checked && size >= SIGNATURE_BYTES) {
        checked = true;
        if (!typeOk()) fail(new FileRefusal(wrongFileType(spec)));
      }
    });
    part.file.on('error', (err) => fail(asAppException(err)));
    part.file.on('end', () => {
      if (settled) return;
      if (part.file.truncated) return fail(new FileRefusal(fileTooLarge(spec)));
      if (!checked && size > 0 && !typeOk()) return fail(new FileRefusal(wrongFileType(spec)));
      settled = true;
      resolve(Buffer.concat(chunks));
    });
  });
}

/** A promise whose rejection nobody may be left to handle (it lost a race). */
function quiet<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/** Reads an upload route's multipart body into fields and its one UploadedPart. */
async function readUpload(req: FastifyRequest, reply: FastifyReply, spec: UploadSpec): Promise<void> {
  const maxFields = spec.maxFields ?? DEFAULT_MAX_FIELDS;
  const limit = bodyLimitOf(spec);
  const body: Record<string, unknown> = {};
  const add = (name: string, value: unknown) => {
    const existing = body[name];
    body[name] =
      existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  };
  // The whole body is bounded too (busboy bounds each part, not what lies around the parts).
  let received = 0;
  let abort: (error: AppException) => void = () => undefined;
  const aborted = quiet(new Promise<never>((_, reject) => (abort = reject)));
  const onData = (chunk: Buffer) => {
    received += chunk.length;
    if (received > limit) abort(tooLargeBody());
  };
  const parts = req.parts({
    limits: {
      fileSize: spec.maxBytes,
      files: 1,
      fields: maxFields,
      parts: maxFields + 1,
      fieldSize: spec.maxFieldBytes ?? DEFAULT_MAX_FIELD_BYTES,
      fieldNameSize: 100,
      headerPairs: 20,
    },
  });
  try {
    let next = quiet(parts.next()); // starts the parser: the request is piped into busboy now
    req.raw.on('data', onData);
    for (;;) {
      const step = await Promise.race([next, aborted]);
      if (step.done) break;
      const part = step.value;
      if (part.type === 'file') {
        if (part.fieldname !== spec.field) {
          throw new AppException(ErrorCode.ValidationFailed, HttpStatus.BAD_REQUEST, {}, [
            { field: part.fieldname, rule: 'whitelistValidation' },
          ]);
        }
        let data: Buffer;
        try {
          data = await Promise.race([quiet(readFile(part, spec)), aborted]);
        } catch (err) {
          if (!(err instanceof FileRefusal)) throw err;
          // Not read further: the handler answers the refusal, and the connection closes after it.
          req.raw.unpipe();
          reply.header('connection', 'close');
          add(part.fieldname, new RefusedUpload(err.error));
          break;
        }
        // An empty file input (no file chosen) is left out, as browsers send one.
        if (part.filename || data.length)
          add(
            part.fieldname,
            new UploadedPart(part.filename.split(/[\\/]/).pop() ?? '', part.mimetype, data),
          );
      } else {
        const field = part as MultipartValue<unknown>;
        if (field.valueTruncated || field.fieldnameTruncated) throw tooLargeBody();
        add(field.fieldname, String(field.value ?? ''));
      }
      next = quiet(parts.next());
    }
  } catch (err) {
    // The rest of the body is not read: the answer goes out and the connection closes.
    req.raw.unpipe();
    throw refuse(reply, asAppException(err));
  } finally {
    req.raw.off('data', onData);
  }
  req.body = body;
}

/**
 * Registers @fastify/multipart and the hooks that confine it to the upload routes. `authenticated`
 * says whether a request brings a live session (Bearer token or session cookie); an upload is read
 * only for one.
 */
export async function registerMultipart(
  fastify: FastifyInstance,
  register: (plugin: unknown, options: Record<string, unknown>) => Promise<unknown>,
  authenticated: (req: FastifyRequest) => Promise<boolean>,
): Promise<void> {
  // The plugin's content-type parser only marks a multipart request; nothing is read until a route's
  // hook below asks for the parts. Its default limits are the tightest; each route sets its own.
  await register(fastifyMultipart, {
    limits: { fileSize: 0, files: 0, fields: 0, parts: 0, fieldSize: 0, headerPairs: 20 },
    throwFileSizeLimit: true,
  });
  fastify.addHook('onRequest', async (req, reply) => {
    if (!isMultipart(req)) return;
    const spec = specOf(req);
    if (!spec) throw refuse(reply, new AppException(ErrorCode.UnsupportedMediaType, 415));
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > bodyLimitOf(spec)) {
      throw refuse(
        reply,
        new AppException('FILE_TOO_LARGE', HttpStatus.PAYLOAD_TOO_LARGE, {
          max: Math.round(spec.maxBytes / 1024 / 1024),
        }),
      );
    }
    if (!(await authenticated(req)))
      throw refuse(reply, new AppException(ErrorCode.Unauthenticated, HttpStatus.UNAUTHORIZED));
  });
  fastify.addHook('preValidation', async (req, reply) => {
    const spec = specOf(req);
    if (!spec || !isMultipart(req) || !req.isMultipart()) return;
    await readUpload(req, reply, spec);
  });
}

export interface CheckedUpload {
  fileName: string;
  mimeType: UploadType;
  data: Buffer;
}

/**
 * Takes the `file` part of a parsed body and checks it: present (400), at most 5 MB (413
 * FILE_TOO_LARGE), a PDF, JPEG or PNG by its content (415 FILE_TYPE_NOT_ALLOWED). The upload hook
 * checked size and type already; this keeps every caller honest on its own.
 */
export function takeUpload(body: Record<string, unknown>, field = 'file'): CheckedUpload {
  const part = body[field];
  if (part instanceof RefusedUpload) throw part.error;
  if (!(part instanceof UploadedPart) || !part.data.length) {
    throw new AppException(ErrorCode.ValidationFailed, HttpStatus.BAD_REQUEST, {}, [
      { field, rule: 'isDefined' },
    ]);
  }
  if (part.data.length > UPLOAD_MAX_BYTES)
    throw new AppException('FILE_TOO_LARGE', HttpStatus.PAYLOAD_TOO_LARGE, { max: 5 });
  const mimeType = detectType(part.data);
  if (!mimeType) throw new AppException('FILE_TYPE_NOT_ALLOWED', HttpStatus.UNSUPPORTED_MEDIA_TYPE);
  const name =
    [...part.fileName]
      .filter((ch) => ch.charCodeAt(0) >= 32)
      .join('')
      .slice(0, 200) || 'file';
  return { fileName: name, mimeType, data: part.data };
}

/** The body without its file parts (what the form's DTO validates). */
export function fieldsOf(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== 'object') return {};
  return Object.fromEntries(
    Object.entries(body as Record<string, unknown>).filter(
      ([, v]) => !(v instanceof UploadedPart) && !(v instanceof RefusedUpload),
    ),
  );
}

/** Whether the body carries a file in `field` (accepted or refused). */
export function hasUpload(body: unknown, field = 'file'): boolean {
  const part = body && typeof body === 'object' ? (body as Record<string, unknown>)[field] : undefined;
  return part instanceof UploadedPart || part instanceof RefusedUpload;
}

/** The bytes of the file in `field`, null when none was sent; throws the refusal of a refused one. */
export function uploadedData(body: unknown, field: string): Buffer | null {
  const part = body && typeof body === 'object' ? (body as Record<string, unknown>)[field] : undefined;
  if (part instanceof RefusedUpload) throw part.error;
  return part instanceof UploadedPart ? part.data : null;
}
