import { ApiProperty } from '@nestjs/swagger';
import { DirParam, PageSizeParam, SortDirection, SortParam } from '../../platform/common/list-sort';
import { DEFAULT_PAGE_SIZE, PageQueryDto, PaginatedDto } from '../../platform/common/pagination';
import { MY_TASKS_SORT, TEAM_TASKS_SORT } from '../task-list-sort';
import { TASK_CODES } from '../task-rules';
import { TASK_PRIORITIES } from '../tasks.constants';

/** One task: what is due, when, how urgent, on which case (as far as the reader may see it), where it is done. */
export class TaskDto {
  @ApiProperty({ description: 'The rule and the record: `<code>:<record id>`' }) id: string;
  @ApiProperty({ enum: TASK_CODES }) code: string;
  @ApiProperty({ example: '2026-12-07', description: 'YYYY-MM-DD, in the centre’s time zone' }) dueOn: string;
  @ApiProperty({ description: 'Due before today' }) overdue: boolean;
  @ApiProperty({
    enum: TASK_PRIORITIES,
    description: "From the case's risk level (critical: urgent, high: high), for readers who may see it",
  })
  priority: string;
  @ApiProperty({
    type: 'integer',
    description: 'The priority as a number (0 urgent, 1 high, 2 normal): the order of `sort=priority`',
  })
  priorityRank: number;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ type: String, nullable: true, description: 'Null when the reader may not see it' })
  caseNumber: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: "The victim's initials; null when not disclosed",
  })
  initials: string | null;
  @ApiProperty({ description: 'The page where the task is done' }) link: string;
}

export class TaskListDto extends PaginatedDto(TaskDto) {
  @ApiProperty({ type: 'integer', description: 'How many of all the tasks are overdue' }) overdue: number;
}

export class TaskListQueryDto extends PageQueryDto {
  @SortParam(MY_TASKS_SORT) sort?: string;
  @DirParam() dir?: SortDirection;
}

export class TaskListPageQueryDto extends TaskListQueryDto {
  @PageSizeParam() override pageSize: number = DEFAULT_PAGE_SIZE;
}

export class TeamTaskDto extends TaskDto {
  @ApiProperty({ type: String, nullable: true, description: 'Whose task it is (null: case not assigned)' })
  ownerId: string | null;
  @ApiProperty() ownerName: string;
}

export class TeamTaskOwnerDto {
  @ApiProperty({ type: String, nullable: true }) ownerId: string | null;
  @ApiProperty() ownerName: string;
  @ApiProperty({ type: 'integer' }) overdue: number;
}

export class TeamTaskListDto extends PaginatedDto(TeamTaskDto) {
  @ApiProperty({ type: TeamTaskOwnerDto, isArray: true, description: 'Overdue tasks per counselor' })
  owners: TeamTaskOwnerDto[];
}

export class TeamTaskListQueryDto extends PageQueryDto {
  @SortParam(TEAM_TASKS_SORT) sort?: string;
  @DirParam() dir?: SortDirection;
}

export class TeamTaskListPageQueryDto extends TeamTaskListQueryDto {
  @PageSizeParam() override pageSize: number = DEFAULT_PAGE_SIZE;
}
