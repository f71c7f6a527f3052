import { Global, Module } from '@nestjs/common';
import { SettingsService } from './settings.service';

/** Centre identity and other deployment settings (infrastructure: imports no feature). */
@Global()
@Module({ providers: [SettingsService], exports: [SettingsService] })
export class SettingsModule {}
