import { Body, Controller, Get, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AuditedManually } from '../platform/audit/audit.interceptor';
import { AuditService } from '../platform/audit/audit.service';
import { RequirePermission } from '../platform/auth/auth.decorators';
import { Permission } from '../platform/auth/permissions';
import { paginated } from '../platform/common/pagination';
import { AppRequest } from '../platform/common/request-context';
import { ApiErrors, idPipe, recordAudit } from '../web/forms';
import {
  CreateInstitutionDto,
  InstitutionListQueryDto,
  InstitutionPageDto,
  InstitutionResponseDto,
  toInstitutionResponse,
  UpdateInstitutionDto,
} from './dto/institution.dto';
import { Institution } from './institution.entity';
import { InstitutionsService } from './institutions.service';

/** Partner institutions: read by coordinators and the PUG secretariat, managed by the administrator. */
@ApiTags('institutions')
@Controller('api/institutions')
export class InstitutionsApiController {
  constructor(
    private readonly institutions: InstitutionsService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @RequirePermission(Permission.InstitutionsRead)
  @ApiOperation({ summary: 'List institutions (filter by type, active, name)' })
  @ApiOkResponse({ type: InstitutionPageDto })
  @ApiErrors(400, 401, 403)
  async list(@Query() q: InstitutionListQueryDto): Promise<InstitutionPageDto> {
    const { items, total } = await this.institutions.list(q);
    return paginated(items.map(toInstitutionResponse), total, q);
  }

  @Get(':id')
  @RequirePermission(Permission.InstitutionsRead)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: InstitutionResponseDto })
  @ApiErrors(400, 401, 403, 404)
  async get(@Param('id', idPipe()) id: string): Promise<InstitutionResponseDto> {
    return toInstitutionResponse(await this.institutions.get(id));
  }

  @Post()
  @RequirePermission(Permission.InstitutionsManage)
  @AuditedManually()
  @ApiOperation({ summary: 'Register an institution' })
  @ApiCreatedResponse({ type: InstitutionResponseDto })
  @ApiErrors(400, 401, 403, 409)
  async create(@Req() req: AppRequest, @Body() dto: CreateInstitutionDto): Promise<InstitutionResponseDto> {
    let created: Institution;
    try {
      created = await this.institutions.create(dto);
    } catch (err) {
      await recordAudit(this.audit, req, Permission.InstitutionsManage, null, err).catch(() => undefined);
      throw err;
    }
    await recordAudit(this.audit, req, Permission.InstitutionsManage, created.id);
    return toInstitutionResponse(created);
  }

  @Patch(':id')
  @RequirePermission(Permission.InstitutionsManage)
  @ApiOperation({ summary: 'Change name, type or active state' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: InstitutionResponseDto })
  @ApiErrors(400, 401, 403, 404, 409)
  async update(
    @Param('id', idPipe()) id: string,
    @Body() dto: UpdateInstitutionDto,
  ): Promise<InstitutionResponseDto> {
    return toInstitutionResponse(await this.institutions.update(id, dto));
  }
}
