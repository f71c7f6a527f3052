/**
 * Retention: erases the personal data of cases closed longer ago than the retention period
 * (RETENTION_YEARS, default 10, or RETENTION_DAYS) by destroying their data keys (crypto-shredding).
 *
 *   npm run purge -- --dry-run    lists what would be purged (case numbers and closing dates only)
 *   npm run purge                 purges; one `case.purged` event per case
 *
 * A running application notices the destroyed keys within DATA_KEY_RECHECK_MS (default 1 s: its
 * key cache asks the database whether keys were destroyed elsewhere), no restart needed. Backups taken before the purge still hold the old keys (wrapped by the
 * master key): let them expire on the same schedule.
 */
import { print } from './print';
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { purgeExpiredCases } from '../case/retention';
import { prepareDataDirs } from '../platform/common/private-files';
import { buildAppConfig } from '../platform/config/app.config';
import { DataKeyService } from '../platform/crypto/data-key.service';
import { hasMasterKey, loadKeyRing } from '../platform/crypto/key-ring';
import { buildDataSourceOptions } from '../platform/database/database.options';
import { Clock } from '../platform/common/clock';
import { dayOf, useCentreTimeZone } from '../platform/common/dates';

export async function purge(
  args: string[],
  env: Record<string, string | undefined>,
  out: (line: string) => void,
  now = new Clock().now(),
): Promise<number> {
  const dryRun = args.includes('--dry-run');
  if (args.some((a) => a !== '--dry-run')) {
    out('usage: npm run purge [-- --dry-run]');
    return 2;
  }
  const config = buildAppConfig(env);
  useCentreTimeZone(config.timeZone);
  if (!dryRun && !hasMasterKey(config)) {
    // The purge appends a `case.purged` event to each history, which takes the chain key.
    out("No master key: set ENCRYPTION_KEY, or DATA_DIR to the application's.");
    return 2;
  }
  prepareDataDirs(config, { create: false });
  const ds = new DataSource(buildDataSourceOptions(config.database));
  await ds.initialize();
  try {
    if (await ds.showMigrations()) {
      out('The database has pending migrations: start the application (or npm run migration:run) first.');
      return 1;
    }
    // A dry run reads no key (and makes none up); a purge needs the master key.
    const dataKeys = dryRun ? null : new DataKeyService(ds, loadKeyRing(config));
    const result = await purgeExpiredCases(ds, dataKeys, {
      retentionDays: config.retention.days,
      now,
      dryRun,
    });
    out(`Retention: ${config.retention.label} after closure.`);
    for (const c of result.cases) out(`  ${c.number} (closed ${dayOf(c.closedAt)})`);
    out(
      dryRun
        ? `Would purge ${result.cases.length} case(s) and ${result.victims} victim record(s). Nothing was changed.`
        : `Purged ${result.cases.length} case(s) and ${result.victims} victim record(s).`,
    );
    return 0;
  } finally {
    await ds.destroy();
  }
}

if (require.main === module) {
  purge(process.argv.slice(2), process.env, print).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`Purge failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
