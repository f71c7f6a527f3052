import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DirParam, PageSizeParam, SortDirection, SortParam } from '../../platform/common/list-sort';
import { DECREE_LIST_SORT } from '../decree-list-sort';
import { BODY_LIST_SORT, REGION_LIST_SORT } from '../region-body-list-sort';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
} from 'class-validator';
import { DEFAULT_PAGE_SIZE, PageQueryDto, PaginatedDto, QueryText } from '../../platform/common/pagination';
import { NestedArray, Optional, Trim } from '../../platform/common/validation';
import { IsCalendarDate } from '../../web/input';
import {
  APPOINTMENT_ROLES,
  AppointmentRole,
  BODY_KINDS,
  BodyKind,
  DECREE_KINDS,
  DECREE_STATUSES,
  DecreeKind,
  DecreeStatus,
  ISSUER_KINDS,
  IssuerKind,
  REGION_KINDS,
  RegionKind,
  SKPD_PUG_ROLES,
  SkpdPugRole,
} from '../reference-data';
import { InstitutionRefDto, VersionField } from './common.dto';

export const MAX_APPOINTEES = 300;
export const MAX_ROSTER = 200;

// ---- regions ------------------------------------------------------------------------------------------

export class CreateRegionDto {
  @ApiProperty({ minLength: 2, maxLength: 120, example: 'Kota Semarang' })
  @Trim()
  @Length(2, 120)
  @IsString()
  name: string;

  @ApiProperty({ enum: REGION_KINDS })
  @IsIn(REGION_KINDS)
  kind: RegionKind;
}

export class UpdateRegionDto {
  @VersionField() version: number;

  @ApiPropertyOptional({ minLength: 2, maxLength: 120 })
  @Trim()
  @Optional()
  @Length(2, 120)
  @IsString()
  name?: string;

  @ApiPropertyOptional({ enum: REGION_KINDS })
  @Optional()
  @IsIn(REGION_KINDS)
  kind?: RegionKind;
}

export class RosterEntryInputDto {
  @ApiProperty({ format: 'uuid', description: 'An SKPD (institution) of the region' })
  @IsUUID('all')
  institutionId: string;

  @ApiProperty({
    enum: SKPD_PUG_ROLES,
    description: 'planning_agency: Bappeda (chairs the Pokja); womens_empowerment: heads its secretariat',
  })
  @IsIn(SKPD_PUG_ROLES)
  pugRole: SkpdPugRole;

  @ApiPropertyOptional({ default: true, description: 'Expected to form a Focal Point PUG team' })
  @Optional()
  @IsBoolean()
  focalPointRequired?: boolean;
}

export class SetRosterDto {
  @VersionField() version: number;

  @ApiProperty({ type: [RosterEntryInputDto], maxItems: MAX_ROSTER })
  @ArrayMaxSize(MAX_ROSTER)
  @ArrayUnique((e: RosterEntryInputDto) => e?.institutionId)
  @NestedArray(() => RosterEntryInputDto)
  entries: RosterEntryInputDto[];
}

export class RegionResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: REGION_KINDS }) kind: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty() version: number;
}

export class RosterEntryResponseDto {
  @ApiProperty({ type: InstitutionRefDto }) institution: InstitutionRefDto;
  @ApiProperty({ enum: SKPD_PUG_ROLES }) pugRole: string;
  @ApiProperty() focalPointRequired: boolean;
}

export class RegionDetailDto extends RegionResponseDto {
  @ApiProperty({ type: [RosterEntryResponseDto] }) roster: RosterEntryResponseDto[];
}

export class RegionPageDto extends PaginatedDto(RegionResponseDto) {}

// ---- bodies -------------------------------------------------------------------------------------------

