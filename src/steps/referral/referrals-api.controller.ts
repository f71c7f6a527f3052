import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { CurrentAuth, RequirePermission } from '../../platform/auth/auth.decorators';
import { Permission } from '../../platform/auth/permissions';
import { Clock } from '../../platform/common/clock';
import { todayOf } from '../../platform/common/dates';
import { pageOf, PageQueryDto, PaginatedDto, QueryText } from '../../platform/common/pagination';
import { AuthContext } from '../../platform/common/request-context';
import { ApiErrors } from '../../web/forms';
import { SERVICE_ROLES, ServiceRole } from '../../institutions/service-roles';
import {
  CreateReferralDto,
  OverdueCheckResultDto,
  ReferralListQueryDto,
  ReferralPageDto,
  ReferralReasonDto,
  ReferralResponseDto,
  ReferralSettingsDto,
  ReferralSettingsResponseDto,
  ReferralVersionDto,
} from './dto/referral.dto';
import { downloadHeaders } from './file-store.service';
import { ReferralEligibilityService } from './referral-eligibility.service';
import { ReferralSettingsService } from './referral-settings.service';
import { ReferralsService } from './referrals.service';
import { IsDateOnly } from '../../platform/common/validation';

export class EligibilityQueryDto extends PageQueryDto {
  @ApiProperty({ enum: SERVICE_ROLES })
  @QueryText()
  @IsIn(SERVICE_ROLES)
  serviceRole: ServiceRole;

  @ApiPropertyOptional({ format: 'date', description: 'Default: today' })
  @QueryText()
  @IsOptional()
  @IsDateOnly()
  on?: string;
}

export class EligibleInstitutionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() type: string;
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
}

export class EligibleInstitutionPageDto extends PaginatedDto(EligibleInstitutionDto) {}

/** Referrals from the service centre's side: counselors and coordinators working on the case. */
@ApiTags('referrals')
@Controller('api')
export class ReferralsApiController {
  constructor(
    private readonly referrals: ReferralsService,
    private readonly settings: ReferralSettingsService,
    private readonly eligibility: ReferralEligibilityService,
    private readonly clock: Clock,
  ) {}

  @Get('cases/:id/referrals')
  @RequirePermission(Permission.ReferralsRead)
  @ApiOperation({ summary: "A case's referrals" })
  @ApiOkResponse({ type: ReferralPageDto })
  @ApiErrors(400, 401, 403, 404)
  forCase(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Query() q: ReferralListQueryDto,
  ): Promise<ReferralPageDto> {
    return this.referrals.listForCase(auth, id, q);
  }

  @Post('cases/:id/referrals')
  @RequirePermission(Permission.ReferralsWrite)
  @ApiOperation({
    summary: 'Refer the case to a partner institution (or to any eligible one providing the role)',
    description:
      'Needs an effective consent (or a coordinator override) covering the role or institution and every disclosed ' +
      "category. Goes out at once, or waits for a coordinator's approval when the setting requires it.",
  })
  @ApiCreatedResponse({ type: ReferralResponseDto })
  @ApiErrors(400, 401, 403, 404, 422)
  create(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() dto: CreateReferralDto,
  ): Promise<ReferralResponseDto> {
    return this.referrals.create(auth, id, dto);
  }

  @Get('referrals')
  @RequirePermission(Permission.ReferralsRead)
  @ApiOperation({
    summary: 'Referrals of the cases the caller works on (coordinators: all), with overdue marks',
  })
  @ApiOkResponse({ type: ReferralPageDto })
  @ApiErrors(400, 401, 403)
  list(@CurrentAuth() auth: AuthContext, @Query() q: ReferralListQueryDto): Promise<ReferralPageDto> {
    return this.referrals.list(auth, q);
  }

  @Post('referrals/overdue-check')
  @HttpCode(200)
  @RequirePermission(Permission.ReferralsApprove)
  @ApiOperation({ summary: 'Mark unanswered referrals past their due date now (also runs every 15 minutes)' })
  @ApiOkResponse({ type: OverdueCheckResultDto })
  @ApiErrors(401, 403)
  async overdueCheck(): Promise<OverdueCheckResultDto> {
    return { marked: await this.referrals.markOverdue() };
  }

