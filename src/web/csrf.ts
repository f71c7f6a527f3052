import { createHash, hkdfSync } from 'node:crypto';
import type { KeyRing } from '../platform/crypto/key-ring';

/** The CSRF tokens' HMAC key: derived from the master key (HKDF), never the master key itself. */
export function csrfHmacKey(keyRing: KeyRing): Buffer {
  return Buffer.from(
    hkdfSync('sha256', keyRing.current.key, Buffer.alloc(0), 'lentera/csrf-token-binding', 32),
  );
}

/**
 * What a CSRF token is bound to: the session cookie the request carries (its hash), or "no session".
 * A token issued on the anonymous login page, or to another session, does not verify with the
 * victim's session cookie; a login (a new session cookie) makes every earlier token useless.
 */
export function csrfBinding(
  req: { cookies?: Record<string, string | undefined> },
  cookieName: string,
): string {
  const session = req.cookies?.[cookieName];
  return session ? `session:${createHash('sha256').update(session).digest('base64url')}` : 'anonymous';
}