export class BodyListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @QueryText()
  @IsOptional()
  @IsUUID('all')
  regionId?: string;

  @ApiPropertyOptional({ enum: BODY_KINDS })
  @QueryText()
  @IsOptional()
  @IsIn(BODY_KINDS)
  kind?: BodyKind;

  @ApiPropertyOptional({ format: 'uuid' })
  @QueryText()
  @IsOptional()
  @IsUUID('all')
  institutionId?: string;

  @SortParam(BODY_LIST_SORT) sort?: string;
  @DirParam() dir?: SortDirection;
}

/** The region list's query: page and order. */
export class RegionListQueryDto extends PageQueryDto {
  @SortParam(REGION_LIST_SORT) sort?: string;
  @DirParam() dir?: SortDirection;
}

export class CreateBodyDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  regionId: string;

  @ApiProperty({ enum: BODY_KINDS })
  @IsIn(BODY_KINDS)
  kind: BodyKind;

  @ApiProperty({ minLength: 2, maxLength: 200, example: 'Pokja PUG Kota Semarang' })
  @Trim()
  @Length(2, 200)
  @IsString()
  name: string;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    description: 'The SKPD of a focal-point team (required); the service centre of a partner team',
  })
  @Optional({ nullable: true })
  @IsUUID('all')
  institutionId?: string | null;

  @ApiPropertyOptional({ maxLength: 2000, nullable: true })
  @Optional({ nullable: true })
  @MaxLength(2000)
  @IsString()
  description?: string | null;
}

export class UpdateBodyDto {
  @VersionField() version: number;

  @ApiPropertyOptional({ minLength: 2, maxLength: 200 })
  @Trim()
  @Optional()
  @Length(2, 200)
  @IsString()
  name?: string;

  @ApiPropertyOptional({ maxLength: 2000, nullable: true })
  @Optional({ nullable: true })
  @MaxLength(2000)
  @IsString()
  description?: string | null;
}

export class DecreeRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() number: string;
  @ApiProperty({ format: 'date' }) decreeDate: string;
  @ApiProperty({ format: 'date' }) effectiveDate: string;
}

export class BodyResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) regionId: string;
  @ApiProperty() regionName: string;
  @ApiProperty({ enum: BODY_KINDS }) kind: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: InstitutionRefDto, nullable: true }) institution: InstitutionRefDto | null;
  @ApiProperty({ nullable: true }) description: string | null;
  @ApiProperty({
    type: DecreeRefDto,
    nullable: true,
    description: 'The decree setting its composition today',
  })
  decreeInForce: DecreeRefDto | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty() version: number;
}

export class BodyPageDto extends PaginatedDto(BodyResponseDto) {}

export class BilingualDto {
  @ApiProperty({ description: 'Bahasa Indonesia' }) id: string;
  @ApiProperty({ description: 'English' }) en: string;
}

export class DutyDto {
  @ApiProperty() no: number;
  @ApiProperty({ type: BilingualDto }) text: BilingualDto;
}

// ---- decrees ------------------------------------------------------------------------------------------

export class AppointeeInputDto {
  @ApiProperty({ minLength: 2, maxLength: 150, description: 'Personal data: stored encrypted' })
  @Trim()
  @Length(2, 150)
  @IsString()
  fullName: string;

  @ApiPropertyOptional({ maxLength: 200, nullable: true, example: 'Kepala Bappeda' })
  @Trim()
  @Optional({ nullable: true })
  @MaxLength(200)
  @IsString()
  jobTitle?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @Optional({ nullable: true })
  @IsUUID('all')
  institutionId?: string | null;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    description: "The officer's user account (a partner team's member): referral eligibility follows it",
  })
  @Optional({ nullable: true })
  @IsUUID('all')
  userId?: string | null;

  @ApiProperty({ enum: APPOINTMENT_ROLES })
  @IsIn(APPOINTMENT_ROLES)
  role: AppointmentRole;
}

class DecreeMetaDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: '463/05/2011' })
  @Trim()
  @Length(1, 100)
  @IsString()
  number: string;

  @ApiProperty({ format: 'date', example: '2011-01-06' })
  @IsCalendarDate()
  decreeDate: string;

  @ApiPropertyOptional({ format: 'date', nullable: true, description: 'Default: the decree date' })
  @Optional({ nullable: true })
  @IsCalendarDate()
  effectiveDate?: string | null;

  @ApiProperty({ enum: ISSUER_KINDS })
  @IsIn(ISSUER_KINDS)
  issuerKind: IssuerKind;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    description: 'Required when issuerKind is skpd_head',
  })
  @Optional({ nullable: true })
  @IsUUID('all')
  issuerInstitutionId?: string | null;

  @ApiProperty({ minLength: 3, maxLength: 500 })
  @Trim()
  @Length(3, 500)
  @IsString()
  title: string;
}

export class CreateDecreeDto extends DecreeMetaDto {
  @ApiProperty({ format: 'uuid', description: 'The body it forms' })
  @IsUUID('all')
  bodyId: string;

  @ApiProperty({ enum: DECREE_KINDS })
  @IsIn(DECREE_KINDS)
  kind: DecreeKind;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    description: 'The decree it replaces, amends or revokes (required unless a formation)',
  })
  @Optional({ nullable: true })
  @IsUUID('all')
  replacesDecreeId?: string | null;

  @ApiProperty({ type: [AppointeeInputDto], maxItems: MAX_APPOINTEES })
  @ArrayMaxSize(MAX_APPOINTEES)
  @NestedArray(() => AppointeeInputDto)
  appointees: AppointeeInputDto[];
}

export class UpdateDecreeDto {
  @VersionField() version: number;

  @ApiPropertyOptional({ minLength: 1, maxLength: 100 })
  @Trim()
  @Optional()
  @Length(1, 100)
  @IsString()
  number?: string;

  @ApiPropertyOptional({ format: 'date' })
  @Optional()
  @IsCalendarDate()
  decreeDate?: string;

  @ApiPropertyOptional({ format: 'date' })
  @Optional()
  @IsCalendarDate()
  effectiveDate?: string;

  @ApiPropertyOptional({ enum: ISSUER_KINDS })
  @Optional()
  @IsIn(ISSUER_KINDS)
  issuerKind?: IssuerKind;

  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @Optional({ nullable: true })
  @IsUUID('all')
  issuerInstitutionId?: string | null;

  @ApiPropertyOptional({ minLength: 3, maxLength: 500 })
  @Trim()
  @Optional()
  @Length(3, 500)
  @IsString()
  title?: string;

  @ApiPropertyOptional({
    type: [AppointeeInputDto],
    maxItems: MAX_APPOINTEES,
    description: 'Replaces the whole list',
  })
  @Optional()
  @ArrayMaxSize(MAX_APPOINTEES)
  @NestedArray(() => AppointeeInputDto)
  appointees?: AppointeeInputDto[];
}

export class DecreeListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @QueryText()
  @IsOptional()
  @IsUUID('all')
  regionId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @QueryText()
  @IsOptional()
  @IsUUID('all')
  bodyId?: string;

  @ApiPropertyOptional({ enum: DECREE_KINDS })
  @QueryText()
  @IsOptional()
  @IsIn(DECREE_KINDS)
  kind?: DecreeKind;

  @ApiPropertyOptional({ enum: DECREE_STATUSES, description: 'Derived status' })
  @QueryText()
  @IsOptional()
  @IsIn(DECREE_STATUSES)
  status?: DecreeStatus;

  @ApiPropertyOptional({ maxLength: 100, description: 'Part of the number or title' })
  @QueryText()
  @IsOptional()
  @MaxLength(100)
  @IsString()
  q?: string;

  @SortParam(DECREE_LIST_SORT) sort?: string;
  @DirParam() dir?: SortDirection;
}

/** The list page's query: the API's, with the page's choice of page sizes. */
export class DecreeListPageQueryDto extends DecreeListQueryDto {
  @PageSizeParam() override pageSize: number = DEFAULT_PAGE_SIZE;
}

