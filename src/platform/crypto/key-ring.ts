import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AppConfigShape } from '../config/app.config';

export interface MasterKey {
  /** Short stable id stored beside every wrapped data key: the first 16 hex digits of SHA-256(key). */
  id: string;
  key: Buffer;
}

export interface KeyRing {
  current: MasterKey;
  /** Keys that may still have wrapped data keys (rotation in progress). */
  previous: MasterKey[];
  /** Where the current key came from (never the key itself). */
  source: 'env' | 'file';
  byId(id: string): MasterKey | undefined;
}

export const KEY_FILE = 'encryption.key';
export const PREVIOUS_KEYS_FILE = 'encryption-previous.keys';

export function masterKeyFromBase64(b64: string): MasterKey {
  const key = Buffer.from(b64.trim(), 'base64');
  if (key.length !== 32) throw new Error('An encryption key must be 32 bytes (base64).');
  return { id: createHash('sha256').update(key).digest('hex').slice(0, 16), key };
}

function readKeyLines(file: string): string[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

/** Writes a file readable by its owner only (mode 600), creating the folder if needed. */
export function writeSecretFile(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, content, { mode: 0o600 });
  fs.chmodSync(file, 0o600);
}

/**
 * Loads the master keys. ENCRYPTION_KEY wins; without it (development and test only, the config
 * refuses production) the key lives in DATA_DIR/encryption.key, generated once with mode 600.
 * Previous keys come from ENCRYPTION_PREVIOUS_KEYS and DATA_DIR/encryption-previous.keys.
 */
export function loadKeyRing(
  config: Pick<AppConfigShape, 'dataDir' | 'encryption' | 'isProduction'>,
): KeyRing {
  let current: MasterKey;
  let source: KeyRing['source'];
  const keyFile = path.join(config.dataDir, KEY_FILE);
  if (config.encryption.key) {
    current = masterKeyFromBase64(config.encryption.key);
    source = 'env';
  } else {
    if (config.isProduction) throw new Error('ENCRYPTION_KEY is required in production');
    if (!fs.existsSync(keyFile)) writeSecretFile(keyFile, randomBytes(32).toString('base64') + '\n');
    current = masterKeyFromBase64(fs.readFileSync(keyFile, 'utf8'));
    source = 'file';
  }
  const previous = [
    ...config.encryption.previousKeys,
    ...readKeyLines(path.join(config.dataDir, PREVIOUS_KEYS_FILE)),
  ]
    .map(masterKeyFromBase64)
    .filter((k, i, all) => k.id !== current.id && all.findIndex((o) => o.id === k.id) === i);
  const all = [current, ...previous];
  return { current, previous, source, byId: (id) => all.find((k) => k.id === id) };
}

/**
 * Whether a master key is there to load (ENCRYPTION_KEY, or DATA_DIR/encryption.key): commands that
 * read existing data must not make up a new key (loadKeyRing would, in development).
 */
export function hasMasterKey(config: Pick<AppConfigShape, 'dataDir' | 'encryption'>): boolean {
  return !!config.encryption.key || fs.existsSync(path.join(config.dataDir, KEY_FILE));
}

/** Nest injection token of the KeyRing (provided by CryptoModule). */
export const KEY_RING = Symbol('KEY_RING');

/**
 * Rotates a file-based master key: appends the current key to DATA_DIR/encryption-previous.keys, then
 * writes a new random key to DATA_DIR/encryption.key (both mode 600; the new key is written to a
 * temporary file and renamed, so a crash leaves either the old or the new key). Returns the new ring.
 * Data keys stay wrapped by the old key until `DataKeyService.rewrapAll()` runs (npm run rotate-key).
 */
export function rotateFileKey(
  config: Pick<AppConfigShape, 'dataDir' | 'encryption' | 'isProduction'>,
): KeyRing {
  if (config.encryption.key) throw new Error('The master key comes from ENCRYPTION_KEY: rotate it there');
  const old = loadKeyRing(config).current;
  const previousFile = path.join(config.dataDir, PREVIOUS_KEYS_FILE);
  const lines = [...readKeyLines(previousFile), old.key.toString('base64')];
  writeSecretFile(previousFile, lines.join('\n') + '\n');
  const keyFile = path.join(config.dataDir, KEY_FILE);
  writeSecretFile(`${keyFile}.tmp`, randomBytes(32).toString('base64') + '\n');
  fs.renameSync(`${keyFile}.tmp`, keyFile);
  return loadKeyRing(config);
}
