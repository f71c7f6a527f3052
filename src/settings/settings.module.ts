import { Global, Module } from '@nestjs/common';
import { CentreRegionDirectory } from './centre-region.directory';
import { SettingsService } from './settings.service';

/** Centre identity and other deployment settings (infrastructure: imports no feature). */
@Global()
@Module({
  providers: [SettingsService, CentreRegionDirectory],
  exports: [SettingsService, CentreRegionDirectory],
})
export class SettingsModule {}
