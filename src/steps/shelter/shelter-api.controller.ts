import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentAuth, RequirePermission } from '../../platform/auth/auth.decorators';
import { Permission } from '../../platform/auth/permissions';
import { PageQueryDto } from '../../platform/common/pagination';
import { AuthContext } from '../../platform/common/request-context';
import { ApiErrors } from '../../web/forms';
import {
  CreateSafeHouseDto,
  DischargeShelterStayDto,
  OccupancyDto,
  SafeHouseListQueryDto,
  SafeHousePageDto,
  SafeHouseResponseDto,
  ShelterStayPageDto,
  ShelterStayResponseDto,
  UpdateSafeHouseDto,
} from './dto/shelter.dto';
import { ShelterService } from './shelter.service';

/** Safe houses: managed by coordinators (their addresses are shown to no one else). */
@ApiTags('shelter')
@Controller('api/safe-houses')
export class SafeHousesApiController {
  constructor(private readonly shelter: ShelterService) {}

  @Get()
  @RequirePermission(Permission.ShelterManage)
  @ApiOperation({ summary: 'List safe houses with capacity and places taken (sortable: sort, dir)' })
  @ApiOkResponse({ type: SafeHousePageDto })
  @ApiErrors(400, 401, 403)
  list(@Query() q: SafeHouseListQueryDto): Promise<SafeHousePageDto> {
    return this.shelter.listSafeHouses(q);
  }

  @Get(':id')
  @RequirePermission(Permission.ShelterManage)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: SafeHouseResponseDto })
  @ApiErrors(401, 403, 404)
  get(@Param('id') id: string): Promise<SafeHouseResponseDto> {
    return this.shelter.getSafeHouse(id);
  }

  @Post()
  @RequirePermission(Permission.ShelterManage)
  @ApiOperation({ summary: 'Register a safe house (its address is encrypted under its own data key)' })
  @ApiCreatedResponse({ type: SafeHouseResponseDto })
  @ApiErrors(400, 401, 403, 409)
  create(@Body() dto: CreateSafeHouseDto): Promise<SafeHouseResponseDto> {
    return this.shelter.createSafeHouse(dto);
  }

  @Patch(':id')
  @RequirePermission(Permission.ShelterManage)
  @ApiOperation({ summary: 'Change name, capacity, address or active state' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: SafeHouseResponseDto })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  update(@Param('id') id: string, @Body() dto: UpdateSafeHouseDto): Promise<SafeHouseResponseDto> {
    return this.shelter.updateSafeHouse(id, dto);
  }
}

/** Shelter stays of a case and the occupancy board. Admission is the workflow's admit_to_shelter. */
@ApiTags('shelter')
@Controller('api')
export class ShelterApiController {
  constructor(private readonly shelter: ShelterService) {}

  @Get('shelter/occupancy')
  @RequirePermission(Permission.ShelterRead)
  @ApiOperation({
    summary:
      'Places per safe house, and the active stays of the cases the caller works on (case numbers only)',
  })
  @ApiOkResponse({ type: OccupancyDto })
  @ApiErrors(401, 403)
  occupancy(@CurrentAuth() auth: AuthContext): Promise<OccupancyDto> {
    return this.shelter.occupancy(auth);
  }

  @Get('cases/:id/shelter-stays')
  @RequirePermission(Permission.ShelterRead)
  @ApiOperation({ summary: 'Shelter stays of the case, latest first' })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The case' })
  @ApiOkResponse({ type: ShelterStayPageDto })
  @ApiErrors(400, 401, 403, 404)
  stays(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Query() q: PageQueryDto,
  ): Promise<ShelterStayPageDto> {
    return this.shelter.listStays(auth, id, q);
  }

  @Post('cases/:id/shelter-stays/:stayId/discharge')
  @HttpCode(200)
  @RequirePermission(Permission.ShelterDischarge)
  @ApiOperation({
    summary:
      'Discharge the victim from the safe house (appends shelter.discharged); 409 SHELTER_STAY_NOT_ACTIVE when already discharged',
  })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The case' })
  @ApiParam({ name: 'stayId', format: 'uuid' })
  @ApiOkResponse({ type: ShelterStayResponseDto })
  @ApiErrors(400, 401, 403, 404, 409)
  discharge(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Param('stayId') stayId: string,
    @Body() dto: DischargeShelterStayDto,
  ): Promise<ShelterStayResponseDto> {
    return this.shelter.discharge(auth, id, stayId, dto);
  }
}
