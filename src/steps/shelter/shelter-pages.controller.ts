import { Body, Controller, Get, Param, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuditedManually } from '../../platform/audit/audit.interceptor';
import { AuditService } from '../../platform/audit/audit.service';
import { CurrentAuth, RequirePermission } from '../../platform/auth/auth.decorators';
import { Permission } from '../../platform/auth/permissions';
import { ErrorCode } from '../../platform/common/app.exception';
import { paginationView } from '../../platform/common/pagination';
import { AppRequest, AuthContext, languageOf } from '../../platform/common/request-context';
import { caseFormAction } from '../counseling/case-tracks.common';
import { parseForm, runForm } from '../../web/form-action';
import { renderPage } from '../../web/page-kit';
import { Translator } from '../../platform/i18n/translator';
import { formError, FormError, textOf, validateInput } from '../../web/forms';
import { listControlsView } from '../../platform/common/list-sort';
import { DEFAULT_PAGE_SIZE } from '../../platform/common/pagination';
import { fieldMessages } from '../../web/field-messages';
import { SAFE_HOUSE_LIST_SORT } from './safe-house-list-sort';
import { SafeHouseListPageQueryDto } from './dto/shelter.dto';
import {
  DischargeFormDto,
  SafeHouseEditFormDto,
  SafeHouseFormDto,
  SafeHouseResponseDto,
} from './dto/shelter.dto';
import { MAX_CAPACITY } from './shelter.constants';
import { ShelterService } from './shelter.service';

interface SafeHouseFormValues {
  name: string;
  capacity: string | number;
  address: string;
  isActive: boolean;
  version?: string | number;
}

/**
 * Shelter pages: the occupancy board (`/shelter`), the safe-house administration
 * (`/shelter/safe-houses`, coordinators) and the case page's shelter forms (admission through the
 * workflow, discharge).
 */
@ApiExcludeController()
@Controller()
export class ShelterPagesController {
  constructor(
    private readonly shelter: ShelterService,
    private readonly audit: AuditService,
    private readonly translator: Translator,
  ) {}

  @Get('shelter')
  @RequirePermission(Permission.ShelterRead)
  @Render('shelter/occupancy')
  async occupancy(@Req() req: AppRequest, @CurrentAuth() auth: AuthContext) {
    const board = await this.shelter.occupancy(auth);
    return {
      title: 'shelter.occupancy.title',
      board,
      canManage: !!req.auth?.permissions.has(Permission.ShelterManage),
    };
  }

  @Get('shelter/safe-houses')
  @RequirePermission(Permission.ShelterManage)
  @Render('shelter/safe-houses')
  async list(
    @Res({ passthrough: true }) reply: FastifyReply,
    @Req() req: AppRequest,
    @Query() raw: Record<string, unknown>,
  ) {
    const parsed = await validateInput(SafeHouseListPageQueryDto, raw, 'query');
    if (parsed.error) {
      const problem = fieldMessages(this.translator, languageOf(req), parsed.error);
      reply.status(problem.status);
      const listing = listControlsView(
        SAFE_HOUSE_LIST_SORT,
        '/shelter/safe-houses',
        { pageSize: DEFAULT_PAGE_SIZE },
        {},
      );
      return { title: 'shelter.safeHouses.title', houses: [], pagination: null, listing, ...problem };
    }
    const q = parsed.value;
    const page = await this.shelter.listSafeHouses(q);
    return {
      title: 'shelter.safeHouses.title',
      houses: page.items,
      listing: listControlsView(SAFE_HOUSE_LIST_SORT, '/shelter/safe-houses', q, {}),
      pagination: paginationView(page.total, q.page, q.pageSize, '/shelter/safe-houses', {
        sort: q.sort,
        dir: q.dir,
      }),
    };
  }

  @Get('shelter/safe-houses/new')
  @RequirePermission(Permission.ShelterManage)
  @Render('shelter/safe-house-form')
  newForm() {
    return this.formData({ name: '', capacity: '', address: '', isActive: true }, null);
  }

