import { randomBytes } from 'node:crypto';
import {
  DecryptionError,
  isSealedString,
  open,
  openString,
  openToString,
  seal,
  sealToString,
} from './aes-gcm';

describe('aes-gcm', () => {
  const key = randomBytes(32);
  const plaintext = Buffer.from('Siti Aminah, NIK 3201010101010001', 'utf8');

  it('round-trips with and without AAD, with a fresh IV each time', () => {
    const a = seal(key, plaintext, 'people.full_name');
    const b = seal(key, plaintext, 'people.full_name');
    expect(open(key, a, 'people.full_name')).toEqual(plaintext);
    expect(open(key, seal(key, plaintext))).toEqual(plaintext);
    expect(open(key, seal(key, Buffer.alloc(0)))).toEqual(Buffer.alloc(0));
    expect(a.equals(b)).toBe(false);
    expect(a[0]).toBe(1);
    expect(a.length).toBe(1 + 12 + 16 + plaintext.length);
    expect(a.includes(plaintext)).toBe(false);
  });

  it('has a v1 text form', () => {
    const text = sealToString(key, 'Ibu Ratna', 'ctx');
    expect(text.startsWith('v1.')).toBe(true);
    expect(isSealedString(text)).toBe(true);
    expect(isSealedString('Ibu Ratna')).toBe(false);
    expect(openToString(key, text, 'ctx')).toBe('Ibu Ratna');
    expect(openString(key, text, 'ctx').toString('utf8')).toBe('Ibu Ratna');
  });

  describe('rejects with DecryptionError', () => {
    const sealed = seal(key, plaintext, 'aad');
    const flip = (index: number) => {
      const copy = Buffer.from(sealed);
      copy[index] ^= 0x01;
      return copy;
    };

    it.each([
      ['version byte', 0],
      ['iv', 1],
      ['iv (last byte)', 12],
      ['tag', 13],
      ['tag (last byte)', 28],
      ['ciphertext', 29],
      ['ciphertext (last byte)', sealed.length - 1],
    ])('a flipped bit in the %s', (_name, index) => {
      expect(() => open(key, flip(index), 'aad')).toThrow(DecryptionError);
    });

    it('a wrong or missing AAD', () => {
      expect(() => open(key, sealed, 'other')).toThrow(DecryptionError);
      expect(() => open(key, sealed)).toThrow(DecryptionError);
      expect(() => open(key, seal(key, plaintext), 'aad')).toThrow(DecryptionError);
    });

    it('a wrong key', () => {
      expect(() => open(randomBytes(32), sealed, 'aad')).toThrow(DecryptionError);
    });

    it('truncated or foreign input', () => {
      expect(() => open(key, sealed.subarray(0, 20), 'aad')).toThrow(DecryptionError);
      expect(() => open(key, sealed.subarray(0, sealed.length - 1), 'aad')).toThrow(DecryptionError);
      expect(() => openString(key, 'plain text', 'aad')).toThrow(DecryptionError);
      const text = sealToString(key, 'x', 'aad');
      expect(() => openString(key, text.slice(0, -4), 'aad')).toThrow(DecryptionError);
    });
  });

  it('refuses keys that are not 32 bytes', () => {
    expect(() => seal(randomBytes(16), plaintext)).toThrow(RangeError);
  });
});
