import { Module } from '@nestjs/common';
import { CounselingDisclosureSource } from './counseling-disclosure.source';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CasesModule } from '../../case/cases.module';
import { CounselingApiController } from './counseling-api.controller';
import { CounselingPagesController } from './counseling-pages.controller';
import { CounselingSession } from './counseling-session.entity';
import { CounselingWorkflowGuards } from './counseling-workflow-guards';
import { CounselingService } from './counseling.service';
import { RiskAssessment } from './risk-assessment.entity';
import { SafetyPlan } from './safety-plan.entity';

/** Step 2, initial counseling: sessions, risk assessments and the safety plan. */
@Module({
  imports: [TypeOrmModule.forFeature([CounselingSession, RiskAssessment, SafetyPlan]), CasesModule],
  controllers: [CounselingApiController, CounselingPagesController],
  providers: [CounselingDisclosureSource, CounselingService, CounselingWorkflowGuards],
  exports: [CounselingService],
})
export class CounselingModule {}
