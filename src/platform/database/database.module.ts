import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { appConfig, AppConfig } from '../config/app.config';
import { buildDataSourceOptions } from './database.options';

/**
 * The database connection; pending migrations are applied on start (never `synchronize`). It knows no
 * entity: every feature module registers its own with `TypeOrmModule.forFeature([...])`, and
 * `autoLoadEntities` gives the connection exactly those.
 */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [appConfig.KEY],
      useFactory: (config: AppConfig) => ({
        ...buildDataSourceOptions(config.database),
        entities: [],
        autoLoadEntities: true,
        migrationsRun: true,
        migrationsTransactionMode: 'each',
      }),
    }),
  ],
})
export class DatabaseModule {}
