import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentAuth, RequirePermission } from '../../platform/auth/auth.decorators';
import { Permission } from '../../platform/auth/permissions';
import { PageQueryDto, paginated } from '../../platform/common/pagination';
import { AppRequest, AuthContext } from '../../platform/common/request-context';
import { ApiErrors, idPipe } from '../../web/forms';
import { VersionQueryDto } from '../../web/input';
import { FileResponseDto } from '../../pug/dto/pug-institutions.dto';
import { toFile } from '../../pug/dto/pug-institutions.mappers';
import { DOCUMENT_UPLOAD, UploadRoute } from '../../web/multipart';
import { ApiFileDownload, ApiFileUpload, sendFile, takeFile } from '../../web/files';
import { CommunityGroupsService } from './community-groups.service';
import {
  CommunityActivityPageDto,
  CommunityActivityResponseDto,
  CreateCommunityActivityDto,
  CreateGroupDto,
  CreatePreventionDto,
  CreateVolunteerTrainingDto,
  GroupDetailDto,
  GroupListQueryDto,
  GroupPageDto,
  GroupResponseDto,
  PreventionDetailDto,
  PreventionListQueryDto,
  PreventionPageDto,
  PreventionSummaryDto,
  PreventionSummaryQueryDto,
  SetGroupVolunteersDto,
  toCommunityActivity,
  toGroup,
  toPrevention,
  toPreventionDetail,
  toVolunteerTraining,
  UpdateCommunityActivityDto,
  UpdateGroupDto,
  UpdatePreventionDto,
  UpdateVolunteerTrainingDto,
  volunteerRef,
  VolunteerTrainingListQueryDto,
  VolunteerTrainingPageDto,
  VolunteerTrainingResponseDto,
} from './dto/programme.dto';
import { VolunteerTrainingsService } from './volunteer-trainings.service';
import { PreventionService } from './prevention.service';

/** Prevention activities (step 7): read by counselors and coordinators, recorded by coordinators. */
@ApiTags('programme')
@Controller('api/prevention-activities')
export class PreventionApiController {
  constructor(private readonly prevention: PreventionService) {}

  @Get()
  @RequirePermission(Permission.ProgrammeRead)
  @ApiOperation({
    summary:
      'List prevention activities (sortable: sort, dir) (filter by date range, district, kind), latest first',
  })
  @ApiOkResponse({ type: PreventionPageDto })
  @ApiErrors(400, 401, 403)
  async list(@Query() q: PreventionListQueryDto): Promise<PreventionPageDto> {
    const { items, total } = await this.prevention.list(q);
    return paginated(items.map(toPrevention), total, q);
  }

  @Get('summary')
  @RequirePermission(Permission.ProgrammeRead)
  @ApiOperation({
    summary: 'Activities, participants (sex × age group) and reach per quarter and district of a year',
  })
  @ApiOkResponse({ type: PreventionSummaryDto })
  @ApiErrors(400, 401, 403)
  summary(@Query() q: PreventionSummaryQueryDto): Promise<PreventionSummaryDto> {
    return this.prevention.summary(q.year, q.district);
  }

  @Post()
  @RequirePermission(Permission.ProgrammeManage)
  @ApiOperation({ summary: 'Record a prevention activity' })
  @ApiCreatedResponse({ type: PreventionDetailDto })
  @ApiErrors(400, 401, 403, 422)
  async create(
    @CurrentAuth() auth: AuthContext,
    @Body() dto: CreatePreventionDto,
  ): Promise<PreventionDetailDto> {
    const created = await this.prevention.create(dto, auth.userId);
    const { activity, materials } = await this.prevention.get(created.id);
    return toPreventionDetail(activity, materials);
  }

