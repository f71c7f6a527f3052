import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Quick cases registered before the quick intake recorded who reported as 'not_recorded' kept an empty
 * reporter, which every reader takes as "the victim reported herself" — a fact nobody asked. They are
 * marked 'not recorded', so the case overview asks for it again. (A quick case whose correction chose
 * "the victim reported" before this change stored the same empty value and cannot be told apart: it
 * is asked again too, which is the cautious reading.) Data only; the same SQL on sqlite and PostgreSQL.
 */
export class QuickIntakeReporterNotRecorded1796658642848 implements MigrationInterface {
  name = 'QuickIntakeReporterNotRecorded1796658642848';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE "cases" SET "reporterRelationship" = 'not_recorded' WHERE "intakeMode" = 'quick' AND "reporterRelationship" IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE "cases" SET "reporterRelationship" = NULL WHERE "intakeMode" = 'quick' AND "reporterRelationship" = 'not_recorded'`,
    );
  }
}
