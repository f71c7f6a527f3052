import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CentreRegionDirectory } from './centre-region.directory';
import { Setting } from './setting.entity';
import { SettingsService } from './settings.service';

/** Centre identity and other deployment settings (infrastructure: imports no feature). */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([Setting])],
  providers: [SettingsService, CentreRegionDirectory],
  exports: [SettingsService, CentreRegionDirectory],
})
export class SettingsModule {}
