import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The keyed history chain (issue 13): each event says how its hash was computed (`hashVersion`: 1 =
 * SHA-256, every event stored before this migration; 2 = HMAC-SHA256 under the chain key, every
 * event appended after it), and each case's head gets a keyed seal (`headSeal`), written by the
 * application (it alone has the key) at its next start for the histories that exist, and with every
 * event afterwards. Existing events are not rewritten: case_events refuses UPDATE, and prints already
 * carry their verification codes.
 *
 * The PostgreSQL part is what src/cli/generate-migration.ts wrote. On sqlite the generator rebuilds
 * both tables (create a copy, copy the rows, drop, rename), which would drop case_events' append-only
 * triggers with the old table: plain ADD COLUMN / DROP COLUMN keep the tables, and their triggers.
 * The drift test proves the result on both databases.
 */
export class KeyedCaseChain1796599490304 implements MigrationInterface {
  name = 'KeyedCaseChain1796599490304';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query('ALTER TABLE "case_events" ADD "hashVersion" integer NOT NULL DEFAULT \'1\'');
      await queryRunner.query('ALTER TABLE "cases" ADD "headSeal" character varying(64)');
    } else {
      await queryRunner.query(
        'ALTER TABLE "case_events" ADD COLUMN "hashVersion" integer NOT NULL DEFAULT (1)',
      );
      await queryRunner.query('ALTER TABLE "cases" ADD COLUMN "headSeal" varchar(64)');
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query('ALTER TABLE "cases" DROP COLUMN "headSeal"');
      await queryRunner.query('ALTER TABLE "case_events" DROP COLUMN "hashVersion"');
    } else {
      await queryRunner.query('ALTER TABLE "cases" DROP COLUMN "headSeal"');
      await queryRunner.query('ALTER TABLE "case_events" DROP COLUMN "hashVersion"');
    }
  }
}
