import { Module } from '@nestjs/common';
import { SupportServicesDisclosureSource } from './support-services-disclosure.source';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CasesModule } from '../../case/cases.module';
import { SupportServiceRecord } from './support-service.entity';
import { SupportServicesApiController } from './support-services-api.controller';
import { SupportServicesPagesController } from './support-services-pages.controller';
import { SupportServicesService } from './support-services.service';

/** Step 4, support (pendampingan): services planned, delivered or cancelled for a case. */
@Module({
  imports: [TypeOrmModule.forFeature([SupportServiceRecord]), CasesModule],
  controllers: [SupportServicesApiController, SupportServicesPagesController],
  providers: [SupportServicesDisclosureSource, SupportServicesService],
  exports: [SupportServicesService],
})
export class SupportServicesModule {}