  @Get(':id')
  @RequirePermission(Permission.ProgrammeRead)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: PreventionDetailDto })
  @ApiErrors(400, 401, 403, 404)
  async get(@Param('id', idPipe()) id: string): Promise<PreventionDetailDto> {
    const { activity, materials } = await this.prevention.get(id);
    return toPreventionDetail(activity, materials);
  }

  @Patch(':id')
  @RequirePermission(Permission.ProgrammeManage)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: PreventionDetailDto })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  async update(
    @Param('id', idPipe()) id: string,
    @Body() dto: UpdatePreventionDto,
  ): Promise<PreventionDetailDto> {
    await this.prevention.update(id, dto);
    const { activity, materials } = await this.prevention.get(id);
    return toPreventionDetail(activity, materials);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission(Permission.ProgrammeManage)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: 'Delete a prevention activity recorded by mistake (with its materials)' })
  @ApiNoContentResponse()
  @ApiErrors(400, 401, 403, 404, 409)
  async remove(@Param('id', idPipe()) id: string, @Query() q: VersionQueryDto): Promise<void> {
    await this.prevention.remove(id, q.version);
  }

  @Post(':id/materials')
  @RequirePermission(Permission.ProgrammeManage)
  @UploadRoute(DOCUMENT_UPLOAD)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: 'Attach a material (leaflet, slides, photo: PDF, JPEG or PNG); stored encrypted' })
  @ApiFileUpload()
  @ApiCreatedResponse({ type: FileResponseDto })
  @ApiErrors(400, 401, 403, 404, 413, 415)
  async addMaterial(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe()) id: string,
    @Req() req: AppRequest,
  ): Promise<FileResponseDto> {
    const { data, filename } = takeFile(req.body);
    return toFile(await this.prevention.addMaterial(id, data, filename, auth.userId)) as FileResponseDto;
  }

  @Get(':id/materials/:fileId')
  @RequirePermission(Permission.ProgrammeRead)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiParam({ name: 'fileId', format: 'uuid' })
  @ApiOperation({ summary: 'Download a material' })
  @ApiFileDownload()
  @ApiOkResponse({ description: 'The file' })
  @ApiErrors(400, 401, 403, 404)
  async material(
    @Param('id', idPipe()) id: string,
    @Param('fileId', idPipe()) fileId: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { file, data } = await this.prevention.material(id, fileId);
    await sendFile(reply, file, data);
  }

  @Delete(':id/materials/:fileId')
  @HttpCode(204)
  @RequirePermission(Permission.ProgrammeManage)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiParam({ name: 'fileId', format: 'uuid' })
  @ApiNoContentResponse()
  @ApiErrors(400, 401, 403, 404)
  async removeMaterial(
    @Param('id', idPipe()) id: string,
    @Param('fileId', idPipe()) fileId: string,
  ): Promise<void> {
    await this.prevention.removeMaterial(id, fileId);
  }
}

/** Community groups (step 8) and their activities. */
@ApiTags('programme')
@Controller('api/community-groups')
export class CommunityGroupsApiController {
  constructor(private readonly groups: CommunityGroupsService) {}

  @Get()
  @RequirePermission(Permission.ProgrammeRead)
  @ApiOperation({
    summary:
      'List community groups (PKK, posyandu, religious groups, KUBE, youth groups); sortable: sort, dir',
  })
  @ApiOkResponse({ type: GroupPageDto })
  @ApiErrors(400, 401, 403)
  async list(@Query() q: GroupListQueryDto): Promise<GroupPageDto> {
    const { items, total } = await this.groups.list(q);
    return paginated(items.map(toGroup), total, q);
  }

  @Post()
  @RequirePermission(Permission.ProgrammeManage)
  @ApiCreatedResponse({ type: GroupResponseDto })
  @ApiErrors(400, 401, 403, 422)
  async create(@Body() dto: CreateGroupDto): Promise<GroupResponseDto> {
    return toGroup(await this.groups.create(dto));
  }

  @Get(':id')
  @RequirePermission(Permission.ProgrammeRead)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({
    summary: "A community group with its volunteers (kader, from the community module's registry)",
  })
  @ApiOkResponse({ type: GroupDetailDto })
  @ApiErrors(400, 401, 403, 404)
  async get(@Param('id', idPipe()) id: string): Promise<GroupDetailDto> {
    return {
      ...toGroup(await this.groups.get(id)),
      volunteers: (await this.groups.volunteers(id)).map(volunteerRef),
    };
  }

  @Put(':id/volunteers')
  @RequirePermission(Permission.ProgrammeManage)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({
    summary: "Set the group's volunteers (kader of the community module's registry); bumps its version",
  })
  @ApiOkResponse({ type: GroupDetailDto })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  async setVolunteers(
    @Param('id', idPipe()) id: string,
    @Body() dto: SetGroupVolunteersDto,
  ): Promise<GroupDetailDto> {
    const volunteers = await this.groups.setVolunteers(id, dto.version, dto.volunteerIds);
    return { ...toGroup(await this.groups.get(id)), volunteers: volunteers.map(volunteerRef) };
  }

