import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../platform/auth/auth.decorators';
import { Permission } from '../platform/auth/permissions';
import { ApiErrors } from '../web/forms';
import { EmailDeliveryDto, EmailDeliveryListDto, EmailDeliveryQueryDto } from './dto/email-delivery.dto';
import { EmailDeliveriesService } from './email-deliveries.service';

/** E-mail deliveries for the administrator (issue 19 item 3): account names, kinds and codes; no case data. */
@ApiTags('email-deliveries')
@Controller('api/email-deliveries')
export class EmailDeliveriesApiController {
  constructor(private readonly deliveries: EmailDeliveriesService) {}

  @Get()
  @RequirePermission(Permission.EmailDeliveriesManage)
  @ApiOperation({
    summary:
      'E-mail deliveries by status (the failed ones unless `status` says otherwise), newest first unless sorted',
  })
  @ApiOkResponse({ type: EmailDeliveryListDto })
  @ApiErrors(400, 401, 403)
  list(@Query() q: EmailDeliveryQueryDto): Promise<EmailDeliveryListDto> {
    return this.deliveries.list(q);
  }

  @Post(':id/retry')
  @HttpCode(200)
  @RequirePermission(Permission.EmailDeliveriesManage)
  @ApiOperation({
    summary:
      'Send a failed delivery again (back to pending, attempts from zero). 409 EMAIL_DELIVERY_NOT_FAILED',
  })
  @ApiOkResponse({ type: EmailDeliveryDto })
  @ApiErrors(401, 403, 404, 409)
  retry(@Param('id') id: string): Promise<EmailDeliveryDto> {
    return this.deliveries.retry(id);
  }
}
