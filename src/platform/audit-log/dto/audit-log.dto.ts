import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { DirParam, PageSizeParam, SortDirection, SortParam } from '../../common/list-sort';
import { DEFAULT_PAGE_SIZE, PageQueryDto, PaginatedDto, QueryText } from '../../common/pagination';
import { AUDIT_LIST_SORT } from '../../audit/audit-list-sort';
import { ValidateUUID } from '../../common/validation';
import { AuditLog, AuditOutcome } from '../../audit/audit-log.entity';

export const AUDIT_OUTCOMES: AuditOutcome[] = ['allowed', 'denied', 'failed'];

/** Filters common to the API and the page. */
class AuditFiltersDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The acting user' })
  @QueryText()
  @IsOptional()
  @ValidateUUID()
  userId?: string;

  @ApiPropertyOptional({ maxLength: 64, description: 'The acting username (exact)' })
  @QueryText()
  @IsOptional()
  @MaxLength(64)
  @IsString()
  username?: string;

  @ApiPropertyOptional({ maxLength: 80, example: 'users.manage', description: 'Permission or event name' })
  @QueryText()
  @IsOptional()
  @MaxLength(80)
  @IsString()
  action?: string;

  @ApiPropertyOptional({ enum: AUDIT_OUTCOMES })
  @QueryText()
  @IsOptional()
  @IsIn(AUDIT_OUTCOMES)
  outcome?: AuditOutcome;

  @ApiPropertyOptional({ maxLength: 40, example: 'users' })
  @QueryText()
  @IsOptional()
  @MaxLength(40)
  @IsString()
  resourceType?: string;

  @ApiPropertyOptional({ maxLength: 64 })
  @QueryText()
  @IsOptional()
  @MaxLength(64)
  @IsString()
  resourceId?: string;

  @SortParam(AUDIT_LIST_SORT) sort?: string;
  @DirParam() dir?: SortDirection;
}

export class AuditListQueryDto extends AuditFiltersDto {
  @ApiPropertyOptional({
    description:
      "ISO 8601 date or date-time; entries at or after it (a date alone is the start of that day in the centre's time zone, `CENTRE_TIMEZONE`; a time without a zone is on the centre's clocks)",
    example: '2026-01-01',
  })
  @QueryText()
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({
    description:
      "ISO 8601 date or date-time; entries strictly before it (a date alone is the start of that day in the centre's time zone; a time without a zone is on the centre's clocks)",
    example: '2026-02-01T00:00:00Z',
  })
  @QueryText()
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** The page's filter form: `from` and `to` are whole days (both included) in the centre's time zone. */
export class AuditPageQueryDto extends AuditFiltersDto {
  @PageSizeParam() override pageSize: number = DEFAULT_PAGE_SIZE;

  @QueryText()
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(DATE_ONLY)
  from?: string;

  @QueryText()
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(DATE_ONLY)
  to?: string;
}

export class AuditLogResponseDto {
  @ApiProperty() id: number;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) userId: string | null;
  @ApiProperty({ nullable: true, type: String }) username: string | null;
  @ApiProperty({ type: [String], description: 'Roles of the caller at the time' }) roles: string[];
  @ApiProperty({ example: 'users.manage' }) action: string;
  @ApiProperty({ nullable: true, type: String }) resourceType: string | null;
  @ApiProperty({ nullable: true, type: String }) resourceId: string | null;
  @ApiProperty({ enum: AUDIT_OUTCOMES }) outcome: string;
  @ApiProperty({ nullable: true, type: String, example: 'FORBIDDEN' }) code: string | null;
  @ApiProperty({ nullable: true, type: String }) method: string | null;
  @ApiProperty({ nullable: true, type: String, example: '/api/users/:id' }) route: string | null;
  @ApiProperty({ nullable: true, type: String }) requestId: string | null;
  @ApiProperty({ nullable: true, type: String }) ip: string | null;
}

export class AuditLogPageDto extends PaginatedDto(AuditLogResponseDto) {}

export function toAuditLogResponse(a: AuditLog): AuditLogResponseDto {
  return {
    id: Number(a.id),
    at: new Date(a.at).toISOString(),
    userId: a.userId,
    username: a.username,
    roles: a.roles ? a.roles.split(',').filter(Boolean) : [],
    action: a.action,
    resourceType: a.resourceType,
    resourceId: a.resourceId,
    outcome: a.outcome,
    code: a.code,
    method: a.method,
    route: a.route,
    requestId: a.requestId,
    ip: a.ip,
  };
}
