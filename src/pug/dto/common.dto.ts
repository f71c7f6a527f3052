import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { Institution } from '../../institutions/institution.entity';

export class InstitutionRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

export function institutionRef(i: Institution | null | undefined): InstitutionRefDto | null {
  return i ? { id: i.id, name: i.name } : null;
}

/** The `version` field of an update body. */
export function VersionField() {
  return (target: object, key: string) => {
    ApiProperty({
      description: 'The version read; a stale one gives 409 VERSION_CONFLICT',
      minimum: 1,
      type: 'integer',
    })(target, key);
    Max(2_147_483_647)(target, key);
    Min(1)(target, key);
    IsInt()(target, key);
  };
}

export const iso = (d: Date | string) => new Date(d).toISOString();