  @Post('shelter/safe-houses')
  @RequirePermission(Permission.ShelterManage)
  @AuditedManually()
  async create(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    const raw = body ?? {};
    await runForm(
      req,
      reply,
      this.audit,
      {
        action: Permission.ShelterManage,
        flash: 'shelter.flash.safeHouseCreated',
        createdId: (created) => created.id,
        next: () => '/shelter/safe-houses',
        shows: () => true,
        problem: async (err) => {
          const problem = formError(err, this.translator, languageOf(req));
          await this.render(req, reply, this.formData(this.posted(raw), null, problem), problem.status);
        },
      },
      async () => {
        const form = await parseForm(SafeHouseFormDto, raw);
        return this.shelter.createSafeHouse({
          name: form.name,
          capacity: form.capacity,
          address: form.address,
          isActive: form.isActive === true,
        });
      },
    );
  }

  @Get('shelter/safe-houses/:houseId')
  @RequirePermission(Permission.ShelterManage)
  @Render('shelter/safe-house-form')
  async edit(@Param('houseId') houseId: string) {
    const house = await this.shelter.getSafeHouse(houseId);
    return this.formData(
      {
        name: house.name,
        capacity: house.capacity,
        address: house.address ?? '',
        isActive: house.isActive,
        version: house.version,
      },
      house,
    );
  }

  @Post('shelter/safe-houses/:houseId')
  @RequirePermission(Permission.ShelterManage)
  @AuditedManually()
  async update(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @Param('houseId') houseId: string,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    const raw = body ?? {};
    await runForm(
      req,
      reply,
      this.audit,
      {
        action: Permission.ShelterManage,
        resourceId: houseId,
        flash: 'shelter.flash.safeHouseUpdated',
        next: () => '/shelter/safe-houses',
        shows: (err) => err.code !== ErrorCode.NotFound,
        problem: async (err) => {
          const house = await this.shelter.getSafeHouse(houseId);
          const problem = formError(err, this.translator, languageOf(req));
          await this.render(req, reply, this.formData(this.posted(raw), house, problem), problem.status);
        },
      },
      async () => {
        const form = await parseForm(SafeHouseEditFormDto, raw);
        await this.shelter.updateSafeHouse(houseId, {
          version: form.version,
          name: form.name,
          capacity: form.capacity,
          address: form.address ?? null,
          isActive: form.isActive === true,
        });
      },
    );
  }

  // ---- the case page's shelter forms

  @Post('cases/:id/shelter-stays/:stayId/discharge')
  @RequirePermission(Permission.ShelterDischarge)
  @AuditedManually()
  async discharge(
    @Req() req: AppRequest,
    @Res() reply: FastifyReply,
    @CurrentAuth() auth: AuthContext,
    @Param('id') id: string,
    @Param('stayId') stayId: string,
    @Body() body: Record<string, unknown> | undefined,
  ): Promise<void> {
    const opts = {
      caseId: id,
      section: 'shelter',
      action: Permission.ShelterDischarge,
      flash: 'shelter.flash.discharged',
    };
    await caseFormAction(reply, req, this.audit, opts, async () => {
      const form = await parseForm(DischargeFormDto, body);
      await this.shelter.discharge(auth, id, stayId, form);
    });
  }

  // ---- helpers

  private formData(values: SafeHouseFormValues, house: SafeHouseResponseDto | null, problem?: FormError) {
    return {
      title: house ? 'shelter.safeHouses.edit.title' : 'shelter.safeHouses.new.title',
      house,
      form: values,
      maxCapacity: MAX_CAPACITY,
      ...problem,
    };
  }

  private posted(raw: Record<string, unknown>): SafeHouseFormValues {
    return {
      name: textOf(raw.name),
      capacity: textOf(raw.capacity),
      address: textOf(raw.address),
      isActive: raw.isActive === 'on' || raw.isActive === 'true',
      version: textOf(raw.version),
    };
  }

  private render(
    req: AppRequest,
    reply: FastifyReply,
    data: Record<string, unknown>,
    status: number,
  ): Promise<void> {
    return renderPage(req, reply, 'shelter/safe-house-form', data, status);
  }
}
