import { Controller, Get, Render } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CurrentAuth, RequirePermission } from '../platform/auth/auth.decorators';
import { Permission } from '../platform/auth/permissions';
import { AuthContext } from '../platform/common/request-context';
import { TasksService } from '../tasks/tasks.service';

/** Tasks the home page shows first (the rest on /tasks). */
const HOME_TASKS = 10;

/**
 * The start page: "My tasks" first for those who have tasks (counselors, coordinators, team members,
 * volunteers), then what the caller can do, from the role-based navigation.
 */
@ApiExcludeController()
@Controller()
export class HomeController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  @RequirePermission(Permission.AccountManage)
  @Render('home/index')
  async home(@CurrentAuth() auth: AuthContext) {
    if (!auth.permissions.has(Permission.TasksMine)) return { title: 'home.title', myTasks: null };
    const page = await this.tasks.mine(auth, { page: 1, pageSize: HOME_TASKS });
    return {
      title: 'home.title',
      myTasks: { items: page.items, total: page.total, overdue: page.overdue, more: page.total > HOME_TASKS },
    };
  }
}
