import { Body, Controller, Get, Param, Post, Put, Query, HttpCode } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentAuth, RequirePermission } from '../platform/auth/auth.decorators';
import { Permission } from '../platform/auth/permissions';
import { AuthContext } from '../platform/common/request-context';
import { ApiErrors } from '../web/forms';
import { CompleteFollowUpDto, CreateFollowUpDto, FollowUpDto, FollowUpListDto } from './dto/follow-up.dto';
import { TaskListDto, TaskListQueryDto, TeamTaskListDto, TeamTaskListQueryDto } from './dto/task.dto';
import { TaskSettingsDto, TaskSettingsResponseDto } from './dto/task-settings.dto';
import { FollowUpsService } from './follow-ups.service';
import { TaskSettingsService } from './task-settings.service';
import { TasksService } from './tasks.service';

/** My tasks, the team's overdue tasks, the tasks settings and follow-ups (issue 19 items 1-2). */
@ApiTags('tasks')
@Controller('api')
export class TasksApiController {
  constructor(
    private readonly tasks: TasksService,
    private readonly settings: TaskSettingsService,
    private readonly followUps: FollowUpsService,
  ) {}

  @Get('my-tasks')
  @RequirePermission(Permission.TasksMine)
  @ApiOperation({
    summary:
      "What is due (within the horizon) and overdue for the caller, from the task rules: a counselor's " +
      'assigned cases and own records, a team member only referrals sent to their institution, a volunteer ' +
      'only their monitoring visits. Case number and initials only as the disclosure rules allow',
  })
  @ApiOkResponse({ type: TaskListDto })
  @ApiErrors(400, 401, 403)
  mine(@CurrentAuth() auth: AuthContext, @Query() q: TaskListQueryDto): Promise<TaskListDto> {
    return this.tasks.mine(auth, q);
  }

  @Get('team-tasks')
  @RequirePermission(Permission.TasksTeam)
  @ApiOperation({
    summary: "The team's overdue tasks by counselor (every open case), with counts per counselor",
  })
  @ApiOkResponse({ type: TeamTaskListDto })
  @ApiErrors(400, 401, 403)
  team(@CurrentAuth() auth: AuthContext, @Query() q: TeamTaskListQueryDto): Promise<TeamTaskListDto> {
    return this.tasks.team(auth, q);
  }

  @Get('task-settings')
  @RequirePermission(Permission.TaskSettingsManage)
  @ApiOperation({ summary: 'N (days) of each task rule, and the horizon' })
  @ApiOkResponse({ type: TaskSettingsResponseDto })
  @ApiErrors(401, 403)
  getSettings(): Promise<TaskSettingsResponseDto> {
    return this.settings.get();
  }

  @Put('task-settings')
  @RequirePermission(Permission.TaskSettingsManage)
  @ApiOperation({ summary: 'Change N of task rules and the horizon. 409 VERSION_CONFLICT' })
  @ApiOkResponse({ type: TaskSettingsResponseDto })
  @ApiErrors(400, 401, 403, 409)
  putSettings(
    @CurrentAuth() auth: AuthContext,
    @Body() dto: TaskSettingsDto,
  ): Promise<TaskSettingsResponseDto> {
    return this.settings.update(auth, { horizonDays: dto.horizonDays, days: { ...dto.days } }, dto.version);
  }

  @Get('cases/:id/follow-ups')
  @RequirePermission(Permission.FollowUpsWrite)
  @ApiOperation({ summary: "The case's follow-ups, latest due first, for those who work on the case" })
  @ApiOkResponse({ type: FollowUpListDto })
  @ApiErrors(401, 403, 404)
  async list(@CurrentAuth() auth: AuthContext, @Param('id') id: string): Promise<FollowUpListDto> {
    return { items: await this.followUps.list(auth, id) };
  }

  @Post('cases/:id/follow-ups')
  @RequirePermission(Permission.FollowUpsWrite)
  @ApiOperation({
    summary:
      'Schedule a follow-up (day, what, with whom): a task of the caller until done. ' +
      '422 FOLLOW_UP_IN_PAST or CASE_CLOSED',
  })
  @ApiCreatedResponse({ type: FollowUpDto })
  @ApiErrors(400, 401, 403, 404, 422)
  schedule(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() dto: CreateFollowUpDto,
  ): Promise<FollowUpDto> {
    return this.followUps.schedule(auth, id, dto);
  }

  @Post('cases/:id/follow-ups/:followUpId/complete')
  @HttpCode(200)
  @RequirePermission(Permission.FollowUpsWrite)
  @ApiOperation({
    summary:
      "Mark the follow-up done (`follow_up.done` on the case's history). 409 FOLLOW_UP_NOT_SCHEDULED or VERSION_CONFLICT",
  })
  @ApiOkResponse({ type: FollowUpDto })
  @ApiErrors(400, 401, 403, 404, 409)
  complete(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Param('followUpId') followUpId: string,
    @Body() dto: CompleteFollowUpDto,
  ): Promise<FollowUpDto> {
    return this.followUps.complete(auth, id, followUpId, dto);
  }
}
