// The DataSource used by the TypeORM CLI (`npm run migration:run|revert|generate`) and the tools in src/cli.
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { buildAppConfig } from '../config/app.config';
import { buildDataSourceOptions } from './database.options';

export default new DataSource(buildDataSourceOptions(buildAppConfig(process.env).database));
