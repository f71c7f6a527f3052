import { fieldsOf, RefusedUpload, UPLOAD_MAX_BYTES, UploadedPart } from '../../http/multipart';

/*
 * Uploads (a decree's scan, a prevention activity's materials) come as multipart/form-data, pages and
 * JSON API alike, through the application's upload routes (src/http/multipart.ts: @fastify/multipart,
 * `@UploadRoute(DOCUMENT_UPLOAD)`, at most 5 MB, a PDF, JPEG or PNG by its first bytes).
 */

export const MAX_UPLOAD_BYTES = UPLOAD_MAX_BYTES;

export { fieldsOf };

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
