import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentAuth, RequirePermission } from '../platform/auth/auth.decorators';
import { Permission } from '../platform/auth/permissions';
import { AuthContext } from '../platform/common/request-context';
import { ApiErrors } from '../web/forms';
import { HandoverDto, HandoverResultDto } from './dto/handover.dto';
import { HandoverService } from './handover.service';

/** A caseload handover (issue 19 item 6). */
@ApiTags('caseload-handovers')
@Controller('api/caseload-handovers')
export class HandoverApiController {
  constructor(private readonly handover: HandoverService) {}

  @Post()
  @HttpCode(200)
  @RequirePermission(Permission.CasesHandover)
  @ApiOperation({
    summary:
      'Hand the cases over to the counselors (shared round-robin in the order given), all in one transaction; ' +
      'each case’s history records its new counselor, who is notified, and so is the earlier one. 422 ' +
      'HANDOVER_CASE_NOT_FOUND, CASE_CLOSED, COUNSELOR_NOT_FOUND or HANDOVER_SAME_COUNSELOR: nothing is moved',
  })
  @ApiOkResponse({ type: HandoverResultDto })
  @ApiErrors(400, 401, 403, 409, 422)
  async create(@CurrentAuth() auth: AuthContext, @Body() dto: HandoverDto): Promise<HandoverResultDto> {
    return { moves: await this.handover.handOver(auth, dto.caseIds, dto.toCounselorIds) };
  }
}
