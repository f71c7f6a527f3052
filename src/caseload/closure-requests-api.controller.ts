import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentAuth, RequirePermission } from '../platform/auth/auth.decorators';
import { Permission } from '../platform/auth/permissions';
import { AuthContext } from '../platform/common/request-context';
import { ApiErrors } from '../web/forms';
import { ClosureRequestsService } from './closure-requests.service';
import {
  ApproveClosureDto,
  CaseClosureRequestDto,
  ClosureRequestDto,
  ClosureRequestListDto,
  ClosureRequestListQueryDto,
  RequestClosureDto,
  ReturnClosureDto,
} from './dto/closure-request.dto';

/** Closure approval (issue 19 item 5): the counselor's request, the coordinator's decision. */
@ApiTags('closure-requests')
@Controller('api')
export class ClosureRequestsApiController {
  constructor(private readonly closure: ClosureRequestsService) {}

  @Get('closure-requests')
  @RequirePermission(Permission.ClosureApprove)
  @ApiOperation({
    summary: 'The closure requests awaiting a decision, oldest first unless sorted (`sort`, `dir`)',
  })
  @ApiOkResponse({ type: ClosureRequestListDto })
  @ApiErrors(400, 401, 403)
  pending(@Query() q: ClosureRequestListQueryDto): Promise<ClosureRequestListDto> {
    return this.closure.pendingList(q);
  }

  @Get('cases/:id/closure-request')
  @RequirePermission(Permission.ClosureRequest)
  @ApiOperation({ summary: "The case's latest closure request (null when none), for those who work on it" })
  @ApiOkResponse({ type: CaseClosureRequestDto })
  @ApiErrors(401, 403, 404)
  async latest(@CurrentAuth() auth: AuthContext, @Param('id') id: string): Promise<CaseClosureRequestDto> {
    return { latest: await this.closure.latest(auth, id) };
  }

  @Post('cases/:id/closure-request')
  @RequirePermission(Permission.ClosureRequest)
  @ApiOperation({
    summary:
      'Ask a coordinator to close the case, with the closure reason, the checklist and why. ' +
      '409 CLOSURE_REQUEST_PENDING when one already waits; 422 CASE_CLOSED',
  })
  @ApiCreatedResponse({ type: ClosureRequestDto })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  request(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() dto: RequestClosureDto,
  ): Promise<ClosureRequestDto> {
    return this.closure.request(auth, id, dto);
  }

  @Post('cases/:id/closure-request/approve')
  @HttpCode(200)
  @RequirePermission(Permission.ClosureApprove)
  @ApiOperation({
    summary:
      "Approve the pending request: the workflow's `close` transition fires with its reason (its guards apply: " +
      '422 when one refuses). 409 CLOSURE_REQUEST_NOT_PENDING or VERSION_CONFLICT',
  })
  @ApiOkResponse({ type: ClosureRequestDto })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  approve(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() dto: ApproveClosureDto,
  ): Promise<ClosureRequestDto> {
    return this.closure.approve(auth, id, dto.version);
  }

  @Post('cases/:id/closure-request/return')
  @HttpCode(200)
  @RequirePermission(Permission.ClosureApprove)
  @ApiOperation({
    summary: 'Return the pending request to the counselor with a comment. 409 CLOSURE_REQUEST_NOT_PENDING',
  })
  @ApiOkResponse({ type: ClosureRequestDto })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  giveBack(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() dto: ReturnClosureDto,
  ): Promise<ClosureRequestDto> {
    return this.closure.giveBack(auth, id, dto.comment);
  }
}
