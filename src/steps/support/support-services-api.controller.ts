import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentAuth, RequirePermission } from '../../platform/auth/auth.decorators';
import { Permission } from '../../platform/auth/permissions';
import { PageQueryDto } from '../../platform/common/pagination';
import { AuthContext } from '../../platform/common/request-context';
import { ApiErrors } from '../../web/forms';
import {
  CreateSupportServiceDto,
  SupportServicePageDto,
  SupportServiceResponseDto,
  UpdateSupportServiceDto,
} from './dto/support-service.dto';
import { SupportServicesService } from './support-services.service';

/** Step 4, support services of a case the caller works on. */
@ApiTags('support-services')
@ApiParam({ name: 'id', format: 'uuid', description: 'The case' })
@Controller('api/cases/:id/services')
export class SupportServicesApiController {
  constructor(private readonly services: SupportServicesService) {}

  @Get()
  @RequirePermission(Permission.ServicesRead)
  @ApiOperation({ summary: 'Support services of the case, latest planned first' })
  @ApiOkResponse({ type: SupportServicePageDto })
  @ApiErrors(400, 401, 403, 404)
  list(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Query() q: PageQueryDto,
  ): Promise<SupportServicePageDto> {
    return this.services.list(auth, id, q);
  }

  @Post()
  @RequirePermission(Permission.ServicesWrite)
  @ApiOperation({ summary: 'Plan a support service (appends service.planned)' })
  @ApiCreatedResponse({ type: SupportServiceResponseDto })
  @ApiErrors(400, 401, 403, 404, 422)
  create(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() dto: CreateSupportServiceDto,
  ): Promise<SupportServiceResponseDto> {
    return this.services.create(auth, id, dto);
  }

  @Patch(':serviceId')
  @RequirePermission(Permission.ServicesWrite)
  @ApiOperation({
    summary:
      'Mark a planned service delivered or cancelled, or change its notes (appends service.delivered, service.cancelled or service.updated)',
  })
  @ApiParam({ name: 'serviceId', format: 'uuid' })
  @ApiOkResponse({ type: SupportServiceResponseDto })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  update(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Param('serviceId') serviceId: string,
    @Body() dto: UpdateSupportServiceDto,
  ): Promise<SupportServiceResponseDto> {
    return this.services.update(auth, id, serviceId, dto);
  }
}
