import { Module } from '@nestjs/common';
import { InstitutionsModule } from '../institutions/institutions.module';
import { UsersModule } from '../users/users.module';
import { DemoSeeder } from './demo-seeder';

/** Demo data for `npm run seed:demo`; calls each feature's service, never its repositories. */
@Module({
  imports: [InstitutionsModule, UsersModule],
  providers: [DemoSeeder],
  exports: [DemoSeeder],
})
export class DemoModule {}
