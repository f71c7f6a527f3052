import { MigrationInterface, QueryRunner } from 'typeorm';

/** A case's history is append-only: the database itself refuses UPDATE and DELETE on case_events. */
export class CaseEventsAppendOnly1795460500000 implements MigrationInterface {
  name = 'CaseEventsAppendOnly1795460500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') {
      // lentera_refuse_change() comes from AuditLogAppendOnly.
      await queryRunner.query(
        `CREATE TRIGGER case_events_append_only BEFORE UPDATE OR DELETE ON "case_events" FOR EACH ROW EXECUTE FUNCTION lentera_refuse_change()`,
      );
    } else {
      await queryRunner.query(
        `CREATE TRIGGER case_events_no_update BEFORE UPDATE ON "case_events" BEGIN SELECT RAISE(ABORT, 'case_events is append-only'); END`,
      );
      await queryRunner.query(
        `CREATE TRIGGER case_events_no_delete BEFORE DELETE ON "case_events" BEGIN SELECT RAISE(ABORT, 'case_events is append-only'); END`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query(`DROP TRIGGER case_events_append_only ON "case_events"`);
    } else {
      await queryRunner.query(`DROP TRIGGER case_events_no_update`);
      await queryRunner.query(`DROP TRIGGER case_events_no_delete`);
    }
  }
}
