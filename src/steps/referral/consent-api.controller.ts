import { Body, Controller, Get, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentAuth, RequirePermission } from '../../platform/auth/auth.decorators';
import { Permission } from '../../platform/auth/permissions';
import { AuthContext } from '../../platform/common/request-context';
import { ApiErrors } from '../../web/forms';
import { ConsentService } from './consent.service';
import {
  CaseConsentDto,
  ConsentOverrideDto,
  ConsentResponseDto,
  RecordConsentDto,
  StatisticsConsentDto,
  StatisticsConsentResponseDto,
  WithdrawConsentDto,
  WithdrawConsentPartDto,
  consentPartOf,
} from './dto/consent.dto';
import { downloadHeaders } from './file-store.service';
import { DOCUMENT_UPLOAD, takeUpload, UploadRoute } from '../../web/multipart';

export const UPLOAD_BODY_SCHEMA = {
  schema: {
    type: 'object',
    required: ['file'],
    properties: { file: { type: 'string', format: 'binary', description: 'PDF, JPEG or PNG, at most 5 MB' } },
  },
};

/** Consent to share a case with partners (staff working on the case). */
@ApiTags('consent')
@Controller('api')
export class ConsentApiController {
  constructor(private readonly consents: ConsentService) {}

  @Get('cases/:id/consents')
  @RequirePermission(Permission.ConsentRead)
  @ApiOperation({ summary: "A case's consents and its anonymous-statistics choice" })
  @ApiOkResponse({ type: CaseConsentDto })
  @ApiErrors(401, 403, 404)
  list(@CurrentAuth() auth: AuthContext, @Param('id') id: string): Promise<CaseConsentDto> {
    return this.consents.list(auth, id);
  }

  @Post('cases/:id/consents')
  @RequirePermission(Permission.ConsentWrite)
  @ApiOperation({
    summary: 'Record a consent',
    description:
      'For a child, given by a parent or guardian. Verbal: name the witness. Signed form: upload the scan next ' +
      '(POST /api/consents/{id}/scan); until then referrals cannot rely on it.',
  })
  @ApiCreatedResponse({ type: ConsentResponseDto })
  @ApiErrors(400, 401, 403, 404, 422)
  record(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() dto: RecordConsentDto,
  ): Promise<ConsentResponseDto> {
    return this.consents.record(auth, id, {
      ...dto,
      serviceRoles: dto.serviceRoles,
      institutionIds: dto.institutionIds,
      categories: dto.categories,
    });
  }

  @Post('cases/:id/consent-overrides')
  @RequirePermission(Permission.ConsentOverride)
  @ApiOperation({
    summary: 'Override consent for a child in danger',
    description: 'Coordinators only, children only, with a written reason; it is an event on the chronology.',
  })
  @ApiCreatedResponse({ type: ConsentResponseDto })
  @ApiErrors(400, 401, 403, 404, 422)
  override(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() dto: ConsentOverrideDto,
  ): Promise<ConsentResponseDto> {
    return this.consents.override(auth, id, dto);
  }

  @Put('cases/:id/statistics-consent')
  @RequirePermission(Permission.ConsentWrite)
  @ApiOperation({ summary: 'Whether the case may be counted in the anonymous statistics' })
  @ApiOkResponse({ type: StatisticsConsentResponseDto })
  @ApiErrors(400, 401, 403, 404, 409)
  statistics(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() dto: StatisticsConsentDto,
  ): Promise<StatisticsConsentResponseDto> {
    return this.consents.setStatistics(auth, id, dto.included, dto.version);
  }

  @Get('consents/:id')
  @RequirePermission(Permission.ConsentRead)
  @ApiOkResponse({ type: ConsentResponseDto })
  @ApiErrors(401, 403, 404)
  get(@CurrentAuth() auth: AuthContext, @Param('id') id: string): Promise<ConsentResponseDto> {
    return this.consents.get(auth, id);
  }

  @Post('consents/:id/scan')
  @HttpCode(200)
  @RequirePermission(Permission.ConsentWrite)
  @UploadRoute(DOCUMENT_UPLOAD)
  @ApiOperation({ summary: 'Upload the scan of a signed consent form (multipart/form-data, field `file`)' })
  @ApiConsumes('multipart/form-data')
  @ApiBody(UPLOAD_BODY_SCHEMA)
  @ApiOkResponse({ type: ConsentResponseDto })
  @ApiErrors(400, 401, 403, 404, 413, 415, 422)
  uploadScan(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
  ): Promise<ConsentResponseDto> {
    return this.consents.uploadScan(auth, id, takeUpload(body ?? {}));
  }

  @Get('consents/:id/scan')
  @RequirePermission(Permission.ConsentRead)
  @ApiOperation({ summary: 'Download the scan of a signed consent form' })
  @ApiProduces('application/pdf', 'image/jpeg', 'image/png')
  @ApiOkResponse({ description: 'The file' })
  @ApiErrors(401, 403, 404)
  async scan(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { file, data } = await this.consents.scan(auth, id);
    await reply.headers(downloadHeaders(file)).send(data);
  }

  @Post('consents/:id/withdraw')
  @HttpCode(200)
  @RequirePermission(Permission.ConsentWrite)
  @ApiOperation({
    summary: 'Withdraw a consent (an override: coordinators only)',
    description:
      'Every open referral relying on it ends at once (cancelled, or revoked if taken on): partners lose access.',
  })
  @ApiOkResponse({ type: ConsentResponseDto })
  @ApiErrors(400, 401, 403, 404, 409)
  withdraw(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() dto: WithdrawConsentDto,
  ): Promise<ConsentResponseDto> {
    return this.consents.withdraw(auth, id, dto.version, dto.reason);
  }

  @Post('consents/:id/withdraw-part')
  @HttpCode(200)
  @RequirePermission(Permission.ConsentWrite)
  @ApiOperation({
    summary: 'Withdraw one service role or one institution of a consent; the rest still holds',
    description:
      'Give `serviceRole` or `institutionId`. Open referrals the narrower consent no longer covers end at once (cancelled, or revoked if taken on): that partner loses access, the others keep theirs. The last part cannot be withdrawn alone (422 CONSENT_LAST_PART: withdraw the whole consent).',
  })
  @ApiOkResponse({ type: ConsentResponseDto })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  withdrawPart(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() dto: WithdrawConsentPartDto,
  ): Promise<ConsentResponseDto> {
    return this.consents.withdrawPart(auth, id, dto.version, consentPartOf(dto), dto.reason);
  }
}
