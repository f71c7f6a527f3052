import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { KEY_FILE, loadKeyRing, masterKeyFromBase64, PREVIOUS_KEYS_FILE, rotateFileKey } from './key-ring';

describe('key ring', () => {
  let dataDir: string;
  const b64 = () => randomBytes(32).toString('base64');
  const config = (encryption: { key?: string; previousKeys?: string[] } = {}, isProduction = false) => ({
    dataDir,
    isProduction,
    encryption: { key: encryption.key, previousKeys: encryption.previousKeys ?? [] },
  });

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lentera-keyring-'));
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('generates the key file once, with mode 600, and reuses it', () => {
    const first = loadKeyRing(config());
    const file = path.join(dataDir, KEY_FILE);
    expect(first.source).toBe('file');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(first.current.key).toHaveLength(32);
    const second = loadKeyRing(config());
    expect(second.current.id).toBe(first.current.id);
    expect(second.current.key.equals(first.current.key)).toBe(true);
  });

  it('prefers ENCRYPTION_KEY and writes no file', () => {
    const key = b64();
    const ring = loadKeyRing(config({ key }));
    expect(ring.source).toBe('env');
    expect(ring.current.id).toBe(masterKeyFromBase64(key).id);
    expect(fs.existsSync(path.join(dataDir, KEY_FILE))).toBe(false);
  });

  it('requires a key in production', () => {
    expect(() => loadKeyRing(config({}, true))).toThrow(/ENCRYPTION_KEY is required/);
    expect(fs.existsSync(path.join(dataDir, KEY_FILE))).toBe(false);
  });

  it('loads previous keys from the environment and the file, without duplicates or the current key', () => {
    const [current, envOld, fileOld] = [b64(), b64(), b64()];
    fs.writeFileSync(path.join(dataDir, PREVIOUS_KEYS_FILE), `${fileOld}\n\n${envOld}\n${current}\n`);
    const ring = loadKeyRing(config({ key: current, previousKeys: [envOld] }));
    expect(ring.previous.map((k) => k.id)).toEqual([
      masterKeyFromBase64(envOld).id,
      masterKeyFromBase64(fileOld).id,
    ]);
    expect(ring.byId(masterKeyFromBase64(fileOld).id)?.key.toString('base64')).toBe(fileOld);
    expect(ring.byId(ring.current.id)).toBe(ring.current);
    expect(ring.byId('0000000000000000')).toBeUndefined();
  });

  it('rejects keys that are not 32 bytes', () => {
    expect(() => masterKeyFromBase64(randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
  });

  it('rotates a file key: the old key becomes a previous key (mode 600)', () => {
    const before = loadKeyRing(config());
    const after = rotateFileKey(config());
    expect(after.current.id).not.toBe(before.current.id);
    expect(after.previous.map((k) => k.id)).toEqual([before.current.id]);
    expect(loadKeyRing(config()).current.id).toBe(after.current.id);
    for (const file of [KEY_FILE, PREVIOUS_KEYS_FILE]) {
      expect(fs.statSync(path.join(dataDir, file)).mode & 0o777).toBe(0o600);
    }
    const third = rotateFileKey(config());
    expect(third.previous.map((k) => k.id)).toEqual([before.current.id, after.current.id]);
    expect(() => rotateFileKey(config({ key: b64() }))).toThrow(/ENCRYPTION_KEY/);
  });
});
