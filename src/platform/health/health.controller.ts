import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { Public } from '../auth/auth.decorators';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get()
  @Public()
  @ApiOkResponse({ schema: { example: { status: 'ok', db: 'ok' } } })
  @ApiServiceUnavailableResponse({ schema: { example: { status: 'error', db: 'unreachable' } } })
  async health(@Res() reply: FastifyReply): Promise<void> {
    try {
      await this.dataSource.query('SELECT 1');
      await reply.status(200).send({ status: 'ok', db: 'ok' });
    } catch {
      await reply.status(503).send({ status: 'error', db: 'unreachable' });
    }
  }
}
