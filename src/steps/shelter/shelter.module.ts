import { Module } from '@nestjs/common';
import { ShelterDisclosureSource } from './shelter-disclosure.source';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CasesModule } from '../../case/cases.module';
import { SafeHouse } from './safe-house.entity';
import { SafeHousesApiController, ShelterApiController } from './shelter-api.controller';
import { ShelterPagesController } from './shelter-pages.controller';
import { ShelterStay } from './shelter-stay.entity';
import { ShelterWorkflowGuards } from './shelter-workflow-guards';
import { ShelterService } from './shelter.service';

/** Step 3, shelter (rumah aman): safe houses, stays, occupancy. */
@Module({
  imports: [TypeOrmModule.forFeature([SafeHouse, ShelterStay]), CasesModule],
  controllers: [SafeHousesApiController, ShelterApiController, ShelterPagesController],
  providers: [ShelterDisclosureSource, ShelterService, ShelterWorkflowGuards],
  exports: [ShelterService],
})
export class ShelterModule {}
