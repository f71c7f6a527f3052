import { Injectable, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { MULTIPART_BODY_LIMIT, parseMultipart } from '../http/multipart';
import { CentreSettingsAdminService } from './centre-settings-admin.service';
import { SettingsApiController } from './settings-api.controller';
import { SettingsPagesController } from './settings-pages.controller';

/**
 * The logo upload needs the multipart/form-data parser the referrals' uploads register; it is
 * registered here too (the same parser, whichever module comes first) so the settings page works on
 * its own.
 */
@Injectable()
export class MultipartParserRegistration implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance?.();
    if (!fastify || typeof fastify.addContentTypeParser !== 'function') return;
    if (fastify.hasContentTypeParser('multipart/form-data')) return;
    fastify.addContentTypeParser(
      'multipart/form-data',
      { parseAs: 'buffer', bodyLimit: MULTIPART_BODY_LIMIT },
      (
        req: { headers: Record<string, unknown> },
        body: Buffer,
        done: (err: Error | null, value?: unknown) => void,
      ) => {
        try {
          done(null, parseMultipart(body, String(req.headers['content-type'] ?? '')));
        } catch (err) {
          done(err as Error);
        }
      },
    );
  }
}

/** The administrator's centre settings: page and JSON API (the settings themselves are SettingsModule's). */
@Module({
  controllers: [SettingsApiController, SettingsPagesController],
  providers: [CentreSettingsAdminService, MultipartParserRegistration],
})
export class SettingsAdminModule {}
