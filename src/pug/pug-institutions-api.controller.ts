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
import { CurrentAuth, RequirePermission } from '../platform/auth/auth.decorators';
import { Permission } from '../platform/auth/permissions';
import { paginated } from '../platform/common/pagination';
import { AppRequest, AuthContext } from '../platform/common/request-context';
import { ApiErrors, idPipe } from '../web/forms';
import { VersionQueryDto } from '../web/input';
import {
  BodyDetailDto,
  BodyListQueryDto,
  RegionListQueryDto,
  BodyPageDto,
  BodyResponseDto,
  CreateBodyDto,
  CreateDecreeDto,
  CreateRegionDto,
  DecreeDetailDto,
  DecreeListQueryDto,
  DecreePageDto,
  FileResponseDto,
  RegionDetailDto,
  RegionPageDto,
  SetRosterDto,
  UpdateBodyDto,
  UpdateDecreeDto,
  UpdateRegionDto,
} from './dto/pug-institutions.dto';
import {
  toBody,
  toBodyDetail,
  toDecree,
  toDecreeDetail,
  toFile,
  toRegion,
  toRegionDetail,
} from './dto/pug-institutions.mappers';
import { DOCUMENT_UPLOAD, UploadRoute } from '../web/multipart';
import { ApiFileDownload, ApiFileUpload, sendFile, takeFile } from '../web/files';
import { PugBodiesService } from './pug-bodies.service';
import { PugCompletenessService } from './pug-completeness.service';
import { PugDecreesService } from './pug-decrees.service';
import { PugRegionsService } from './pug-regions.service';
import { PugReferenceDto, pugReference, RegionCompletenessDto } from './dto/pug-reference.dto';

/** PUG reference data: body kinds with their duties (Indonesian and English), and the closed lists. */
@ApiTags('pug')
@Controller('api/pug')
export class PugReferenceApiController {
  @Get('reference')
  @RequirePermission(Permission.PugRead)
  @ApiOperation({
    summary: 'Body kinds and their duties (12 Pokja PUG duties, 6 Focal Point duties …) and code lists',
  })
  @ApiOkResponse({ type: PugReferenceDto })
  @ApiErrors(401, 403)
  reference(): PugReferenceDto {
    return pugReference();
  }
}

/** Local governments whose PUG institutions are recorded, their SKPD roster and body completeness. */
@ApiTags('pug')
@Controller('api/pug-regions')
export class PugRegionsApiController {
  constructor(
    private readonly regions: PugRegionsService,
    private readonly completeness: PugCompletenessService,
  ) {}

  @Get()
  @RequirePermission(Permission.PugRead)
  @ApiOperation({ summary: 'List regions (local governments); sortable: sort, dir' })
  @ApiOkResponse({ type: RegionPageDto })
  @ApiErrors(400, 401, 403)
  async list(@Query() q: RegionListQueryDto): Promise<RegionPageDto> {
    const { items, total } = await this.regions.list(q);
    return paginated(items.map(toRegion), total, q);
  }

  @Post()
  @RequirePermission(Permission.PugManage)
  @ApiOperation({ summary: 'Register a region' })
  @ApiCreatedResponse({ type: RegionDetailDto })
  @ApiErrors(400, 401, 403, 409)
  async create(@Body() dto: CreateRegionDto): Promise<RegionDetailDto> {
    const region = await this.regions.create(dto);
    return toRegionDetail(region, []);
  }

