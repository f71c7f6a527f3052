import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
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
import { pageOf, PageQueryDto } from '../../platform/common/pagination';
import { AppRequest, AuthContext, languageOf } from '../../platform/common/request-context';
import { ApiErrors } from '../../web/forms';
import { UPLOAD_BODY_SCHEMA } from './consent-api.controller';
import {
  CompleteReferralDto,
  PartnerEventPageDto,
  PartnerInboxDto,
  PartnerInboxQueryDto,
  PartnerReferralDto,
  ReferralActionDto,
  ReferralReasonDto,
  ReferralVersionDto,
} from './dto/referral.dto';
import { downloadHeaders } from './file-store.service';
import { PartnerReferralsService } from './partner-referrals.service';
import { DOCUMENT_UPLOAD, takeUpload, UploadRoute } from '../../web/multipart';

/**
 * The partner inbox (team members of partner institutions). Only referrals to the caller's
 * institution and service roles exist here; anything else is 404. Every request is audited with the
 * referral's id as the resource.
 */
@ApiTags('partner')
@Controller('api/partner/referrals')
export class PartnerApiController {
  constructor(private readonly partner: PartnerReferralsService) {}

  @Get()
  @RequirePermission(Permission.PartnerInbox)
  @ApiOperation({
    summary: 'Inbox: referrals to my institution and service roles, with counts and overdue marks',
  })
  @ApiOkResponse({ type: PartnerInboxDto })
  @ApiErrors(400, 401, 403)
  inbox(
    @Req() req: AppRequest,
    @CurrentAuth() auth: AuthContext,
    @Query() q: PartnerInboxQueryDto,
  ): Promise<PartnerInboxDto> {
    return this.partner.inbox(auth, q, languageOf(req));
  }

  @Get(':id')
  @RequirePermission(Permission.PartnerInbox)
  @ApiOperation({
    summary: 'A referral and the disclosed part of the case',
    description:
      'Only the categories the referral discloses, while it is open and its consent holds; afterwards a summary of your own entries.',
  })
  @ApiOkResponse({ type: PartnerReferralDto })
  @ApiErrors(401, 403, 404)
  get(@CurrentAuth() auth: AuthContext, @Param('id') id: string): Promise<PartnerReferralDto> {
    return this.partner.get(auth, id);
  }

  @Get(':id/events')
  @RequirePermission(Permission.PartnerInbox)
  @ApiOperation({ summary: 'The history entries of this referral' })
  @ApiOkResponse({ type: PartnerEventPageDto, description: 'Oldest first, a page at a time' })
  @ApiErrors(400, 401, 403, 404)
  async events(
    @Req() req: AppRequest,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Query() q: PageQueryDto,
  ): Promise<PartnerEventPageDto> {
    return pageOf(await this.partner.history(auth, id, languageOf(req)), q);
  }

  @Post(':id/accept')
  @HttpCode(200)
  @RequirePermission(Permission.PartnerRespond)
  @ApiOperation({ summary: 'Accept (an open referral: the first institution to accept takes it)' })
  @ApiOkResponse({ type: PartnerReferralDto })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  accept(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() dto: ReferralVersionDto,
  ): Promise<PartnerReferralDto> {
    return this.partner.accept(auth, id, dto.version);
  }

  @Post(':id/decline')
  @HttpCode(200)
  @RequirePermission(Permission.PartnerRespond)
  @ApiOperation({
    summary: 'Decline, with a reason (an open referral stays open for the other institutions)',
  })
  @ApiOkResponse({ type: PartnerReferralDto })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  decline(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() dto: ReferralReasonDto,
  ): Promise<PartnerReferralDto> {
    return this.partner.decline(auth, id, dto.version, dto.reason);
  }

  @Post(':id/start')
  @HttpCode(200)
  @RequirePermission(Permission.PartnerRespond)
  @ApiOperation({ summary: 'Start the service (accepted → in progress)' })
  @ApiOkResponse({ type: PartnerReferralDto })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  start(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() dto: ReferralVersionDto,
  ): Promise<PartnerReferralDto> {
    return this.partner.start(auth, id, dto.version);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @RequirePermission(Permission.PartnerRespond)
  @ApiOperation({ summary: 'Complete with an outcome: your access to the case ends' })
  @ApiOkResponse({ type: PartnerReferralDto })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  complete(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() dto: CompleteReferralDto,
  ): Promise<PartnerReferralDto> {
    return this.partner.complete(auth, id, dto.version, dto.outcome, dto.notes);
  }

  @Post(':id/actions')
  @RequirePermission(Permission.PartnerRespond)
  @ApiOperation({ summary: 'Record an action taken (it becomes an entry of the case chronology)' })
  @ApiCreatedResponse({ type: PartnerReferralDto })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  action(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() dto: ReferralActionDto,
  ): Promise<PartnerReferralDto> {
    return this.partner.recordAction(auth, id, dto);
  }

  @Post(':id/documents')
  @RequirePermission(Permission.PartnerRespond)
  @UploadRoute(DOCUMENT_UPLOAD)
  @ApiOperation({
    summary: 'Attach a document (multipart/form-data, field `file`: PDF, JPEG or PNG, at most 5 MB)',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody(UPLOAD_BODY_SCHEMA)
  @ApiCreatedResponse({ type: PartnerReferralDto })
  @ApiErrors(400, 401, 403, 404, 409, 413, 415, 422)
  attach(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
  ): Promise<PartnerReferralDto> {
    return this.partner.attach(auth, id, takeUpload(body ?? {}));
  }

  @Get(':id/documents/:documentId')
  @RequirePermission(Permission.PartnerInbox)
  @ApiOperation({ summary: 'Download a document of the referral (while you have full access)' })
  @ApiProduces('application/pdf', 'image/jpeg', 'image/png')
  @ApiOkResponse({ description: 'The file' })
  @ApiErrors(401, 403, 404)
  async document(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Param('documentId') documentId: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { file, data } = await this.partner.document(auth, id, documentId);
    await reply.headers(downloadHeaders(file)).send(data);
  }
}
