import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentAuth, RequirePermission } from '../../platform/auth/auth.decorators';
import { Permission } from '../../platform/auth/permissions';
import { pageOf, PageQueryDto } from '../../platform/common/pagination';
import { AuthContext } from '../../platform/common/request-context';
import { ApiErrors } from '../../web/forms';
import { CommunityService } from './community.service';
import {
  AssignMonitoringDto,
  AssignmentPageDto,
  AssignmentResponseDto,
  CreateVolunteerDto,
  EndAssignmentDto,
  MyMonitoringQueryDto,
  RecordVisitDto,
  UpdateVolunteerDto,
  VolunteerAssignmentDto,
  VolunteerAssignmentPageDto,
  VolunteerListQueryDto,
  VolunteerPageDto,
  VolunteerResponseDto,
} from './dto/community.dto';

/** Community volunteers (kader) and their groups. */
@ApiTags('community')
@Controller('api/community/volunteers')
export class VolunteersApiController {
  constructor(private readonly community: CommunityService) {}

  @Get()
  @RequirePermission(Permission.VolunteersRead)
  @ApiOperation({
    summary: 'List volunteers (filter by state, part of the name or group; sortable: sort, dir)',
  })
  @ApiOkResponse({ type: VolunteerPageDto })
  @ApiErrors(400, 401, 403)
  list(@Query() q: VolunteerListQueryDto): Promise<VolunteerPageDto> {
    return this.community.listVolunteers(q);
  }

  @Post()
  @RequirePermission(Permission.VolunteersManage)
  @ApiOperation({
    summary: 'Register a volunteer with their group (and, optionally, their community_volunteer account)',
  })
  @ApiCreatedResponse({ type: VolunteerResponseDto })
  @ApiErrors(400, 401, 403, 409, 422)
  create(@Body() dto: CreateVolunteerDto): Promise<VolunteerResponseDto> {
    return this.community.createVolunteer(dto);
  }

  @Get(':id')
  @RequirePermission(Permission.VolunteersRead)
  @ApiOkResponse({ type: VolunteerResponseDto })
  @ApiErrors(401, 403, 404)
  get(@Param('id') id: string): Promise<VolunteerResponseDto> {
    return this.community.getVolunteer(id);
  }

  @Patch(':id')
  @RequirePermission(Permission.VolunteersManage)
  @ApiOkResponse({ type: VolunteerResponseDto })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  update(@Param('id') id: string, @Body() dto: UpdateVolunteerDto): Promise<VolunteerResponseDto> {
    return this.community.updateVolunteer(id, dto);
  }
}

/** Monitoring of a case by a volunteer, from the staff's side. */
@ApiTags('community')
@Controller('api')
export class MonitoringApiController {
  constructor(private readonly community: CommunityService) {}

  @Get('cases/:id/monitoring')
  @RequirePermission(Permission.MonitoringRead)
  @ApiOperation({ summary: "A case's monitoring assignments and the volunteers' visits" })
  @ApiOkResponse({ type: AssignmentPageDto, description: 'Newest first, a page at a time' })
  @ApiErrors(400, 401, 403, 404)
  async list(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Query() q: PageQueryDto,
  ): Promise<AssignmentPageDto> {
    return pageOf(await this.community.caseAssignments(auth, id), q);
  }

  @Post('cases/:id/monitoring')
  @RequirePermission(Permission.MonitoringManage)
  @ApiOperation({
    summary: 'Assign a volunteer to monitor the victim after return home',
    description:
      'Needs a consent in force covering community_monitoring (it decides whether the volunteer sees name and contact) and no active shelter stay.',
  })
  @ApiCreatedResponse({ type: AssignmentResponseDto })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  assign(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() dto: AssignMonitoringDto,
  ): Promise<AssignmentResponseDto> {
    return this.community.assign(auth, id, dto);
  }

  @Post('monitoring-assignments/:id/end')
  @HttpCode(200)
  @RequirePermission(Permission.MonitoringManage)
  @ApiOperation({ summary: 'End a monitoring assignment: the volunteer loses access to the details' })
  @ApiOkResponse({ type: AssignmentResponseDto })
  @ApiErrors(400, 401, 403, 404, 409)
  end(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() dto: EndAssignmentDto,
  ): Promise<AssignmentResponseDto> {
    return this.community.end(auth, id, dto.version);
  }
}

/** The volunteer's own assignments (role community_volunteer). Anything else is 404. */
@ApiTags('community')
@Controller('api/my-monitoring')
export class MyMonitoringApiController {
  constructor(private readonly community: CommunityService) {}

  @Get()
  @RequirePermission(Permission.MonitoringOwn)
  @ApiOperation({ summary: 'Your own monitoring assignments (sortable by start, end and status: sort, dir)' })
  @ApiOkResponse({ type: VolunteerAssignmentPageDto })
  @ApiErrors(400, 401, 403)
  list(
    @CurrentAuth() auth: AuthContext,
    @Query() q: MyMonitoringQueryDto,
  ): Promise<VolunteerAssignmentPageDto> {
    return this.community.myAssignments(auth, q);
  }

  @Get(':id')
  @RequirePermission(Permission.MonitoringOwn)
  @ApiOkResponse({ type: VolunteerAssignmentDto })
  @ApiErrors(401, 403, 404)
  get(@CurrentAuth() auth: AuthContext, @Param('id') id: string): Promise<VolunteerAssignmentDto> {
    return this.community.myAssignment(auth, id);
  }

  @Post(':id/visits')
  @RequirePermission(Permission.MonitoringOwn)
  @ApiOperation({
    summary: 'Record a visit and any concern (a concern alerts the counselor and coordinators)',
  })
  @ApiCreatedResponse({ type: VolunteerAssignmentDto })
  @ApiErrors(400, 401, 403, 404, 422)
  visit(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() dto: RecordVisitDto,
  ): Promise<VolunteerAssignmentDto> {
    return this.community.recordVisit(auth, id, dto);
  }
}
