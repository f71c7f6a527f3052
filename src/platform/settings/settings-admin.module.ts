import { Module } from '@nestjs/common';
import { CentreSettingsAdminService } from './centre-settings-admin.service';
import { SettingsApiController } from './settings-api.controller';
import { SettingsPagesController } from './settings-pages.controller';

/**
 * The administrator's centre settings: page and JSON API (the settings themselves are SettingsModule's).
 * The logo upload is an upload route (http/multipart.ts).
 */
@Module({
  controllers: [SettingsApiController, SettingsPagesController],
  providers: [CentreSettingsAdminService],
})
export class SettingsAdminModule {}
