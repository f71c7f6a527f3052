import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentAuth, RequirePermission } from '../../platform/auth/auth.decorators';
import { Permission } from '../../platform/auth/permissions';
import { AuthContext } from '../../platform/common/request-context';
import { ApiErrors } from '../../web/forms';
import {
  AddRecoveryServiceDto,
  AgreementListQueryDto,
  AgreementPageDto,
  AgreementResponseDto,
  CompleteRecoveryPlanDto,
  CreateAgreementDto,
  CreateRecoveryPlanDto,
  RecoveryNoteDto,
  RecoveryPlanResponseDto,
  RecoveryServiceStatusDto,
  UpdateAgreementDto,
  UpdateRecoveryPlanDto,
} from './dto/partnership.dto';
import { PartnershipsService } from './partnerships.service';
import { RecoveryService } from './recovery.service';

/** Partnership agreements (MoU) with third parties. */
@ApiTags('partnerships')
@Controller('api/partnerships')
export class PartnershipsApiController {
  constructor(private readonly partnerships: PartnershipsService) {}

  @Get()
  @RequirePermission(Permission.PartnershipsRead)
  @ApiOperation({
    summary: 'Partnership agreements (filter by institution, status, service, in force; sortable: sort, dir)',
  })
  @ApiOkResponse({ type: AgreementPageDto })
  @ApiErrors(400, 401, 403)
  list(@Query() q: AgreementListQueryDto): Promise<AgreementPageDto> {
    return this.partnerships.list(q);
  }

  @Post()
  @RequirePermission(Permission.PartnershipsManage)
  @ApiCreatedResponse({ type: AgreementResponseDto })
  @ApiErrors(400, 401, 403, 409, 422)
  create(@CurrentAuth() auth: AuthContext, @Body() dto: CreateAgreementDto): Promise<AgreementResponseDto> {
    return this.partnerships.create(auth, dto);
  }

  @Get(':id')
  @RequirePermission(Permission.PartnershipsRead)
  @ApiOkResponse({ type: AgreementResponseDto })
  @ApiErrors(401, 403, 404)
  get(@Param('id') id: string): Promise<AgreementResponseDto> {
    return this.partnerships.get(id);
  }

  @Patch(':id')
  @RequirePermission(Permission.PartnershipsManage)
  @ApiOperation({ summary: 'Change title, dates, services, status or notes (with the version)' })
  @ApiOkResponse({ type: AgreementResponseDto })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  update(@Param('id') id: string, @Body() dto: UpdateAgreementDto): Promise<AgreementResponseDto> {
    return this.partnerships.update(id, dto);
  }
}

/** A case's recovery plan (staff working on the case). */
@ApiTags('recovery')
@Controller('api/cases/:id/recovery-plan')
export class RecoveryApiController {
  constructor(private readonly recovery: RecoveryService) {}

  @Get()
  @RequirePermission(Permission.RecoveryRead)
  @ApiOkResponse({ type: RecoveryPlanResponseDto })
  @ApiErrors(401, 403, 404)
  get(@CurrentAuth() auth: AuthContext, @Param('id') id: string): Promise<RecoveryPlanResponseDto> {
    return this.recovery.get(auth, id);
  }

  @Post()
  @RequirePermission(Permission.RecoveryWrite)
  @ApiOperation({ summary: 'Create the recovery plan with its goals (the recovery stage needs one)' })
  @ApiCreatedResponse({ type: RecoveryPlanResponseDto })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  create(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() dto: CreateRecoveryPlanDto,
  ): Promise<RecoveryPlanResponseDto> {
    return this.recovery.create(auth, id, dto.goals);
  }

  @Put()
  @RequirePermission(Permission.RecoveryWrite)
  @ApiOperation({ summary: 'Change the goals' })
  @ApiOkResponse({ type: RecoveryPlanResponseDto })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  update(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() dto: UpdateRecoveryPlanDto,
  ): Promise<RecoveryPlanResponseDto> {
    return this.recovery.updateGoals(auth, id, dto.version, dto.goals);
  }

  @Post('services')
  @RequirePermission(Permission.RecoveryWrite)
  @ApiOperation({ summary: 'Add a service by a partner under an agreement in force' })
  @ApiCreatedResponse({ type: RecoveryPlanResponseDto })
  @ApiErrors(400, 401, 403, 404, 422)
  addService(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() dto: AddRecoveryServiceDto,
  ): Promise<RecoveryPlanResponseDto> {
    return this.recovery.addService(auth, id, dto);
  }

  @Post('services/:serviceId/status')
  @HttpCode(200)
  @RequirePermission(Permission.RecoveryWrite)
  @ApiOperation({ summary: 'Move a service along planned → ongoing → done (or cancelled)' })
  @ApiOkResponse({ type: RecoveryPlanResponseDto })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  serviceStatus(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Param('serviceId') serviceId: string,
    @Body() dto: RecoveryServiceStatusDto,
  ): Promise<RecoveryPlanResponseDto> {
    return this.recovery.updateService(auth, id, serviceId, dto);
  }

  @Post('notes')
  @RequirePermission(Permission.RecoveryWrite)
  @ApiOperation({ summary: 'Add a progress note' })
  @ApiCreatedResponse({ type: RecoveryPlanResponseDto })
  @ApiErrors(400, 401, 403, 404, 422)
  addNote(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() dto: RecoveryNoteDto,
  ): Promise<RecoveryPlanResponseDto> {
    return this.recovery.addNote(auth, id, dto);
  }

  @Post('complete')
  @HttpCode(200)
  @RequirePermission(Permission.RecoveryWrite)
  @ApiOperation({ summary: 'Complete the plan' })
  @ApiOkResponse({ type: RecoveryPlanResponseDto })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  complete(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() dto: CompleteRecoveryPlanDto,
  ): Promise<RecoveryPlanResponseDto> {
    return this.recovery.complete(auth, id, dto.version, dto.note);
  }
}
