import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentAuth, RequirePermission } from '../platform/auth/auth.decorators';
import { Permission } from '../platform/auth/permissions';
import { PageQueryDto } from '../platform/common/pagination';
import { AppRequest, AuthContext, languageOf } from '../platform/common/request-context';
import { Translator } from '../platform/i18n/translator';
import { CasesService } from './cases.service';
import { CaseDisclosureService } from './disclosure/case-disclosure.service';
import {
  AssignCounselorDto,
  CaseDetailDto,
  CaseEventPageDto,
  CaseListDto,
  CaseListQueryDto,
  ChainVerificationDto,
  CreateCaseDto,
  QuickCaseDto,
  DuplicateCheckDto,
  DuplicateMatchDto,
  TransitionDto,
  TransitionOptionsDto,
  UpdateCaseDto,
} from './dto/case.dto';
import { IntakeService } from './intake.service';
import { TransitionName } from './workflow/case-workflow';
import { CaseWorkflowService } from './workflow/case-workflow.service';

@ApiTags('cases')
@Controller('api/cases')
export class CasesApiController {
  constructor(
    private readonly intake: IntakeService,
    private readonly cases: CasesService,
    private readonly workflow: CaseWorkflowService,
    private readonly translator: Translator,
    private readonly disclosure: CaseDisclosureService,
  ) {}

  @Post()
  @RequirePermission(Permission.CasesCreate)
  @ApiCreatedResponse({
    type: CaseDetailDto,
    description: 'Registers a complaint, its victim, reporter, perpetrators and incident',
  })
  async create(
    @Req() req: AppRequest,
    @CurrentAuth() auth: AuthContext,
    @Body() dto: CreateCaseDto,
  ): Promise<CaseDetailDto> {
    const c = await this.intake.register(auth, dto, { auditRequest: req });
    return this.cases.detail(auth, c.id);
  }

  @Post('quick')
  @RequirePermission(Permission.CasesCreate)
  @ApiCreatedResponse({
    type: CaseDetailDto,
    description:
      'The quick intake of a crisis walk-in: registers a complaint with the minimum needed to open a case safely ' +
      '(channel, date, name or initials, sex, age or birth year, a phone for a safe call-back, violence types, ' +
      "immediate danger); no duplicate check; the case's `intakeMode` is `quick` and the rest is completed with " +
      '`PATCH /api/cases/{id}`',
  })
  async createQuick(
    @Req() req: AppRequest,
    @CurrentAuth() auth: AuthContext,
    @Body() dto: QuickCaseDto,
  ): Promise<CaseDetailDto> {
    const c = await this.intake.registerQuick(auth, dto, { auditRequest: req });
    return this.cases.detail(auth, c.id);
  }

  @Post('duplicate-check')
  @HttpCode(200)
  @RequirePermission(Permission.CasesCreate)
  @ApiOkResponse({
    type: [DuplicateMatchDto],
    description:
      'Possible earlier records: case number, initials and intake date only, each with a single-use `matchToken` ' +
      '(this session, 30 minutes, the identifiers checked) to attach the complaint with; never the victim itself',
  })
  duplicates(@CurrentAuth() auth: AuthContext, @Body() dto: DuplicateCheckDto): Promise<DuplicateMatchDto[]> {
    return this.intake.duplicates(auth, dto);
  }

  @Get()
  @RequirePermission(Permission.CasesRead)
  @ApiOkResponse({ type: CaseListDto, description: 'The cases the caller may see' })
  list(@CurrentAuth() auth: AuthContext, @Query() query: CaseListQueryDto): Promise<CaseListDto> {
    return this.cases.list(auth, query);
  }

  @Get(':id')
  @RequirePermission(Permission.CasesRead)
  @ApiOkResponse({ type: CaseDetailDto })
  detail(@CurrentAuth() auth: AuthContext, @Param('id') id: string): Promise<CaseDetailDto> {
    return this.cases.detail(auth, id);
  }

  @Patch(':id')
  @RequirePermission(Permission.CasesUpdate)
  @ApiOkResponse({
    type: CaseDetailDto,
    description:
      'Corrects the victim and incident details; the history keeps the earlier values. 409 on a stale version.',
  })
  async update(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() dto: UpdateCaseDto,
  ): Promise<CaseDetailDto> {
    await this.cases.update(auth, id, dto);
    return this.cases.detail(auth, id);
  }

  @Post(':id/assignment')
  @HttpCode(200)
  @RequirePermission(Permission.CasesAssign)
  @ApiOkResponse({ type: CaseDetailDto })
  async assign(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() dto: AssignCounselorDto,
  ): Promise<CaseDetailDto> {
    await this.cases.assignCounselor(auth, id, dto.counselorId, dto.version);
    return this.cases.detail(auth, id);
  }

  @Get(':id/transitions')
  @RequirePermission(Permission.CasesRead)
  @ApiOkResponse({
    type: TransitionOptionsDto,
    description: 'What the caller may do now and, for the rest, why not',
  })
  async transitions(
    @Req() req: AppRequest,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
  ): Promise<TransitionOptionsDto> {
    const lang = languageOf(req);
    const { case: c, options } = await this.workflow.options(auth, id);
    return {
      caseId: c.id,
      stage: this.disclosure.stageFor(auth, c),
      version: c.version,
      transitions: options.map((o) => ({
        transition: o.transition,
        to: o.to,
        allowed: o.allowed,
        reasons: o.reasons.map((r) => ({
          code: r.code,
          message: this.translator.t(`errors.${r.code}`, lang, r.args ?? {}),
        })),
      })),
    };
  }

  @Post(':id/transitions')
  @HttpCode(200)
  @RequirePermission(Permission.CasesTransition)
  @ApiOkResponse({
    type: CaseDetailDto,
    description:
      '409 CASE_TRANSITION_NOT_ALLOWED from a stage it does not leave or VERSION_CONFLICT; 422 when a guard refuses',
  })
  async transition(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() dto: TransitionDto,
  ): Promise<CaseDetailDto> {
    await this.workflow.fire(auth, id, dto.transition as TransitionName, dto.version, {
      reason: dto.reason,
      closureReason: dto.closureReason,
      safeHouseId: dto.safeHouseId,
      plannedDays: dto.plannedDays,
    });
    return this.cases.detail(auth, id);
  }

  @Get(':id/history')
  @RequirePermission(Permission.CasesHistory)
  @ApiOkResponse({
    type: CaseEventPageDto,
    description: 'The history, oldest first, one page at a time (`?page=&pageSize=`, at most 100)',
  })
  history(
    @Req() req: AppRequest,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Query() q: PageQueryDto,
  ): Promise<CaseEventPageDto> {
    return this.cases.history(auth, id, languageOf(req), q);
  }

  @Get(':id/verification')
  @RequirePermission(Permission.CasesHistory)
  @ApiOkResponse({ type: ChainVerificationDto, description: 'Recomputes the hash chain of the history' })
  verify(@CurrentAuth() auth: AuthContext, @Param('id') id: string): Promise<ChainVerificationDto> {
    return this.cases.verify(auth, id);
  }
}
