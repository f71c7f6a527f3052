import { Body, Controller, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentAuth, RequirePermission } from '../../platform/auth/auth.decorators';
import { Permission } from '../../platform/auth/permissions';
import { PageQueryDto } from '../../platform/common/pagination';
import { AuthContext } from '../../platform/common/request-context';
import { ApiErrors } from '../../web/forms';
import { CounselingService } from './counseling.service';
import {
  CounselingSessionPageDto,
  CounselingSessionResponseDto,
  CreateCounselingSessionDto,
  CreateRiskAssessmentDto,
  RiskAssessmentPageDto,
  RiskAssessmentResponseDto,
  SafetyPlanResponseDto,
  UpdateSafetyPlanDto,
} from './dto/counseling.dto';

/**
 * Step 2, initial counseling, on a case the caller works on (assigned counselor or coordinator).
 * A case outside the caller's scope is 404; one the caller only sees (front desk) is 403.
 */
@ApiTags('counseling')
@ApiParam({ name: 'id', format: 'uuid', description: 'The case' })
@Controller('api/cases/:id')
export class CounselingApiController {
  constructor(private readonly counseling: CounselingService) {}

  @Get('counseling-sessions')
  @RequirePermission(Permission.CounselingRead)
  @ApiOperation({ summary: 'Counseling sessions of the case, newest first' })
  @ApiOkResponse({ type: CounselingSessionPageDto })
  @ApiErrors(400, 401, 403, 404)
  sessions(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Query() q: PageQueryDto,
  ): Promise<CounselingSessionPageDto> {
    return this.counseling.listSessions(auth, id, q);
  }

  @Post('counseling-sessions')
  @RequirePermission(Permission.CounselingWrite)
  @ApiOperation({ summary: 'Record a counseling session (appends counseling.session_added)' })
  @ApiCreatedResponse({ type: CounselingSessionResponseDto })
  @ApiErrors(400, 401, 403, 404, 422)
  addSession(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() dto: CreateCounselingSessionDto,
  ): Promise<CounselingSessionResponseDto> {
    return this.counseling.addSession(auth, id, dto);
  }

  @Get('risk-assessments')
  @RequirePermission(Permission.CounselingRead)
  @ApiOperation({ summary: 'Risk assessments of the case, latest first (`latest` marks the current one)' })
  @ApiOkResponse({ type: RiskAssessmentPageDto })
  @ApiErrors(400, 401, 403, 404)
  riskAssessments(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Query() q: PageQueryDto,
  ): Promise<RiskAssessmentPageDto> {
    return this.counseling.listRiskAssessments(auth, id, q);
  }

  @Post('risk-assessments')
  @RequirePermission(Permission.CounselingWrite)
  @ApiOperation({
    summary: "Record a risk assessment; the latest sets the case's risk level (appends risk.assessed)",
  })
  @ApiCreatedResponse({ type: RiskAssessmentResponseDto })
  @ApiErrors(400, 401, 403, 404, 422)
  addRiskAssessment(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() dto: CreateRiskAssessmentDto,
  ): Promise<RiskAssessmentResponseDto> {
    return this.counseling.addRiskAssessment(auth, id, dto);
  }

  @Get('safety-plan')
  @RequirePermission(Permission.CounselingRead)
  @ApiOperation({ summary: 'The current safety plan (version 0 and no text when there is none yet)' })
  @ApiOkResponse({ type: SafetyPlanResponseDto })
  @ApiErrors(401, 403, 404)
  safetyPlan(@CurrentAuth() auth: AuthContext, @Param('id') id: string): Promise<SafetyPlanResponseDto> {
    return this.counseling.getSafetyPlan(auth, id);
  }

  @Put('safety-plan')
  @RequirePermission(Permission.CounselingWrite)
  @ApiOperation({
    summary: 'Save a new version of the safety plan (send the version read; appends safety_plan.updated)',
  })
  @ApiOkResponse({ type: SafetyPlanResponseDto })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  updateSafetyPlan(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() dto: UpdateSafetyPlanDto,
  ): Promise<SafetyPlanResponseDto> {
    return this.counseling.updateSafetyPlan(auth, id, dto.plan, dto.version);
  }
}
