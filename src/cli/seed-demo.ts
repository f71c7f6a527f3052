/**
 * `npm run seed:demo`: applies migrations and creates (or refreshes) the demo data and one demo user
 * per role, all with the password in DEMO_PASSWORD (default documented in the README, local use only).
 */
process.env.TZ = process.env.TZ || 'UTC';
import { print } from './print';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { DemoSeeder } from '../demo/demo-seeder';
import { DEFAULT_DEMO_PASSWORD, DEMO_USERS } from '../demo/demo-data';

async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(AppModule, {
    logger: ['error', 'warn'],
    abortOnError: false,
  });
  try {
    const password = process.env.DEMO_PASSWORD || DEFAULT_DEMO_PASSWORD;
    const report = await app.get(DemoSeeder).run(password);
    print(
      `Demo data ready: ${report.usersCreated} users created, ${report.usersUpdated} refreshed, ` +
        `${report.institutionsCreated} institutions and ${report.casesCreated} cases created. ` +
        `Demo users: ${DEMO_USERS.map((u) => u.username).join(', ')} ` +
        `(password from DEMO_PASSWORD${process.env.DEMO_PASSWORD ? '' : ', default'}).`,
    );
  } finally {
    await app.close();
  }
}

main().catch((err) => {
  console.error(`seed:demo failed: ${(err as Error).message}`);
  process.exit(1);
});
