import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * PostgreSQL's row triggers do not fire on TRUNCATE: refuse it on the append-only tables too.
 * (sqlite has no TRUNCATE; its DELETE triggers already cover `DELETE FROM` without WHERE.)
 */
export class AppendOnlyNoTruncate1795460600000 implements MigrationInterface {
  name = 'AppendOnlyNoTruncate1795460600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'postgres') return;
    for (const table of ['audit_logs', 'case_events']) {
      await queryRunner.query(
        `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION lentera_refuse_change()`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'postgres') return;
    for (const table of ['audit_logs', 'case_events']) {
      await queryRunner.query(`DROP TRIGGER ${table}_no_truncate ON "${table}"`);
    }
  }
}
