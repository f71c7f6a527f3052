/**
 * The centre's logo for letterheads: a PNG or JPEG of at most 1 MB, recognised by its first bytes
 * (never by its name or declared type), with sane dimensions so that decoding it cannot exhaust memory.
 */
import { HttpStatus } from '@nestjs/common';
import { AppException } from '../common/app.exception';
import type { UploadSpec } from '../../web/multipart';

export const LOGO_MAX_BYTES = 1024 * 1024;
export const LOGO_MAX_PIXELS = 4096;
export type LogoType = 'image/png' | 'image/jpeg';

/** The logo's upload: the file `logo`, refused while it streams in with the logo's own codes (400). */
export const LOGO_UPLOAD: UploadSpec = {
  field: 'logo',
  maxBytes: LOGO_MAX_BYTES,
  types: ['image/png', 'image/jpeg'],
  maxFields: 5,
  tooLarge: () =>
    new AppException('LOGO_TOO_LARGE', HttpStatus.BAD_REQUEST, { max: LOGO_MAX_BYTES / 1024 / 1024 }, [
      { field: 'logo', rule: 'maxSize' },
    ]),
  wrongType: () =>
    new AppException('LOGO_TYPE_NOT_ALLOWED', HttpStatus.BAD_REQUEST, {}, [
      { field: 'logo', rule: 'isLogo' },
    ]),
};

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function logoTypeOf(data: Buffer): LogoType | null {
  if (data.length >= 8 && data.subarray(0, 8).equals(PNG_SIGNATURE)) return 'image/png';
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  return null;
}

/** Width and height from the PNG header or the JPEG frame header; null when they cannot be read. */
export function imageSize(data: Buffer, type: LogoType): { width: number; height: number } | null {
  if (type === 'image/png') {
    if (data.length < 24 || data.subarray(12, 16).toString('latin1') !== 'IHDR') return null;
    return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
  }
  let pos = 2;
  while (pos + 9 < data.length) {
    if (data[pos] !== 0xff) return null;
    const marker = data[pos + 1];
    if (marker === 0xff) {
      pos++;
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      pos += 2;
      continue;
    }
    const length = data.readUInt16BE(pos + 2);
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      return { height: data.readUInt16BE(pos + 5), width: data.readUInt16BE(pos + 7) };
    }
    if (length < 2) return null;
    pos += 2 + length;
  }
  return null;
}

export type LogoProblem = 'type' | 'size' | 'dimensions';

/** Checks an uploaded logo: its type by content, its size and its dimensions. */
export function checkLogo(
  data: Buffer,
): { ok: true; mimeType: LogoType } | { ok: false; problem: LogoProblem } {
  const mimeType = logoTypeOf(data);
  if (!mimeType) return { ok: false, problem: 'type' };
  if (data.length > LOGO_MAX_BYTES) return { ok: false, problem: 'size' };
  const size = imageSize(data, mimeType);
  if (
    !size ||
    size.width < 1 ||
    size.height < 1 ||
    size.width > LOGO_MAX_PIXELS ||
    size.height > LOGO_MAX_PIXELS
  )
    return { ok: false, problem: 'dimensions' };
  return { ok: true, mimeType };
}
