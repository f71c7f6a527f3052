import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../auth/auth.decorators';
import { Permission } from '../auth/permissions';
import { paginated } from '../common/pagination';
import { parseMoment } from '../common/dates';
import { ApiErrors } from '../../web/forms';
import { AuditService } from '../audit/audit.service';
import { AuditListQueryDto, AuditLogPageDto, toAuditLogResponse } from './dto/audit-log.dto';

/** The audit log, newest first. Reading it is itself audited. */
@ApiTags('audit')
@Controller('api/audit-logs')
export class AuditApiController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @RequirePermission(Permission.AuditRead)
  @ApiOperation({
    summary: 'Search the audit log',
    description: 'Newest first unless sorted (`sort`, `dir`). `from` is inclusive, `to` exclusive.',
  })
  @ApiOkResponse({ type: AuditLogPageDto })
  @ApiErrors(400, 401, 403)
  async list(@Query() q: AuditListQueryDto): Promise<AuditLogPageDto> {
    const { items, total } = await this.audit.list({
      ...q,
      from: q.from ? parseMoment(q.from) : undefined,
      to: q.to ? parseMoment(q.to) : undefined,
    });
    return paginated(items.map(toAuditLogResponse), total, q);
  }
}
