import { MigrationInterface, QueryRunner } from 'typeorm';

/** The audit log is append-only: the database itself refuses UPDATE and DELETE on it. */
export class AuditLogAppendOnly1795459900000 implements MigrationInterface {
  name = 'AuditLogAppendOnly1795459900000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query(`CREATE FUNCTION lentera_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'table % is append-only', TG_TABLE_NAME; END; $$`);
      await queryRunner.query(
        `CREATE TRIGGER audit_logs_append_only BEFORE UPDATE OR DELETE ON "audit_logs" FOR EACH ROW EXECUTE FUNCTION lentera_refuse_change()`,
      );
    } else {
      await queryRunner.query(
        `CREATE TRIGGER audit_logs_no_update BEFORE UPDATE ON "audit_logs" BEGIN SELECT RAISE(ABORT, 'audit_logs is append-only'); END`,
      );
      await queryRunner.query(
        `CREATE TRIGGER audit_logs_no_delete BEFORE DELETE ON "audit_logs" BEGIN SELECT RAISE(ABORT, 'audit_logs is append-only'); END`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query(`DROP TRIGGER audit_logs_append_only ON "audit_logs"`);
      await queryRunner.query(`DROP FUNCTION lentera_refuse_change()`);
    } else {
      await queryRunner.query(`DROP TRIGGER audit_logs_no_update`);
      await queryRunner.query(`DROP TRIGGER audit_logs_no_delete`);
    }
  }
}
