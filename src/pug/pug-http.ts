import { applyDecorators, HttpStatus } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiProduces } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AppException, ErrorCode } from '../common/app.exception';
import { PugFile } from './entities/pug-file.entity';
import { fieldsOf, filePart } from './files/upload-body';
import { PugErrorCode } from './pug.errors';

/** Sends a stored file as a download: its detected type, never rendered inline, never cached. */
export async function sendFile(reply: FastifyReply, file: PugFile, data: Buffer): Promise<void> {
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
  if (!part) throw new AppException(PugErrorCode.UploadFileRequired, HttpStatus.BAD_REQUEST);
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
