import { AppException } from './app.exception';

/* Record ids: UUIDs, any version. */

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A 404 for a malformed id as for an unknown one. */
export function assertUuid(id: string): void {
  if (!UUID_PATTERN.test(id)) throw AppException.notFound();
}
