import { ApiProperty } from '@nestjs/swagger';
import {
  ACTION_PLAN_SOURCES,
  APPOINTMENT_ROLES,
  AWARD_LEVELS,
  AWARD_NAME,
  BODY_KIND_INFO,
  BODY_KINDS,
  DECREE_KINDS,
  DECREE_STATUSES,
  ISSUER_KINDS,
  ITEM_STATUSES,
  REGION_KINDS,
  SKPD_PUG_ROLES,
  TRAINING_KINDS,
} from '../reference-data';
import { InstitutionRefDto } from './common.dto';
import { BilingualDto, DecreeRefDto, DutyDto } from './pug-institutions.dto';

export class BodyKindDto {
  @ApiProperty({ enum: BODY_KINDS }) kind: string;
  @ApiProperty({ type: BilingualDto }) name: BilingualDto;
  @ApiProperty({ type: BilingualDto }) formedBy: BilingualDto;
  @ApiProperty({ type: BilingualDto }) composition: BilingualDto;
  @ApiProperty({ type: [DutyDto] }) duties: DutyDto[];
  @ApiProperty({ description: 'One body per SKPD' }) perInstitution: boolean;
}

export class PugReferenceDto {
  @ApiProperty({ type: [BodyKindDto] }) bodyKinds: BodyKindDto[];
  @ApiProperty({ enum: DECREE_KINDS, isArray: true }) decreeKinds: string[];
  @ApiProperty({ enum: ISSUER_KINDS, isArray: true }) issuerKinds: string[];
  @ApiProperty({ enum: DECREE_STATUSES, isArray: true }) decreeStatuses: string[];
  @ApiProperty({ enum: APPOINTMENT_ROLES, isArray: true }) appointmentRoles: string[];
  @ApiProperty({ enum: REGION_KINDS, isArray: true }) regionKinds: string[];
  @ApiProperty({ enum: SKPD_PUG_ROLES, isArray: true }) skpdPugRoles: string[];
  @ApiProperty({ enum: ACTION_PLAN_SOURCES, isArray: true }) actionPlanSources: string[];
  @ApiProperty({ enum: ITEM_STATUSES, isArray: true }) itemStatuses: string[];
  @ApiProperty({ enum: TRAINING_KINDS, isArray: true }) trainingKinds: string[];
  @ApiProperty({ enum: AWARD_LEVELS, isArray: true }) awardLevels: string[];
  @ApiProperty() awardName: string;
}

export function pugReference(): PugReferenceDto {
  return {
    bodyKinds: BODY_KINDS.map((k) => BODY_KIND_INFO[k]),
    decreeKinds: [...DECREE_KINDS],
    issuerKinds: [...ISSUER_KINDS],
    decreeStatuses: [...DECREE_STATUSES],
    appointmentRoles: [...APPOINTMENT_ROLES],
    regionKinds: [...REGION_KINDS],
    skpdPugRoles: [...SKPD_PUG_ROLES],
    actionPlanSources: [...ACTION_PLAN_SOURCES],
    itemStatuses: [...ITEM_STATUSES],
    trainingKinds: [...TRAINING_KINDS],
    awardLevels: [...AWARD_LEVELS],
    awardName: AWARD_NAME,
  };
}

const PROBLEMS = [
  'no_body',
  'no_decree_in_force',
  'not_issued_by_region_head',
  'not_issued_by_skpd_head',
  'no_planning_agency',
  'chair_not_planning_agency',
  'no_womens_empowerment',
  'secretary_not_womens_empowerment',
  'members_missing',
  'no_focal_point',
  'no_members',
];

export class BodyCompletenessDto {
  @ApiProperty({ enum: BODY_KINDS }) kind: string;
  @ApiProperty({ format: 'uuid', nullable: true }) bodyId: string | null;
  @ApiProperty({ nullable: true }) bodyName: string | null;
  @ApiProperty({ type: InstitutionRefDto, nullable: true }) institution: InstitutionRefDto | null;
  @ApiProperty({ type: DecreeRefDto, nullable: true }) decreeInForce: DecreeRefDto | null;
  @ApiProperty() memberCount: number;
  @ApiProperty({ type: [InstitutionRefDto], description: 'Pokja: roster SKPD not among its members' })
  missingInstitutions: InstitutionRefDto[];
  @ApiProperty({ enum: PROBLEMS, isArray: true }) problems: string[];
  @ApiProperty() complete: boolean;
}

export class RegionRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: REGION_KINDS }) kind: string;
}

export class RegionCompletenessDto {
  @ApiProperty({ type: RegionRefDto }) region: RegionRefDto;
  @ApiProperty({ type: BodyCompletenessDto }) pokja: BodyCompletenessDto;
  @ApiProperty({ type: BodyCompletenessDto }) technicalTeam: BodyCompletenessDto;
  @ApiProperty({ type: [BodyCompletenessDto] }) partnerTeams: BodyCompletenessDto[];
  @ApiProperty({ type: [BodyCompletenessDto], description: 'One per roster SKPD expected to have one' })
  focalPoints: BodyCompletenessDto[];
  @ApiProperty({ type: [InstitutionRefDto], description: 'SKPD without a focal-point decree in force' })
  missingFocalPoints: InstitutionRefDto[];
  @ApiProperty() complete: boolean;
}
