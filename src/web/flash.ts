import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * One-shot messages shown after a redirect. The cookie holds only a translation key and a type,
 * never personal data; unknown keys are simply not shown.
 */
export const FLASH_COOKIE = 'flash';
export type FlashType = 'success' | 'error' | 'info';
export interface Flash {
  type: FlashType;
  key: string;
}

export function setFlash(reply: FastifyReply, type: FlashType, key: string): void {
  reply.setCookie(FLASH_COOKIE, `${type}:${key}`, { path: '/', httpOnly: true, sameSite: 'lax', maxAge: 60 });
}

export function takeFlash(req: FastifyRequest, reply: FastifyReply): Flash | null {
  const raw = (req as any).cookies?.[FLASH_COOKIE] as string | undefined;
  if (!raw) return null;
  reply.clearCookie(FLASH_COOKIE, { path: '/' });
  const match = /^(success|error|info):([a-zA-Z0-9_.]{1,100})$/.exec(raw);
  return match ? { type: match[1] as FlashType, key: match[2] } : null;
}

/** A local path to go back to after a form (never another host). */
export function safeNext(next: unknown, fallback = '/'): string {
  return typeof next === 'string' && /^\/(?![/\\])[\w\-./?=&%]*$/.test(next) ? next : fallback;
}
