import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { RENDER_METADATA } from '@nestjs/common/constants';
import type { FastifyReply } from 'fastify';
import { map, Observable } from 'rxjs';
import { AppRequest } from '../platform/common/request-context';
import { AppConfig, InjectAppConfig } from '../platform/config/app.config';
import { buildViewContext, setSessionIdleSeconds } from './view-context';

/** Adds the layout's data to what every `@Render()` handler returns. */
@Injectable()
export class ViewContextInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    @InjectAppConfig() config: AppConfig,
  ) {
    setSessionIdleSeconds(config.session.idleMinutes * 60);
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http' || !this.reflector.get(RENDER_METADATA, context.getHandler()))
      return next.handle();
    const http = context.switchToHttp();
    const req = http.getRequest<AppRequest>();
    const reply = http.getResponse<FastifyReply>();
    return next.handle().pipe(map((data) => ({ ...buildViewContext(req, reply), ...(data as object) })));
  }
}