  @Get(':id')
  @RequirePermission(Permission.PugRead)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: 'A region with its roster of SKPD taking part in PUG' })
  @ApiOkResponse({ type: RegionDetailDto })
  @ApiErrors(400, 401, 403, 404)
  async get(@Param('id', idPipe()) id: string): Promise<RegionDetailDto> {
    return toRegionDetail(await this.regions.get(id), await this.regions.roster(id));
  }

  @Patch(':id')
  @RequirePermission(Permission.PugManage)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: 'Rename a region or change its kind' })
  @ApiOkResponse({ type: RegionDetailDto })
  @ApiErrors(400, 401, 403, 404, 409)
  async update(@Param('id', idPipe()) id: string, @Body() dto: UpdateRegionDto): Promise<RegionDetailDto> {
    const region = await this.regions.update(id, dto);
    return toRegionDetail(region, await this.regions.roster(id));
  }

  @Put(':id/roster')
  @RequirePermission(Permission.PugManage)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({
    summary:
      "Replace the region's SKPD roster (Bappeda = planning_agency, women's-empowerment SKPD); bumps its version",
  })
  @ApiOkResponse({ type: RegionDetailDto })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  async setRoster(@Param('id', idPipe()) id: string, @Body() dto: SetRosterDto): Promise<RegionDetailDto> {
    const roster = await this.regions.setRoster(id, dto.version, dto.entries);
    return toRegionDetail(await this.regions.get(id), roster);
  }

  @Get(':id/completeness')
  @RequirePermission(Permission.PugRead)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({
    summary:
      'Whether its bodies are complete: Pokja PUG chaired by Bappeda with the secretariat at the women-empowerment SKPD and every SKPD; technical team; a focal-point decree in every SKPD; partner teams',
  })
  @ApiOkResponse({ type: RegionCompletenessDto })
  @ApiErrors(400, 401, 403, 404)
  completenessOf(@Param('id', idPipe()) id: string): Promise<RegionCompletenessDto> {
    return this.completeness.forRegion(id);
  }
}

/** PUG bodies: Pokja PUG, technical team, focal-point teams, the service centre's partner team. */
@ApiTags('pug')
@Controller('api/pug-bodies')
export class PugBodiesApiController {
  constructor(
    private readonly bodies: PugBodiesService,
    private readonly decrees: PugDecreesService,
  ) {}

  @Get()
  @RequirePermission(Permission.PugRead)
  @ApiOperation({
    summary:
      'List bodies (filter by region, kind, institution; sortable: sort, dir) with the decree in force',
  })
  @ApiOkResponse({ type: BodyPageDto })
  @ApiErrors(400, 401, 403)
  async list(@Query() q: BodyListQueryDto): Promise<BodyPageDto> {
    const { items, total } = await this.bodies.list(q);
    const inForce = await this.decrees.inForce(items.map((b) => b.id));
    return paginated(
      items.map((b) => toBody(b, inForce.get(b.id))),
      total,
      q,
    );
  }

  @Post()
  @RequirePermission(Permission.PugManage)
  @ApiOperation({
    summary: 'Register a body (one Pokja and one technical team per region, one focal-point team per SKPD)',
  })
  @ApiCreatedResponse({ type: BodyResponseDto })
  @ApiErrors(400, 401, 403, 409, 422)
  async create(@Body() dto: CreateBodyDto): Promise<BodyResponseDto> {
    return toBody(await this.bodies.create(dto), null);
  }

  @Get(':id')
  @RequirePermission(Permission.PugRead)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({
    summary:
      'A body: its duties, its members by the decree in force and its history (decree chain, who joined and left)',
  })
  @ApiOkResponse({ type: BodyDetailDto })
  @ApiErrors(400, 401, 403, 404)
  async get(@Param('id', idPipe()) id: string): Promise<BodyDetailDto> {
    const body = await this.bodies.get(id);
    return toBodyDetail(body, await this.decrees.chain(id));
  }

  @Patch(':id')
  @RequirePermission(Permission.PugManage)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: 'Rename a body or change its description (its kind is fixed)' })
  @ApiOkResponse({ type: BodyResponseDto })
  @ApiErrors(400, 401, 403, 404, 409)
  async update(@Param('id', idPipe()) id: string, @Body() dto: UpdateBodyDto): Promise<BodyResponseDto> {
    const body = await this.bodies.update(id, dto);
    return toBody(body, (await this.decrees.inForce([id])).get(id));
  }
}

/** Decrees (SK) with the people they appoint; status derived from the chain. */
@ApiTags('pug')
@Controller('api/decrees')
export class DecreesApiController {
  constructor(private readonly decrees: PugDecreesService) {}

