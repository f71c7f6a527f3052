import { Body, Controller, Get, Param, Post, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuditedManually } from '../../platform/audit/audit.interceptor';
import { AuditService } from '../../platform/audit/audit.service';
import { CurrentAuth, RequirePermission } from '../../platform/auth/auth.decorators';
import { Permission } from '../../platform/auth/permissions';
import { AppRequest, AuthContext } from '../../platform/common/request-context';
import { caseFormAction } from '../counseling/case-tracks.common';
import { linesOf, rows } from '../../web/input';
import { parseForm } from '../../web/form-action';
import { listOf } from '../../web/forms';
import { SettingsService } from '../../platform/settings/settings.service';
import { ConferencesService } from './conferences.service';
import { ActionItemFormDto, CreateConferenceDto } from './dto/conference.dto';

/** The conference forms of the case page, and a conference's printable page. */
@ApiExcludeController()
@Controller('cases/:id')
export class ConferencesPagesController {
  constructor(
    private readonly conferences: ConferencesService,
    private readonly settings: SettingsService,
    private readonly audit: AuditService,
  ) {}

  @Get('conferences/:conferenceId')
  @RequirePermission(Permission.ConferencesRead)
  @Render('conferences/print')
  async print(
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Param('conferenceId') conferenceId: string,
  ) {
    const { case: c, conference } = await this.conferences.get(auth, id, conferenceId);
    return {
      title: 'conferences.print.title',
      printable: true,
      centre: await this.settings.centre(),
      case: { id: c.id, number: c.number, stage: c.stage },
      conference,
      agendaLines: linesOf(conference.agenda),
      minutesLines: linesOf(conference.minutes),
    };
  }

  @Post('conferences')
  @RequirePermission(Permission.ConferencesWrite)
  @AuditedManually()
  async create(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    const opts = {
      caseId: id,
      section: 'conferences',
      action: Permission.ConferencesWrite,
      flash: 'conferences.flash.recorded',
    };
    await caseFormAction(reply, req, this.audit, opts, async () => {
      const dto = await parseForm(CreateConferenceDto, this.shape(body ?? {}));
      await this.conferences.create(auth, id, dto);
    });
  }

  @Post('conference-action-items/:itemId')
  @RequirePermission(Permission.ConferencesRead)
  @AuditedManually()
  async updateItem(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Param('itemId') itemId: string,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    const opts = {
      caseId: id,
      section: 'conferences',
      action: Permission.ConferencesRead,
      flash: 'conferences.flash.itemUpdated',
      resourceId: itemId,
    };
    await caseFormAction(reply, req, this.audit, opts, async () => {
      const form = await parseForm(ActionItemFormDto, body);
      await this.conferences.updateActionItem(auth, id, itemId, form);
    });
  }

  /**
   * The form's flat fields as the API's shape: checkboxes for attendees, one line per other attendee
   * and per decision, and the action rows (repeated fields, by position; rows without a description
   * are left out).
   */
  private shape(raw: Record<string, unknown>): Record<string, unknown> {
    const descriptions = rows(raw.actionDescription);
    const owners = rows(raw.actionOwnerUserId);
    const institutions = rows(raw.actionOwnerInstitutionId);
    const dues = rows(raw.actionDueDate);
    const actionItems = descriptions
      .map((description, i) => ({
        description: description.trim(),
        ...(owners[i] ? { ownerUserId: owners[i] } : {}),
        ...(institutions[i] ? { ownerInstitutionId: institutions[i] } : {}),
        dueDate: dues[i] ?? '',
      }))
      .filter((a) => a.description);
    const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v : undefined);
    return {
      heldAt: raw.heldAt,
      attendees: {
        staffUserIds: listOf(raw.staffUserIds),
        institutionIds: listOf(raw.institutionIds),
        others: linesOf(raw.others),
      },
      agenda: text(raw.agenda),
      minutes: text(raw.minutes),
      decisions: linesOf(raw.decisions),
      actionItems,
    };
  }
}