  @Get('referrals/:id')
  @RequirePermission(Permission.ReferralsRead)
  @ApiOkResponse({ type: ReferralResponseDto })
  @ApiErrors(401, 403, 404)
  get(@CurrentAuth() auth: AuthContext, @Param('id') id: string): Promise<ReferralResponseDto> {
    return this.referrals.get(auth, id);
  }

  @Post('referrals/:id/approve')
  @HttpCode(200)
  @RequirePermission(Permission.ReferralsApprove)
  @ApiOperation({ summary: 'Approve a referral waiting for approval: it goes out to the partner(s)' })
  @ApiOkResponse({ type: ReferralResponseDto })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  approve(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() dto: ReferralVersionDto,
  ): Promise<ReferralResponseDto> {
    return this.referrals.approve(auth, id, dto.version);
  }

  @Post('referrals/:id/cancel')
  @HttpCode(200)
  @RequirePermission(Permission.ReferralsWrite)
  @ApiOperation({ summary: 'Cancel a referral not yet taken on (with a reason)' })
  @ApiOkResponse({ type: ReferralResponseDto })
  @ApiErrors(400, 401, 403, 404, 409)
  cancel(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() dto: ReferralReasonDto,
  ): Promise<ReferralResponseDto> {
    return this.referrals.cancel(auth, id, dto.version, dto.reason);
  }

  @Post('referrals/:id/revoke')
  @HttpCode(200)
  @RequirePermission(Permission.ReferralsWrite)
  @ApiOperation({
    summary: 'Revoke an accepted or in-progress referral (with a reason): the partner loses access',
  })
  @ApiOkResponse({ type: ReferralResponseDto })
  @ApiErrors(400, 401, 403, 404, 409)
  revoke(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() dto: ReferralReasonDto,
  ): Promise<ReferralResponseDto> {
    return this.referrals.revoke(auth, id, dto.version, dto.reason);
  }

  @Get('referrals/:id/documents/:documentId')
  @RequirePermission(Permission.ReferralsRead)
  @ApiOperation({ summary: "Download a partner's document attached to the referral" })
  @ApiProduces('application/pdf', 'image/jpeg', 'image/png')
  @ApiOkResponse({ description: 'The file' })
  @ApiErrors(401, 403, 404)
  async document(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Param('documentId') documentId: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { file, data } = await this.referrals.document(auth, id, documentId);
    await reply.headers(downloadHeaders(file)).send(data);
  }

  @Get('referral-eligibility')
  @RequirePermission(Permission.ReferralsRead)
  @ApiOperation({ summary: 'The institutions that may receive a new referral for a service role on a date' })
  @ApiOkResponse({ type: EligibleInstitutionPageDto, description: 'By name, a page at a time' })
  @ApiErrors(400, 401, 403)
  async eligible(@Query() q: EligibilityQueryDto): Promise<EligibleInstitutionPageDto> {
    const rows = await this.eligibility.eligibleInstitutions(q.serviceRole, q.on ?? todayOf(this.clock));
    return pageOf(
      rows.map((i) => ({ id: i.id, name: i.name, type: i.type, phone: i.phone, email: i.email })),
      q,
    );
  }

  @Get('referral-settings')
  @RequirePermission(Permission.ReferralSettingsManage)
  @ApiOkResponse({ type: ReferralSettingsResponseDto })
  @ApiErrors(401, 403)
  getSettings(): Promise<ReferralSettingsResponseDto> {
    return this.settings.get();
  }

  @Put('referral-settings')
  @RequirePermission(Permission.ReferralSettingsManage)
  @ApiOperation({ summary: "Whether counselors' referrals wait for a coordinator's approval" })
  @ApiOkResponse({ type: ReferralSettingsResponseDto })
  @ApiErrors(400, 401, 403, 409)
  putSettings(
    @CurrentAuth() auth: AuthContext,
    @Body() dto: ReferralSettingsDto,
  ): Promise<ReferralSettingsResponseDto> {
    return this.settings.update(auth, { approvalRequired: dto.approvalRequired }, dto.version);
  }
}
