import * as path from 'node:path';
import { applyPrivateUmask, ensurePrivateDir, sqliteFiles, tightenFiles } from '../common/private-files';
import * as sqlite3 from 'sqlite3';
import { DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../config/app.config';
import { MIGRATIONS } from './migrations';

/**
 * The entity files, found by name (`*.entity.ts`, `*.entities.ts`; `.js` once compiled) anywhere in the
 * source tree next to this folder: the database folder lists no feature's entities. The application does
 * not use this: each feature module registers its own entities with `TypeOrmModule.forFeature` and the
 * connection collects them (`autoLoadEntities`, see database.module.ts); the migration CLI, the
 * command-line tools and the tests that open a bare DataSource load the files. The two sets are kept
 * equal by `test/entities.db-spec.ts`.
 */
export const ENTITY_FILES = path.join(__dirname, '..', '..', '**', '*.{entity,entities}.{ts,js}');

/**
 * One place that turns configuration into TypeORM options, shared by the application, the migration
 * CLI (data-source.ts), the command-line tools and the tests. `synchronize` is always off: the schema
 * comes only from migrations/.
 */
export function buildDataSourceOptions(
  db: DatabaseConfig,
  extra: { logging?: boolean } = {},
): DataSourceOptions {
  const common = {
    entities: [ENTITY_FILES] as string[],
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    synchronize: false,
    logging: extra.logging ?? false,
  } as const;
  if (db.type === 'postgres') {
    return { ...common, type: 'postgres', url: db.url, uuidExtension: 'pgcrypto', extra: { max: 10 } };
  }
  // The folder holds personal data (encrypted) and, in development, the key: owner only (made 700,
  // or refused when open to other users); the database files an older version left readable, 600.
  if (db.path !== ':memory:') {
    applyPrivateUmask();
    ensurePrivateDir(path.dirname(db.path), 'The folder of the sqlite database');
    tightenFiles(sqliteFiles(db.path));
  }
  return {
    ...common,
    type: 'sqlite',
    database: db.path,
    enableWAL: true,
    busyTimeout: 10000,
    busyErrorRetry: 200,
    driver: QUIET_SQLITE3,
  };
}

/**
 * TypeORM calls `sqlite3.verbose()` on the driver it loads, which records a stack trace and formats
 * the SQL on every call (~18 µs each under load, measured by the bench). Query errors carry the SQL
 * anyway (QueryFailedError), so the application gives TypeORM the module without verbose mode.
 */
const QUIET_SQLITE3 = { ...sqlite3, verbose: () => QUIET_SQLITE3 };