  @Get()
  @RequirePermission(Permission.PugRead)
  @ApiOperation({
    summary:
      'List decrees (filter by region, body, kind, derived status, number or title; sortable: sort, dir)',
  })
  @ApiOkResponse({ type: DecreePageDto })
  @ApiErrors(400, 401, 403)
  async list(@Query() q: DecreeListQueryDto): Promise<DecreePageDto> {
    const { items, total } = await this.decrees.list(q);
    return paginated(
      items.map((d) => toDecree(d)),
      total,
      q,
    );
  }

  @Post()
  @RequirePermission(Permission.PugManage)
  @ApiOperation({
    summary:
      'Record a decree: a formation, or a replacement / amendment / revocation of an earlier decree of the body',
  })
  @ApiCreatedResponse({ type: DecreeDetailDto })
  @ApiErrors(400, 401, 403, 409, 422)
  async create(@CurrentAuth() auth: AuthContext, @Body() dto: CreateDecreeDto): Promise<DecreeDetailDto> {
    const decree = await this.decrees.create(dto, auth.userId);
    return toDecreeDetail(await this.decrees.get(decree.id));
  }

  @Get(':id')
  @RequirePermission(Permission.PugRead)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: 'A decree with its appointees and scan' })
  @ApiOkResponse({ type: DecreeDetailDto })
  @ApiErrors(400, 401, 403, 404)
  async get(@Param('id', idPipe()) id: string): Promise<DecreeDetailDto> {
    return toDecreeDetail(await this.decrees.get(id));
  }

  @Patch(':id')
  @RequirePermission(Permission.PugManage)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: "Correct a decree's particulars or its appointees (the chain cannot change)" })
  @ApiOkResponse({ type: DecreeDetailDto })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  async update(@Param('id', idPipe()) id: string, @Body() dto: UpdateDecreeDto): Promise<DecreeDetailDto> {
    await this.decrees.update(id, dto);
    return toDecreeDetail(await this.decrees.get(id));
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission(Permission.PugManage)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: 'Delete a decree recorded by mistake (refused once another decree replaces it)' })
  @ApiNoContentResponse()
  @ApiErrors(400, 401, 403, 404, 409)
  async remove(@Param('id', idPipe()) id: string, @Query() q: VersionQueryDto): Promise<void> {
    await this.decrees.remove(id, q.version);
  }

  @Put(':id/scan')
  @RequirePermission(Permission.PugManage)
  @UploadRoute(DOCUMENT_UPLOAD)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: 'Upload the scanned decree (replaces the previous scan); stored encrypted' })
  @ApiFileUpload()
  @ApiOkResponse({ type: FileResponseDto })
  @ApiErrors(400, 401, 403, 404, 413, 415)
  async upload(
    @CurrentAuth() auth: AuthContext,
    @Param('id', idPipe()) id: string,
    @Req() req: AppRequest,
  ): Promise<FileResponseDto> {
    const { data, filename } = takeFile(req.body);
    return toFile(await this.decrees.setScan(id, data, filename, auth.userId)) as FileResponseDto;
  }

  @Get(':id/scan')
  @RequirePermission(Permission.PugRead)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: 'Download the scanned decree' })
  @ApiFileDownload()
  @ApiOkResponse({ description: 'The file' })
  @ApiErrors(400, 401, 403, 404)
  async download(@Param('id', idPipe()) id: string, @Res() reply: FastifyReply): Promise<void> {
    const { file, data } = await this.decrees.scan(id);
    await sendFile(reply, file, data);
  }

  @Delete(':id/scan')
  @HttpCode(204)
  @RequirePermission(Permission.PugManage)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOperation({ summary: 'Remove the scanned decree (its key is destroyed)' })
  @ApiNoContentResponse()
  @ApiErrors(400, 401, 403, 404)
  async removeScan(@Param('id', idPipe()) id: string): Promise<void> {
    await this.decrees.removeScan(id);
  }
}
