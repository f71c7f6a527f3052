process.env.TZ = process.env.TZ || 'UTC';
// Every file and folder this process creates is the service user's only (see platform/common/private-files.ts).
process.umask(0o077);
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { configureApp, createFastifyAdapter } from './bootstrap';
import { buildAppConfig } from './platform/config/app.config';
import { ConfigValidationError } from './platform/config/env.validation';
import { RedactingLogger } from './platform/common/redacting-logger';

async function main(): Promise<void> {
  let config;
  try {
    config = buildAppConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigValidationError) {
      console.error(`Lentera cannot start. ${err.message}\nSee the configuration table in README.md.`);
      process.exit(1);
    }
    throw err;
  }
  const logger = new RedactingLogger(config.logLevel);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, createFastifyAdapter(), {
    logger,
    abortOnError: false,
  });
  await configureApp(app);
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
  logger.log(
    `Lentera listening on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`,
    'Main',
  );
}

main().catch((err) => {
  console.error(`Lentera failed to start: ${(err as Error).message}`);
  process.exit(1);
});
