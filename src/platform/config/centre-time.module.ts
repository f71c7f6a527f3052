import { Global, Injectable, Module } from '@nestjs/common';
import { Clock } from '../common/clock';
import { useCentreTimeZone } from '../common/dates';
import { AppConfig, InjectAppConfig } from './app.config';

/** Gives the date helpers and formatters the centre's time zone from the configuration (at start-up). */
@Injectable()
export class CentreTimeZone {
  readonly zone: string;
  constructor(@InjectAppConfig() config: AppConfig) {
    this.zone = config.timeZone;
    useCentreTimeZone(config.timeZone);
  }
}

/** The clock and the centre's time zone, for every module (here rather than in common/, which sits below config). */
@Global()
@Module({ providers: [Clock, CentreTimeZone], exports: [Clock, CentreTimeZone] })
export class CentreTimeModule {}
