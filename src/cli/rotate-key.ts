/**
 * Master-key rotation.
 *
 *   npm run rotate-key               re-wraps every data key under the current master key
 *   npm run rotate-key -- --generate with a file-based key (no ENCRYPTION_KEY): moves the current key
 *                                    to DATA_DIR/encryption-previous.keys, writes a new one to
 *                                    DATA_DIR/encryption.key (mode 600), then re-wraps
 *
 * With ENCRYPTION_KEY, rotate in the environment: set the new key in ENCRYPTION_KEY, the old one in
 * ENCRYPTION_PREVIOUS_KEYS, and run this again. The migrations must already be applied. Only counts
 * are printed, never keys.
 */
import { print } from './print';
import 'reflect-metadata';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { prepareDataDirs } from '../platform/common/private-files';
import { buildAppConfig } from '../platform/config/app.config';
import { DataKeyService, RewrapResult } from '../platform/crypto/data-key.service';
import {
  KEY_FILE,
  KeyRing,
  loadKeyRing,
  PREVIOUS_KEYS_FILE,
  rotateFileKey,
} from '../platform/crypto/key-ring';
import { buildDataSourceOptions } from '../platform/database/database.options';

/** Re-wraps every data key of `ds` under `keyRing.current` (previous keys unwrap the old ones). */
export function rotateKeys(ds: DataSource, keyRing: KeyRing): Promise<RewrapResult> {
  return new DataKeyService(ds, keyRing).rewrapAll();
}

const ENV_INSTRUCTIONS = `The master key comes from ENCRYPTION_KEY, so it is rotated in the environment:
  1. generate a key:           openssl rand -base64 32
  2. set ENCRYPTION_KEY to it, and ENCRYPTION_PREVIOUS_KEYS to the old key
     (comma-separated if there are several),
  3. restart the application and run again, without --generate:  npm run rotate-key`;

async function main(args: string[]): Promise<number> {
  const generate = args.includes('--generate');
  if (args.some((a) => a !== '--generate')) {
    console.error('usage: npm run rotate-key [-- --generate]');
    return 2;
  }
  const config = buildAppConfig(process.env);
  prepareDataDirs(config);
  if (generate && config.encryption.key) {
    console.error(ENV_INSTRUCTIONS);
    return 2;
  }
  const ds = new DataSource(buildDataSourceOptions(config.database));
  await ds.initialize();
  try {
    if (await ds.showMigrations()) {
      console.error('The database has pending migrations: run `npm run migration:run` first.');
      return 1;
    }
    let keyRing = loadKeyRing(config);
    if (generate) {
      keyRing = rotateFileKey(config);
      print(
        `Wrote a new master key to ${path.join(config.dataDir, KEY_FILE)}; ` +
          `the old one was appended to ${path.join(config.dataDir, PREVIOUS_KEYS_FILE)}.`,
      );
    }
    const result = await rotateKeys(ds, keyRing);
    print(`Data keys re-wrapped: ${result.rewrapped}`);
    print(`Already under the current master key: ${result.alreadyCurrent}`);
    print(`Destroyed (nothing to re-wrap): ${result.destroyed}`);
    if (keyRing.previous.length > 0) {
      print(
        'Every data key is now under the current master key. Keep the previous keys while backups made ' +
          'before this rotation may have to be restored; then remove them.',
      );
    }
    return 0;
  } finally {
    await ds.destroy();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`Key rotation failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
