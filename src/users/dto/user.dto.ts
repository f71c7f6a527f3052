import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsEmail,
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  Min,
} from 'class-validator';
import { Role, ROLES } from '../../platform/auth/permissions';
import { SERVICE_ROLES, ServiceRole } from '../../institutions/service-roles';
import { DirParam, PageSizeParam, SortDirection, SortParam } from '../../platform/common/list-sort';
import {
  PageQueryDto,
  PaginatedDto,
  QueryBoolean,
  QueryText,
  DEFAULT_PAGE_SIZE,
} from '../../platform/common/pagination';
import { USER_LIST_SORT } from '../user-list-sort';
import { SUPPORTED_LANGUAGES } from '../../platform/common/request-context';
import { FormArray, Trim, ValidateUUID } from '../../platform/common/validation';
import { CsrfFormDto, OptionalNotNull } from '../../web/forms';
import { User } from '../user.entity';

export const USERNAME_PATTERN = /^[a-z0-9._-]+$/;

export class UserListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: Role, description: 'Users holding this role' })
  @QueryText()
  @IsOptional()
  @IsEnum(Role)
  role?: Role;

  @ApiPropertyOptional({ type: Boolean, description: 'true: active accounts only; false: disabled only' })
  @QueryBoolean()
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ maxLength: 100, description: 'Part of the username or display name' })
  @QueryText()
  @IsOptional()
  @MaxLength(100)
  @IsString()
  q?: string;

  @SortParam(USER_LIST_SORT) sort?: string;
  @DirParam() dir?: SortDirection;
}

/** The list page's query: the API's, with the page's choice of page sizes. */
export class UserListPageQueryDto extends UserListQueryDto {
  @PageSizeParam() override pageSize: number = DEFAULT_PAGE_SIZE;
}

/** An e-mail address for notifications: trimmed; empty means none. */
function EmailField() {
  return applyDecorators(
    Transform(({ value }) => (typeof value === 'string' ? value.trim() || null : value)),
    IsOptional(),
    IsEmail(),
    MaxLength(254),
    IsString(),
  );
}

export class CreateUserDto {
  @ApiProperty({
    minLength: 3,
    maxLength: 64,
    pattern: USERNAME_PATTERN.source,
    description: 'Lowercase letters, digits, dot, underscore, hyphen',
    example: 'siti.rahma',
  })
  @Matches(USERNAME_PATTERN)
  @Length(3, 64)
  @IsString()
  username: string;

  @ApiProperty({ minLength: 1, maxLength: 120, example: 'Siti Rahma' })
  @Trim()
  @Length(1, 120)
  @IsString()
  displayName: string;

  @ApiProperty({ enum: Role, isArray: true, description: 'At least one, no repeats' })
  @IsEnum(Role, { each: true })
  @ArrayUnique()
  @ArrayMaxSize(ROLES.length)
  @ArrayMinSize(1)
  @IsArray()
  roles: Role[];

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'Partner institution; required for team_member',
  })
  @IsOptional()
  @ValidateUUID()
  institutionId?: string | null;

  @ApiPropertyOptional({
    enum: SERVICE_ROLES,
    isArray: true,
    description: "Team members: the institution's service roles they handle (referrals they receive)",
  })
  @OptionalNotNull()
  @IsIn(SERVICE_ROLES, { each: true })
  @ArrayUnique()
  @ArrayMaxSize(SERVICE_ROLES.length)
  @IsArray()
  serviceRoles?: ServiceRole[];

  @ApiPropertyOptional({ enum: SUPPORTED_LANGUAGES, default: 'id' })
  @IsOptional()
  @IsIn(SUPPORTED_LANGUAGES)
  language?: string;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    maxLength: 254,
    example: 'siti.rahma@ppt.example',
    description: 'Where e-mail notifications go (none while empty); null or "" removes it',
  })
  @EmailField()
  email?: string | null;
}

export class UpdateUserDto {
  @ApiProperty({ description: 'The version read; a stale one gives 409 VERSION_CONFLICT', minimum: 1 })
  @Min(1)
  @IsInt()
  version: number;

  @ApiPropertyOptional({ minLength: 1, maxLength: 120 })
  @Trim()
  @OptionalNotNull()
  @Length(1, 120)
  @IsString()
  displayName?: string;

  @ApiPropertyOptional({
    enum: Role,
    isArray: true,
    description: "Changing the roles ends the user's sessions",
  })
  @OptionalNotNull()
  @IsEnum(Role, { each: true })
  @ArrayUnique()
  @ArrayMaxSize(ROLES.length)
  @ArrayMinSize(1)
  @IsArray()
  roles?: Role[];

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'null removes it' })
  @IsOptional()
  @ValidateUUID()
  institutionId?: string | null;

  @ApiPropertyOptional({
    enum: SERVICE_ROLES,
    isArray: true,
    description: "Team members: the institution's service roles they handle (referrals they receive)",
  })
  @OptionalNotNull()
  @IsIn(SERVICE_ROLES, { each: true })
  @ArrayUnique()
  @ArrayMaxSize(SERVICE_ROLES.length)
  @IsArray()
  serviceRoles?: ServiceRole[];

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    maxLength: 254,
    example: 'siti.rahma@ppt.example',
    description: 'Where e-mail notifications go (none while empty); null or "" removes it',
  })
  @EmailField()
  email?: string | null;
}

