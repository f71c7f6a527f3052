import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../platform/auth/auth.decorators';
import { Permission } from '../platform/auth/permissions';
import { CasesService } from './cases.service';
import { AssignableCounselorPageDto, CounselorListQueryDto } from './dto/case.dto';

/** For coordinators: whom a case can be assigned to (`POST /api/cases/{id}/assignment`). */
@ApiTags('cases')
@Controller('api/counselors')
export class CounselorsApiController {
  constructor(private readonly cases: CasesService) {}

  @Get()
  @RequirePermission(Permission.CounselorsRead)
  @ApiOkResponse({
    type: AssignableCounselorPageDto,
    description:
      'The active counselors a case can be assigned to (the `counselorId` of POST /api/cases/{id}/assignment): id and name only, by name (sortable: sort, dir)',
  })
  list(@Query() q: CounselorListQueryDto): Promise<AssignableCounselorPageDto> {
    return this.cases.assignableCounselors(q);
  }
}
