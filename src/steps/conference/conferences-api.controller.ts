import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentAuth, RequirePermission } from '../../platform/auth/auth.decorators';
import { Permission } from '../../platform/auth/permissions';
import { PageQueryDto } from '../../platform/common/pagination';
import { AuthContext } from '../../platform/common/request-context';
import { ApiErrors } from '../../web/forms';
import { ConferencesService } from './conferences.service';
import {
  ActionItemResponseDto,
  ConferencePageDto,
  ConferenceResponseDto,
  CreateConferenceDto,
  UpdateActionItemDto,
} from './dto/conference.dto';

/** Step 5, case conferences of a case the caller works on; recorded by coordinators. */
@ApiTags('conferences')
@ApiParam({ name: 'id', format: 'uuid', description: 'The case' })
@Controller('api/cases/:id')
export class ConferencesApiController {
  constructor(private readonly conferences: ConferencesService) {}

  @Get('conferences')
  @RequirePermission(Permission.ConferencesRead)
  @ApiOperation({ summary: 'Case conferences with their action items, latest first' })
  @ApiOkResponse({ type: ConferencePageDto })
  @ApiErrors(400, 401, 403, 404)
  list(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Query() q: PageQueryDto,
  ): Promise<ConferencePageDto> {
    return this.conferences.list(auth, id, q);
  }

  @Post('conferences')
  @RequirePermission(Permission.ConferencesWrite)
  @ApiOperation({ summary: 'Record a case conference with its action items (appends conference.held)' })
  @ApiCreatedResponse({ type: ConferenceResponseDto })
  @ApiErrors(400, 401, 403, 404, 422)
  create(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() dto: CreateConferenceDto,
  ): Promise<ConferenceResponseDto> {
    return this.conferences.create(auth, id, dto);
  }

  @Patch('conference-action-items/:itemId')
  @RequirePermission(Permission.ConferencesRead)
  @ApiOperation({
    summary:
      "Change an action item's status: a coordinator (conferences.write) or the item's owner (appends conference.action_item_updated)",
  })
  @ApiParam({ name: 'itemId', format: 'uuid' })
  @ApiOkResponse({ type: ActionItemResponseDto })
  @ApiErrors(400, 401, 403, 404, 409)
  updateItem(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Param('itemId') itemId: string,
    @Body() dto: UpdateActionItemDto,
  ): Promise<ActionItemResponseDto> {
    return this.conferences.updateActionItem(auth, id, itemId, dto);
  }
}
