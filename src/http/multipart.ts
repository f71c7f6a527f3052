import { HttpStatus } from '@nestjs/common';
import { AppException, ErrorCode } from '../common/app.exception';

/**
 * Uploaded files without an extra package: a small multipart/form-data parser (fields and files)
 * and the file-type check by the content's first bytes (never the name or the declared type).
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

/** The multipart body limit: one file of at most UPLOAD_MAX_BYTES plus the form's fields. */
export const MULTIPART_BODY_LIMIT = UPLOAD_MAX_BYTES + 256 * 1024;
const MAX_PARTS = 200;
const FORBIDDEN_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

function malformed(): AppException {
  return new AppException(ErrorCode.BadRequest, HttpStatus.BAD_REQUEST);
}

function headerParam(header: string, name: string): string | undefined {
  const m = new RegExp(`;\\s*${name}\\*?=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]*))`, 'i').exec(header);
  if (!m) return undefined;
  const raw = m[1] ?? m[2] ?? '';
  return raw.replace(/\\(.)/g, '$1');
}

/**
 * Parses a multipart/form-data body into fields (a repeated name gives an array) and files
 * (UploadedPart values). An empty file input (no name, no content) is left out.
 */
export function parseMultipart(body: Buffer, contentType: string): Record<string, unknown> {
  const b = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  if (!b) throw malformed();
  const boundary = Buffer.from(`--${b[1] ?? b[2]}`);
  const delimiter = Buffer.concat([Buffer.from('\r\n'), boundary]);
  const out: Record<string, unknown> = {};
  let pos = body.indexOf(boundary);
  if (pos < 0) throw malformed();
  for (let parts = 0; ; parts++) {
    if (parts > MAX_PARTS) throw malformed();
    pos += boundary.length;
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) break; // closing boundary
    if (body[pos] !== 0x0d || body[pos + 1] !== 0x0a) throw malformed();
    pos += 2;
    const headerEnd = body.indexOf('\r\n\r\n', pos);
    if (headerEnd < 0) throw malformed();
    const headers = body.subarray(pos, headerEnd).toString('utf8').split('\r\n');
    const next = body.indexOf(delimiter, headerEnd + 4);
    if (next < 0) throw malformed();
    const content = body.subarray(headerEnd + 4, next);
    pos = next + 2;
    const disposition = headers.find((h) => /^content-disposition:/i.test(h));
    if (!disposition || !/^content-disposition:\s*form-data/i.test(disposition)) throw malformed();
    const name = headerParam(disposition, 'name');
    if (!name || FORBIDDEN_NAMES.has(name)) throw malformed();
    const fileName = headerParam(disposition, 'filename');
    let value: unknown;
    if (fileName !== undefined) {
      if (!fileName && !content.length) continue;
      const typeHeader = headers.find((h) => /^content-type:/i.test(h));
      const declared = typeHeader
        ? typeHeader.slice(typeHeader.indexOf(':') + 1).trim()
        : 'application/octet-stream';
      value = new UploadedPart(fileName.split(/[\\/]/).pop() ?? '', declared, Buffer.from(content));
    } else {
      value = content.toString('utf8');
    }
    const existing = out[name];
    out[name] =
      existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return out;
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

export interface CheckedUpload {
  fileName: string;
  mimeType: UploadType;
  data: Buffer;
}

/**
 * Takes the `file` part of a parsed body and checks it: present (400), at most 5 MB (413
 * FILE_TOO_LARGE), a PDF, JPEG or PNG by its content (415 FILE_TYPE_NOT_ALLOWED).
 */
export function takeUpload(body: Record<string, unknown>, field = 'file'): CheckedUpload {
  const part = body[field];
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
    Object.entries(body as Record<string, unknown>).filter(([, v]) => !(v instanceof UploadedPart)),
  );
}
