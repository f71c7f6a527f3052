import { Module } from '@nestjs/common';
import { AccountPagesController } from './account-pages.controller';

/**
 * The pages of one's own account: login, logout, password change and language (the JSON API for the
 * same is auth's). Above the page kit (http/), which auth sits below; AuthService and the user
 * directory come from the global auth module.
 */
@Module({ controllers: [AccountPagesController] })
export class AccountModule {}
