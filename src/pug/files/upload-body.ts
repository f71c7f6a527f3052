import type { FastifyInstance } from 'fastify';
import {
  fieldsOf,
  MULTIPART_BODY_LIMIT,
  parseMultipart,
  UPLOAD_MAX_BYTES,
  UploadedPart,
} from '../../http/multipart';

/*
 * Uploads (a decree's scan, a prevention activity's materials) come as multipart/form-data, pages and
 * JSON API alike, through the ONE multipart parser of the application (src/http/multipart.ts, the
 * referrals module's): registering the same parser here only makes sure it exists when this module is
 * loaded first or alone. The same size limit applies (5 MB).
 */

export const MAX_UPLOAD_BYTES = UPLOAD_MAX_BYTES;

export { fieldsOf };

export function registerMultipartParser(fastify: FastifyInstance | undefined): void {
  if (!fastify || typeof fastify.addContentTypeParser !== 'function') return;
  if (fastify.hasContentTypeParser('multipart/form-data')) return;
  fastify.addContentTypeParser(
    'multipart/form-data',
    { parseAs: 'buffer', bodyLimit: MULTIPART_BODY_LIMIT },
    (req, body, done) => {
      try {
        done(null, parseMultipart(body as Buffer, String(req.headers['content-type'] ?? '')));
      } catch (err) {
        done(err as Error, undefined);
      }
    },
  );
}

/** The uploaded file in `field` of a parsed multipart body, or null when none was sent. */
export function filePart(body: unknown, field = 'file'): { data: Buffer; filename: string } | null {
  const part = body && typeof body === 'object' ? (body as Record<string, unknown>)[field] : undefined;
  if (!(part instanceof UploadedPart)) return null;
  return { data: part.data, filename: part.fileName };
}
