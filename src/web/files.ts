import { applyDecorators, HttpStatus } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiProduces } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AppException, ErrorCode } from '../platform/common/app.exception';
import { fieldsOf, RefusedUpload, UploadedPart } from './multipart';

/*
 * Stored documents over HTTP (a decree's scan, a prevention activity's materials): the download
 * answer, the one `file` of an upload form, and their OpenAPI description. Uploads arrive through the
 * application's upload routes (multipart.ts: `@UploadRoute(DOCUMENT_UPLOAD)`, at most 5 MB, a PDF,
 * JPEG or PNG by its first bytes), pages and JSON API alike.
 */

/** 400 when an upload form carries no file (translated in errors.json). */
export const UPLOAD_FILE_REQUIRED = 'UPLOAD_FILE_REQUIRED';

/** What a download needs to know of a stored file. */
export interface StoredFileRef {
  id: string;
  originalName: string | null;
  contentType: string;
}

/** Sends a stored file as a download: its detected type, never rendered inline, never cached. */
export async function sendFile(reply: FastifyReply, file: StoredFileRef, data: Buffer): Promise<void> {
  const name = file.originalName ?? `file-${file.id}`;
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  await reply
    .status(200)
    .header('Content-Type', file.contentType)
    .header('Content-Length', String(data.length))
    .header(
      'Content-Disposition',
      `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    )
    .header('X-Content-Type-Options', 'nosniff')
    .header('Cache-Control', 'no-store')
    .send(data);
}

/**
 * The uploaded file in `field` of a parsed multipart body, or null when none was sent; throws the
 * refusal of a file refused while it streamed in (too large, or of a type not accepted).
 */
export function filePart(body: unknown, field = 'file'): { data: Buffer; filename: string } | null {
  const part = body && typeof body === 'object' ? (body as Record<string, unknown>)[field] : undefined;
  if (part instanceof RefusedUpload) throw part.error;
  if (!(part instanceof UploadedPart)) return null;
  return { data: part.data, filename: part.fileName };
}

/**
 * The `file` of a multipart upload (API: nothing else may be sent; pages: the CSRF token too).
 * 400 UPLOAD_FILE_REQUIRED when there is none, 400 VALIDATION_FAILED for any other field.
 */
export function takeFile(body: unknown, allowed: string[] = []): { data: Buffer; filename: string } {
  const extra = Object.keys(fieldsOf(body)).filter((k) => !allowed.includes(k));
  if (extra.length) {
    throw new AppException(
      ErrorCode.ValidationFailed,
      HttpStatus.BAD_REQUEST,
      {},
      extra.map((field) => ({ field, rule: 'whitelistValidation' })),
    );
  }
  const part = filePart(body);
  if (!part) throw new AppException(UPLOAD_FILE_REQUIRED, HttpStatus.BAD_REQUEST);
  return part;
}

/** OpenAPI of an upload route: multipart/form-data with one `file` (PDF, JPEG or PNG, at most 5 MB). */
export function ApiFileUpload() {
  return applyDecorators(
    ApiConsumes('multipart/form-data'),
    ApiBody({
      schema: {
        type: 'object',
        required: ['file'],
        properties: {
          file: { type: 'string', format: 'binary', description: 'PDF, JPEG or PNG, at most 5 MB' },
        },
      },
    }),
  );
}

export function ApiFileDownload() {
  return ApiProduces('application/pdf', 'image/jpeg', 'image/png');
}
