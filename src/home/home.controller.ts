import { Controller, Get, Render } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { RequirePermission } from '../platform/auth/auth.decorators';
import { Permission } from '../platform/auth/permissions';

/** The start page: what the caller can do, from the role-based navigation. */
@ApiExcludeController()
@Controller()
export class HomeController {
  @Get()
  @RequirePermission(Permission.AccountManage)
  @Render('home/index')
  home() {
    return { title: 'home.title' };
  }
}
