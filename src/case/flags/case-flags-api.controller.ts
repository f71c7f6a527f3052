import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentAuth, RequirePermission } from '../../platform/auth/auth.decorators';
import { Permission } from '../../platform/auth/permissions';
import { AuthContext } from '../../platform/common/request-context';
import { ApiErrors } from '../../web/forms';
import { CaseFlagsService } from './case-flags.service';
import { CaseFlagDto, CaseFlagListDto, RemoveCaseFlagDto, SetCaseFlagDto } from './dto/case-flag.dto';

/** Case flags (issue 19 item 4): set with a reason, removed with a reason, both on the history. */
@ApiTags('case-flags')
@Controller('api/cases')
export class CaseFlagsApiController {
  constructor(private readonly flags: CaseFlagsService) {}

  @Get(':id/flags')
  @RequirePermission(Permission.FlagsRead)
  @ApiOperation({
    summary:
      "The case's flags (active first, then removed ones) with who set and removed them, when and why, " +
      'and the kinds that can be set; for those who work on the case',
  })
  @ApiOkResponse({ type: CaseFlagListDto })
  @ApiErrors(401, 403, 404)
  list(@CurrentAuth() auth: AuthContext, @Param('id') id: string): Promise<CaseFlagListDto> {
    return this.flags.list(auth, id);
  }

  @Post(':id/flags')
  @RequirePermission(Permission.FlagsWrite)
  @ApiOperation({
    summary:
      'Set a flag on the case (a kind from the settings list, and why); on the history. ' +
      '400 FLAG_KIND_UNKNOWN or FLAG_ALREADY_SET; 422 CASE_CLOSED',
  })
  @ApiCreatedResponse({ type: CaseFlagDto })
  @ApiErrors(400, 401, 403, 404, 422)
  set(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() dto: SetCaseFlagDto,
  ): Promise<CaseFlagDto> {
    return this.flags.set(auth, id, dto);
  }

  @Post(':id/flags/:flagId/removal')
  @HttpCode(200)
  @RequirePermission(Permission.FlagsWrite)
  @ApiOperation({
    summary:
      'Remove a flag of the case, saying why; on the history. 400 FLAG_NOT_SET once removed; 422 CASE_CLOSED',
  })
  @ApiOkResponse({ type: CaseFlagDto })
  @ApiErrors(400, 401, 403, 404, 422)
  remove(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Param('flagId') flagId: string,
    @Body() dto: RemoveCaseFlagDto,
  ): Promise<CaseFlagDto> {
    return this.flags.remove(auth, id, flagId, dto.reason);
  }
}