export class AppointeeResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() position: number;
  @ApiProperty({ nullable: true, description: 'Null when the decree key was destroyed' }) fullName:
    string | null;
  @ApiProperty({ nullable: true }) jobTitle: string | null;
  @ApiProperty({ type: InstitutionRefDto, nullable: true }) institution: InstitutionRefDto | null;
  @ApiProperty({ format: 'uuid', nullable: true }) userId: string | null;
  @ApiProperty({ enum: APPOINTMENT_ROLES }) role: string;
}

export class FileResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ nullable: true }) fileName: string | null;
  @ApiProperty({ enum: ['application/pdf', 'image/jpeg', 'image/png'] }) contentType: string;
  @ApiProperty() size: number;
  @ApiProperty() sha256: string;
  @ApiProperty({ format: 'date-time' }) uploadedAt: string;
}

export class DecreeResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) bodyId: string;
  @ApiProperty() bodyName: string;
  @ApiProperty({ enum: BODY_KINDS }) bodyKind: string;
  @ApiProperty({ format: 'uuid' }) regionId: string;
  @ApiProperty() number: string;
  @ApiProperty({ format: 'date' }) decreeDate: string;
  @ApiProperty({ format: 'date' }) effectiveDate: string;
  @ApiProperty({ enum: ISSUER_KINDS }) issuerKind: string;
  @ApiProperty({ type: InstitutionRefDto, nullable: true }) issuerInstitution: InstitutionRefDto | null;
  @ApiProperty() title: string;
  @ApiProperty({ enum: DECREE_KINDS }) kind: string;
  @ApiProperty({ format: 'uuid', nullable: true }) replacesDecreeId: string | null;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    description: 'The decree that replaced, amended or revoked it',
  })
  replacedByDecreeId: string | null;
  @ApiProperty({
    enum: DECREE_STATUSES,
    description: "Derived from the chain and today's date, never stored",
  })
  status: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty() version: number;
}

export class DecreeDetailDto extends DecreeResponseDto {
  @ApiProperty({ type: [AppointeeResponseDto] }) appointees: AppointeeResponseDto[];
  @ApiProperty({ type: FileResponseDto, nullable: true }) scan: FileResponseDto | null;
}

export class DecreePageDto extends PaginatedDto(DecreeResponseDto) {}

export class RoleChangeDto {
  @ApiProperty({ nullable: true }) fullName: string | null;
  @ApiProperty({ enum: APPOINTMENT_ROLES }) before: string;
  @ApiProperty({ enum: APPOINTMENT_ROLES }) after: string;
}

export class CompositionChangeDto {
  @ApiProperty({ type: [AppointeeResponseDto] }) joined: AppointeeResponseDto[];
  @ApiProperty({ type: [AppointeeResponseDto] }) left: AppointeeResponseDto[];
  @ApiProperty({ type: [RoleChangeDto] }) roleChanged: RoleChangeDto[];
  @ApiProperty({ type: [InstitutionRefDto] }) institutionsJoined: InstitutionRefDto[];
  @ApiProperty({ type: [InstitutionRefDto] }) institutionsLeft: InstitutionRefDto[];
}

export class ChainStepDto extends DecreeResponseDto {
  @ApiProperty({ type: [AppointeeResponseDto] }) appointees: AppointeeResponseDto[];
  @ApiProperty({ type: CompositionChangeDto, description: 'Against the decree it replaces' })
  change: CompositionChangeDto;
}

export class BodyDetailDto extends BodyResponseDto {
  @ApiProperty({ type: BilingualDto }) kindName: BilingualDto;
  @ApiProperty({ type: BilingualDto }) formedBy: BilingualDto;
  @ApiProperty({ type: BilingualDto }) composition: BilingualDto;
  @ApiProperty({ type: [DutyDto] }) duties: DutyDto[];
  @ApiProperty({ type: [AppointeeResponseDto], description: 'Members by the decree in force' })
  members: AppointeeResponseDto[];
  @ApiProperty({ type: [ChainStepDto], description: 'Its decrees in chain order' }) history: ChainStepDto[];
}
