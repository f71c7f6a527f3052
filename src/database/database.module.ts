import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { appConfig, AppConfig } from '../config/app.config';
import { buildDataSourceOptions } from './database.options';

/** The database connection; pending migrations are applied on start (never `synchronize`). */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [appConfig.KEY],
      useFactory: (config: AppConfig) => ({
        ...buildDataSourceOptions(config.database),
        migrationsRun: true,
        migrationsTransactionMode: 'each',
      }),
    }),
  ],
})
export class DatabaseModule {}
