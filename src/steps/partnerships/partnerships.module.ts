import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CasesModule } from '../../case/cases.module';
import { InstitutionsModule } from '../../institutions/institutions.module';
import { PartnershipAgreement } from './partnership-agreement.entity';
import { PartnershipsApiController, RecoveryApiController } from './partnerships-api.controller';
import { PartnershipsPagesController } from './partnerships-pages.controller';
import { PartnershipsService } from './partnerships.service';
import { RecoveryWorkflowGuards } from './recovery-workflow-guards';
import { RecoveryNote, RecoveryPlan, RecoveryServiceRecord } from './recovery.entities';
import { RecoveryService } from './recovery.service';

/**
 * Step 9 — third-party partnerships and recovery: agreements (MoU) and each case's recovery plan.
 * Imports CasesModule so that its default `recovery_plan_exists` guard is registered first and
 * replaced here.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([PartnershipAgreement, RecoveryPlan, RecoveryServiceRecord, RecoveryNote]),
    CasesModule,
    InstitutionsModule,
  ],
  controllers: [PartnershipsApiController, RecoveryApiController, PartnershipsPagesController],
  providers: [PartnershipsService, RecoveryService, RecoveryWorkflowGuards],
  exports: [PartnershipsService, RecoveryService],
})
export class PartnershipsModule {}