  @Patch(':id')
  @RequirePermission(Permission.ProgrammeManage)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: GroupResponseDto })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  async update(@Param('id', idPipe()) id: string, @Body() dto: UpdateGroupDto): Promise<GroupResponseDto> {
    return toGroup(await this.groups.update(id, dto));
  }

  @Get(':id/activities')
  @RequirePermission(Permission.ProgrammeRead)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: "The group's activities (prevention, accompaniment, monitoring), latest first" })
  @ApiOkResponse({ type: CommunityActivityPageDto })
  @ApiErrors(400, 401, 403, 404)
  async activities(
    @Param('id', idPipe()) id: string,
    @Query() q: PageQueryDto,
  ): Promise<CommunityActivityPageDto> {
    const { items, total } = await this.groups.activities(id, q);
    return paginated(items.map(toCommunityActivity), total, q);
  }

  @Post(':id/activities')
  @RequirePermission(Permission.ProgrammeManage)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: 'Record what the group did (no case content)' })
  @ApiCreatedResponse({ type: CommunityActivityResponseDto })
  @ApiErrors(400, 401, 403, 404, 422)
  async addActivity(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe()) id: string,
    @Body() dto: CreateCommunityActivityDto,
  ): Promise<CommunityActivityResponseDto> {
    return toCommunityActivity(await this.groups.addActivity(id, dto, auth.userId));
  }
}

@ApiTags('programme')
@Controller('api/community-activities')
export class CommunityActivitiesApiController {
  constructor(private readonly groups: CommunityGroupsService) {}

  @Get(':id')
  @RequirePermission(Permission.ProgrammeRead)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: CommunityActivityResponseDto })
  @ApiErrors(400, 401, 403, 404)
  async get(@Param('id', idPipe()) id: string): Promise<CommunityActivityResponseDto> {
    return toCommunityActivity(await this.groups.activity(id));
  }

  @Patch(':id')
  @RequirePermission(Permission.ProgrammeManage)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: CommunityActivityResponseDto })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  async update(
    @Param('id', idPipe()) id: string,
    @Body() dto: UpdateCommunityActivityDto,
  ): Promise<CommunityActivityResponseDto> {
    return toCommunityActivity(await this.groups.updateActivity(id, dto));
  }
}

/** Trainings of community volunteers (kader): participants by reference to the volunteer registry. */
@ApiTags('programme')
@Controller('api/volunteer-trainings')
export class VolunteerTrainingsApiController {
  constructor(private readonly trainings: VolunteerTrainingsService) {}

  @Get()
  @RequirePermission(Permission.ProgrammeRead)
  @ApiOperation({
    summary: 'List volunteer trainings (filter by a volunteer who attended, by year; sortable: sort, dir)',
  })
  @ApiOkResponse({ type: VolunteerTrainingPageDto })
  @ApiErrors(400, 401, 403)
  async list(@Query() q: VolunteerTrainingListQueryDto): Promise<VolunteerTrainingPageDto> {
    const { items, total } = await this.trainings.list(q);
    return paginated(items.map(toVolunteerTraining), total, q);
  }

  @Post()
  @RequirePermission(Permission.ProgrammeManage)
  @ApiOperation({ summary: 'Record a volunteer training with the volunteers who attended' })
  @ApiCreatedResponse({ type: VolunteerTrainingResponseDto })
  @ApiErrors(400, 401, 403, 422)
  async create(@Body() dto: CreateVolunteerTrainingDto): Promise<VolunteerTrainingResponseDto> {
    return toVolunteerTraining(await this.trainings.create(dto));
  }

  @Get(':id')
  @RequirePermission(Permission.ProgrammeRead)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: VolunteerTrainingResponseDto })
  @ApiErrors(400, 401, 403, 404)
  async get(@Param('id', idPipe()) id: string): Promise<VolunteerTrainingResponseDto> {
    return toVolunteerTraining(await this.trainings.get(id));
  }

  @Patch(':id')
  @RequirePermission(Permission.ProgrammeManage)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: VolunteerTrainingResponseDto })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  async update(
    @Param('id', idPipe()) id: string,
    @Body() dto: UpdateVolunteerTrainingDto,
  ): Promise<VolunteerTrainingResponseDto> {
    return toVolunteerTraining(await this.trainings.update(id, dto));
  }
}
