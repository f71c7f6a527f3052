import { Global, Injectable, Module } from '@nestjs/common';
import { AppConfig, InjectAppConfig } from '../config/app.config';
import { Clock } from './clock';
import { useCentreTimeZone } from './dates';

/** Gives the date helpers and formatters the centre's time zone from the configuration (at start-up). */
@Injectable()
export class CentreTimeZone {
  readonly zone: string;
  constructor(@InjectAppConfig() config: AppConfig) {
    this.zone = config.timeZone;
    useCentreTimeZone(config.timeZone);
  }
}

@Global()
@Module({ providers: [Clock, CentreTimeZone], exports: [Clock, CentreTimeZone] })
export class CommonModule {}