export class VersionDto {
  @ApiProperty({ description: 'The version read; a stale one gives 409 VERSION_CONFLICT', minimum: 1 })
  @Min(1)
  @IsInt()
  version: number;
}

/** Empty select → no institution. */
const EmptyAsNull = () => Transform(({ value }) => (value === '' ? null : value));

/** The create form (`/admin/users/new`): usernames are lowercased for the person typing them. */
export class CreateUserFormDto extends CsrfFormDto {
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @Matches(USERNAME_PATTERN)
  @Length(3, 64)
  @IsString()
  username: string;

  @Trim()
  @Length(1, 120)
  @IsString()
  displayName: string;

  @FormArray()
  @IsEnum(Role, { each: true })
  @ArrayUnique()
  @ArrayMaxSize(ROLES.length)
  @ArrayMinSize(1)
  @IsArray()
  roles: Role[];

  @EmptyAsNull()
  @IsOptional()
  @ValidateUUID()
  institutionId?: string | null;

  @FormArray()
  @IsIn(SERVICE_ROLES, { each: true })
  @ArrayUnique()
  @ArrayMaxSize(SERVICE_ROLES.length)
  @IsArray()
  serviceRoles: ServiceRole[];

  @IsOptional()
  @IsIn(SUPPORTED_LANGUAGES)
  language?: string;
}

/** The edit form (`/admin/users/:id`). */
export class UpdateUserFormDto extends CsrfFormDto {
  @Type(() => Number)
  @Min(1)
  @IsInt()
  version: number;

  @Trim()
  @Length(1, 120)
  @IsString()
  displayName: string;

  @FormArray()
  @IsEnum(Role, { each: true })
  @ArrayUnique()
  @ArrayMaxSize(ROLES.length)
  @ArrayMinSize(1)
  @IsArray()
  roles: Role[];

  @EmptyAsNull()
  @IsOptional()
  @ValidateUUID()
  institutionId?: string | null;

  @FormArray()
  @IsIn(SERVICE_ROLES, { each: true })
  @ArrayUnique()
  @ArrayMaxSize(SERVICE_ROLES.length)
  @IsArray()
  serviceRoles: ServiceRole[];

  @EmailField()
  email?: string | null;
}

/** The confirmation forms (disable, enable, reset password). */
export class VersionFormDto extends CsrfFormDto {
  @Type(() => Number)
  @Min(1)
  @IsInt()
  version: number;
}

export class InstitutionRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

export class UserResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: Role, isArray: true }) roles: string[];
  @ApiProperty({ type: InstitutionRefDto, nullable: true }) institution: InstitutionRefDto | null;
  @ApiProperty({ nullable: true, type: String, description: 'Where e-mail notifications go (null: none)' })
  email: string | null;
  @ApiProperty({ enum: SERVICE_ROLES, isArray: true, description: 'Service roles handled (team members)' })
  serviceRoles: string[];
  @ApiProperty() isActive: boolean;
  @ApiProperty({ description: 'The one-time password has not been replaced yet' })
  mustChangePassword: boolean;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description:
      'The account-wide lock: set after LOGIN_ACCOUNT_MAX_FAILURES failed logins from addresses outside the trusted networks',
  })
  lockedUntil: string | null;
  @ApiProperty({
    description:
      'How many addresses are locked out of this account now (LOGIN_MAX_FAILURES failed logins from each)',
  })
  lockedAddresses: number;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastLoginAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ description: 'Send it back when changing the account (optimistic locking)' })
  version: number;
}

export class UserWithPasswordDto {
  @ApiProperty({ type: UserResponseDto }) user: UserResponseDto;
  @ApiProperty({
    description:
      'Shown once, never stored in clear: hand it to the person, who must change it at first login',
    example: 'abcd-EFGH-3467-jkmn',
  })
  oneTimePassword: string;
}

export class UserPageDto extends PaginatedDto(UserResponseDto) {}

const iso = (d: Date | string | null | undefined): string | null => (d ? new Date(d).toISOString() : null);

/**
 * The account as the API shows it: never the password hash or the failed-login counter. Give
 * `lockedAddresses` from LoginLockoutService.lockedSources (0 when not given).
 */
export function toUserResponse(user: User, lockedAddresses = 0): UserResponseDto {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    roles: user.roles,
    institution: user.institution ? { id: user.institution.id, name: user.institution.name } : null,
    email: user.email ?? null,
    serviceRoles: user.serviceRoles ?? [],
    isActive: user.isActive,
    mustChangePassword: user.mustChangePassword,
    lockedUntil: iso(user.lockedUntil),
    lockedAddresses,
    lastLoginAt: iso(user.lastLoginAt),
    createdAt: iso(user.createdAt) as string,
    version: user.version,
  };
}
