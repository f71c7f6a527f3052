import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PasswordHasher } from './password-hasher';
import { Session } from './session.entity';
import { SessionService } from './session.service';

/** Sessions and password hashing, shared by authentication and user management. */
@Module({
  imports: [TypeOrmModule.forFeature([Session])],
  providers: [SessionService, PasswordHasher],
  exports: [SessionService, PasswordHasher],
})
export class SessionsModule {}
