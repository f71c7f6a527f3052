import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';

/** The application's tables (migrations included), sorted. */
export async function tableNames(ds: DataSource): Promise<string[]> {
  const rows: { name: string }[] =
    ds.options.type === 'postgres'
      ? await ds.query(
          "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
        )
      : await ds.query(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'typeorm_%'",
        );
  return rows.map((r) => r.name).sort();
}

const canonical = (row: Record<string, unknown>) =>
  JSON.stringify(
    Object.keys(row)
      .sort()
      .map((k) => {
        const v = row[k];
        return [k, v instanceof Date ? v.toISOString() : Buffer.isBuffer(v) ? v.toString('base64') : v];
      }),
  );

/**
 * Row count and a checksum (SHA-256 over the sorted, canonical rows) of every table: two databases
 * with equal snapshots hold the same rows. `ignore` names tables left out (e.g. audit_logs).
 */
export async function snapshotTables(
  ds: DataSource,
  ignore: string[] = [],
): Promise<Record<string, { rows: number; sha256: string }>> {
  const result: Record<string, { rows: number; sha256: string }> = {};
  const tables = (await tableNames(ds)).filter((table) => !ignore.includes(table));
  // All at once: the driver queues them (sqlite) or spreads them over the pool (PostgreSQL).
  const contents = await Promise.all(
    tables.map((table) => ds.query(`SELECT * FROM "${table}"`) as Promise<Record<string, unknown>[]>),
  );
  tables.forEach((table, i) => {
    const lines = contents[i].map(canonical).sort();
    result[table] = {
      rows: contents[i].length,
      sha256: createHash('sha256').update(lines.join('\n')).digest('hex'),
    };
  });
  return result;
}
