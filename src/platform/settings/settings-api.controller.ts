import { Body, Controller, Delete, Get, Put, Query } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentAuth, RequirePermission } from '../auth/auth.decorators';
import { Permission } from '../auth/permissions';
import { AuthContext } from '../common/request-context';
import { ApiErrors, validateInput } from '../../web/forms';
import { fieldsOf, uploadedData, UploadRoute } from '../../web/multipart';
import { LOGO_UPLOAD } from './logo';
import { CentreSettingsAdminService } from './centre-settings-admin.service';
import {
  CentreSettingsDto,
  LogoFormDto,
  LogoRemovalQueryDto,
  UpdateCentreSettingsDto,
} from './dto/centre-settings.dto';

/** The centre settings: identity for letterheads, case numbering, districts and the logo. */
@ApiTags('settings')
@Controller('api/settings')
export class SettingsApiController {
  constructor(private readonly centre: CentreSettingsAdminService) {}

  @Get('centre')
  @RequirePermission(Permission.SettingsManage)
  @ApiOperation({ summary: "The centre's settings (the logo by its facts only)" })
  @ApiOkResponse({ type: CentreSettingsDto })
  @ApiErrors(401, 403)
  get(): Promise<CentreSettingsDto> {
    return this.centre.view();
  }

  @Put('centre')
  @RequirePermission(Permission.SettingsManage)
  @ApiOperation({
    summary: 'Change the centre settings (send the version read; only the fields given change)',
  })
  @ApiOkResponse({ type: CentreSettingsDto })
  @ApiErrors(400, 401, 403, 409)
  update(@CurrentAuth() auth: AuthContext, @Body() dto: UpdateCentreSettingsDto): Promise<CentreSettingsDto> {
    const { version, ...changes } = dto;
    return this.centre.update(changes, version, auth.userId);
  }

  @Put('centre/logo')
  @RequirePermission(Permission.SettingsManage)
  @UploadRoute(LOGO_UPLOAD)
  @ApiOperation({
    summary:
      'Set the letterhead logo: multipart/form-data with `version` and the file `logo`, a PNG or JPEG of at most 1 MB (checked by its content)',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['version', 'logo'],
      properties: { version: { type: 'integer' }, logo: { type: 'string', format: 'binary' } },
    },
  })
  @ApiOkResponse({ type: CentreSettingsDto })
  @ApiErrors(400, 401, 403, 409)
  async setLogo(
    @CurrentAuth() auth: AuthContext,
    @Body() body: Record<string, unknown>,
  ): Promise<CentreSettingsDto> {
    const parsed = await validateInput(LogoFormDto, fieldsOf(body));
    if (parsed.error) throw parsed.error;
    return this.centre.setLogo(uploadedData(body, 'logo'), parsed.value.version, auth.userId);
  }

  @Delete('centre/logo')
  @RequirePermission(Permission.SettingsManage)
  @ApiOperation({ summary: 'Remove the letterhead logo (send the version read)' })
  @ApiOkResponse({ type: CentreSettingsDto })
  @ApiErrors(400, 401, 403, 409)
  removeLogo(@CurrentAuth() auth: AuthContext, @Query() q: LogoRemovalQueryDto): Promise<CentreSettingsDto> {
    return this.centre.removeLogo(q.version, auth.userId);
  }
}
