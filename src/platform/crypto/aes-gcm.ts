import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM authenticated encryption.
 *
 * Binary format, version 1: `0x01 | iv (12 bytes) | tag (16 bytes) | ciphertext`.
 * Text format (for database columns): `v1.` + base64 of the binary format.
 * The version byte is authenticated too (it is prefixed to the additional data).
 */
export const FORMAT_VERSION = 1;
export const KEY_LENGTH = 32;
const IV_LENGTH = 12;
const TAG_LENGTH = 16;
const HEADER_LENGTH = 1 + IV_LENGTH + TAG_LENGTH;
const TEXT_PREFIX = `v${FORMAT_VERSION}.`;
const ALGORITHM = 'aes-256-gcm';

/** The value cannot be decrypted: tampered with, truncated, wrong key, wrong AAD or unknown format. */
export class DecryptionError extends Error {
  constructor(message = 'Decryption failed: the value was altered or the key or context is wrong') {
    super(message);
    this.name = 'DecryptionError';
  }
}

function checkKey(key: Buffer): void {
  if (!Buffer.isBuffer(key) || key.length !== KEY_LENGTH) {
    throw new RangeError(`An AES-256-GCM key must be a ${KEY_LENGTH}-byte Buffer`);
  }
}

function additionalData(aad: string | undefined): Buffer {
  return Buffer.concat([Buffer.from([FORMAT_VERSION]), Buffer.from(aad ?? '', 'utf8')]);
}

/** Encrypts `plaintext` under `key`, binding the optional context string `aad`. */
export function seal(key: Buffer, plaintext: Buffer, aad?: string): Buffer {
  checkKey(key);
  const iv = randomBytes(IV_LENGTH);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_LENGTH });
  cipher.setAAD(additionalData(aad));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from([FORMAT_VERSION]), iv, cipher.getAuthTag(), ciphertext]);
}

/** Decrypts a value made by `seal` with the same key and `aad`; throws DecryptionError otherwise. */
export function open(key: Buffer, sealed: Buffer, aad?: string): Buffer {
  checkKey(key);
  if (!Buffer.isBuffer(sealed) || sealed.length < HEADER_LENGTH || sealed[0] !== FORMAT_VERSION) {
    throw new DecryptionError('Decryption failed: not a sealed value of a known format');
  }
  const iv = sealed.subarray(1, 1 + IV_LENGTH);
  const tag = sealed.subarray(1 + IV_LENGTH, HEADER_LENGTH);
  try {
    const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_LENGTH });
    decipher.setAAD(additionalData(aad));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(sealed.subarray(HEADER_LENGTH)), decipher.final()]);
  } catch {
    throw new DecryptionError();
  }
}

/** True when `value` looks like the text form of a sealed value (it says nothing about its integrity). */
export function isSealedString(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(TEXT_PREFIX) && value.length > TEXT_PREFIX.length;
}

/** Encrypts to the text form `v1.<base64>`, for text columns. Strings are encoded as UTF-8. */
export function sealToString(key: Buffer, plaintext: Buffer | string, aad?: string): string {
  const data = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
  return TEXT_PREFIX + seal(key, data, aad).toString('base64');
}

/** Decrypts the text form made by `sealToString`; throws DecryptionError on any problem. */
export function openString(key: Buffer, text: string, aad?: string): Buffer {
  if (!isSealedString(text))
    throw new DecryptionError('Decryption failed: not a sealed value of a known format');
  return open(key, Buffer.from(text.slice(TEXT_PREFIX.length), 'base64'), aad);
}

/** `openString` decoded as UTF-8. */
export function openToString(key: Buffer, text: string, aad?: string): string {
  return openString(key, text, aad).toString('utf8');
}
