import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import fastifyView from '@fastify/view';
import { Logger } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { AppConfig, appConfig } from './platform/config/app.config';
import { AppRequest, isApiRequest } from './platform/common/request-context';
import { PUBLIC_DIR, VIEWS_DIR } from './platform/common/paths';
import { AppException, ErrorCode } from './platform/common/app.exception';
import { csrfBinding, csrfHmacKey } from './web/csrf';
import { registerMultipart } from './web/multipart';
import { bearerToken } from './platform/auth/auth.guard';
import { SessionService } from './platform/auth/session.service';
import { createHandlebars, registerPartials } from './web/handlebars';
import { KEY_RING, KeyRing } from './platform/crypto/key-ring';
import { respondWithError } from './web/all-exceptions.filter';
import { AuditService } from './platform/audit/audit.service';
import { Translator } from './platform/i18n/translator';

/** 1 MiB: enough for any form or JSON body Lentera takes; uploads use their own limits. */
export const BODY_LIMIT = 1024 * 1024;

/**
 * Deepest nesting a request body may have. Lentera's deepest DTO is a few levels; a body nested
 * thousands deep would overflow the stack of the recursive validation (a 500): refused with 400.
 */
export const MAX_BODY_DEPTH = 32;

/**
 * A lone surrogate (not well-formed UTF-16), or a NUL character (PostgreSQL's text cannot hold one:
 * the insert failed with a 500; sqlite stored it).
 */
// eslint-disable-next-line no-control-regex -- the NUL character is exactly what is refused here
const UNACCEPTABLE_TEXT = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|\u0000/;

/**
 * Whether a parsed body (or query) nests deeper than `max`, or holds a string (or key) that is not
 * well-formed UTF-16 (a lone surrogate, e.g. JSON "\ud800", makes validators such as isEmail throw)
 * or that holds a NUL character. Iterative, so a deep body cannot overflow the stack here either.
 */
export function unacceptableBody(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (typeof node === 'string') {
      if (UNACCEPTABLE_TEXT.test(node)) return true;
      continue;
    }
    if (node === null || typeof node !== 'object' || ArrayBuffer.isView(node)) continue;
    if (depth >= max) return true;
    for (const [key, child] of Object.entries(node)) {
      if (UNACCEPTABLE_TEXT.test(key)) return true;
      stack.push([child, depth + 1]);
    }
  }
  return false;
}

/**
 * Fastify's router refuses some URLs before any hook or handler runs — a malformed percent escape
 * (FST_ERR_BAD_URL) or a path parameter longer than maxParamLength (FST_ERR_MAX_PARAM_LENGTH) — and
 * would answer them with its own JSON: not the documented error shape, the URL echoed back, no error
 * page, no security headers. Such a request is routed again to BAD_URL_ROUTE (under /api for an API
 * URL), which goes through every hook and answers a 400 BAD_REQUEST like any other bad request.
 */
export const BAD_URL_ROUTE = '/_bad-url';

export function createFastifyAdapter(): FastifyAdapter {
  return new FastifyAdapter({
    frameworkErrors: (_error: Error, req: any, reply: any) => {
      const raw = req.raw;
      raw.url = isApiRequest(raw) ? `/api${BAD_URL_ROUTE}` : BAD_URL_ROUTE;
      req.server.routing(raw, reply.raw);
    },
    bodyLimit: BODY_LIMIT,
    logger: false,
    trustProxy: process.env.TRUST_PROXY === 'true',
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && /^[A-Za-z0-9-]{8,36}$/.test(incoming) ? incoming : randomUUID();
    },
    routerOptions: { maxParamLength: 200 },
  });
}

/** Headers that keep an answer out of every cache (Pragma for HTTP/1.0 caches). */
export const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' } as const;

/** The stylesheet, scripts and icons under /static/: nobody's data, cacheable. */
function isStaticAsset(req: { routeOptions?: { url?: string } }): boolean {
  return req.routeOptions?.url === '/static/*';
}

const CSP_SELF = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  fontSrc: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  imgSrc: ["'self'", 'data:'],
  objectSrc: ["'none'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'"],
  connectSrc: ["'self'"],
  upgradeInsecureRequests: null,
};

/**
 * Everything the HTTP server needs besides the modules, registered before `app.init()` in one
 * function that main.ts and the tests share.
 */
export async function configureApp(app: NestFastifyApplication): Promise<void> {
  const config = app.get<AppConfig>(appConfig.KEY);
  const translator = app.get(Translator);
  const logger = new Logger('HTTP');
  const fastify = app.getHttpAdapter().getInstance();
  const audit = app.get(AuditService);

  await app.register(fastifyHelmet as any, {
    contentSecurityPolicy: { useDefaults: false, directives: CSP_SELF },
    crossOriginEmbedderPolicy: false,
    hsts: config.session.cookieSecure ? { maxAge: 31536000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'same-origin' },
  });
  await app.register(fastifyCookie as any);
  // Uploads: only the routes marked @UploadRoute read a multipart body, and only for a live session.
  const sessions = app.get(SessionService);
  await registerMultipart(
    fastify,
    (plugin, options) => app.register(plugin as any, options),
    async (req) => {
      const token = isApiRequest(req)
        ? bearerToken(req as AppRequest)
        : (req as AppRequest).cookies?.[config.session.cookieName];
      if (!token) return false;
      const resolved = await sessions.resolve(token);
      return resolved !== 'none' && resolved !== 'expired';
    },
  );
  await app.register(fastifyCsrf as any, {
    cookieKey: '_csrf',
    cookieOpts: {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: config.session.cookieSecure,
      signed: false,
    },
    getToken: (req: any) => req.body?._csrf ?? req.headers['x-csrf-token'],
    // Each token is bound to the session the browser presented when it was issued (see csrfBinding),
    // under a key derived from the master key, so every instance of the application agrees.
    csrfOpts: { hmacKey: csrfHmacKey(app.get<KeyRing>(KEY_RING)) },
    getUserInfo: (req: any) => csrfBinding(req, config.session.cookieName),
  });
  await app.register(fastifyStatic as any, {
    root: PUBLIC_DIR,
    prefix: '/static/',
    decorateReply: false,
    maxAge: config.isProduction ? '1d' : 0,
  });
  const hbs = createHandlebars(translator);
  registerPartials(hbs, path.join(VIEWS_DIR, 'partials'));
  await app.register(fastifyView as any, {
    engine: { handlebars: hbs },
    root: VIEWS_DIR,
    viewExt: 'hbs',
    layout: 'layouts/main',
    production: config.isProduction,
    defaultContext: {},
  });

  // A URL Fastify's router refused (see BAD_URL_ROUTE), routed again: the hooks run (cookies, headers,
  // CSRF) and the answer is the exception filter's, for the refusal and for any hook's error.
  const answerError = (error: unknown, req: FastifyRequest, reply: FastifyReply) =>
    respondWithError(error, req as AppRequest, reply, translator, audit, logger);
  for (const url of [BAD_URL_ROUTE, `/api${BAD_URL_ROUTE}`])
    fastify.route({
      method: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      url,
      handler: (req, reply) => answerError(new AppException(ErrorCode.BadRequest, 400), req, reply),
      errorHandler: (error, req, reply) => answerError(error, req, reply),
    });
  fastify.addHook('onRequest', (req, reply, done) => {
    reply.header('x-request-id', req.id);
    (req as any).startedAt = process.hrtime.bigint();
    if (!isStaticAsset(req)) reply.headers(NO_STORE);
    done();
  });
  // Nothing but the static assets is kept by a browser or a proxy: a page or an answer may hold a
  // survivor's address, and Back after logout must not show it from the cache. onSend enforces it on
  // every answer (errors included), whatever a handler set.
  fastify.addHook('onSend', (req, reply, payload, done) => {
    if (!isStaticAsset(req)) reply.headers(NO_STORE);
    done(null, payload);
  });
  fastify.addHook('preValidation', (req, reply, done) => {
    for (const part of [req.body, req.query])
      if (part && typeof part === 'object' && unacceptableBody(part, MAX_BODY_DEPTH))
        return done(new AppException(ErrorCode.BadRequest, 400) as any);
    done();
  });
  // Pages' forms carry a CSRF token; the JSON API is authenticated by Bearer token only.
  fastify.addHook('preHandler', (req, reply, done) => {
    if (['GET', 'HEAD', 'OPTIONS'].includes(req.method) || isApiRequest(req)) return done();
    // The plugin answers a bad token with reply.send(error); catch that to raise our typed error.
    let refused = false;
    const watch = Object.create(reply, {
      send: {
        value: () => {
          refused = true;
          done(new AppException(ErrorCode.CsrfInvalid, 403) as any);
          return reply;
        },
      },
    });
    (fastify as any).csrfProtection(req, watch, () => {
      if (!refused) done();
    });
  });
  // Swagger UI's HTML carries inline styles: allow them on the documentation page only (no scripts).
  fastify.addHook('onSend', (req, reply, payload, done) => {
    if (req.url === '/api/docs' || req.url.startsWith('/api/docs/') || req.url.startsWith('/api/docs?')) {
      const csp = reply.getHeader('content-security-policy');
      if (typeof csp === 'string')
        reply.header(
          'content-security-policy',
          csp.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"),
        );
    }
    done(null, payload);
  });
  // Audit before serving: a handler that sends its reply itself (pages, downloads) gets its
  // "allowed" audit row written here, before the payload leaves; if that write fails, the error
  // reply goes out instead (see AuditInterceptor).
  fastify.addHook('onSend', async (req, reply, payload) => {
    const pending = (req as AppRequest).auditBeforeSend;
    if (pending) {
      (req as AppRequest).auditBeforeSend = null;
      try {
        await pending();
      } catch (error) {
        reply.removeHeader('content-disposition'); // the error page is not the file
        throw error;
      }
    }
    return payload;
  });
  fastify.addHook('onResponse', (req, reply, done) => {
    const started = (req as any).startedAt as bigint | undefined;
    const ms = started ? Number(process.hrtime.bigint() - started) / 1e6 : 0;
    logger.debug(
      `${req.id} ${req.method} ${req.routeOptions?.url ?? '(no route)'} ${reply.statusCode} ${ms.toFixed(1)}ms`,
    );
    done();
  });
  // Errors Fastify raises before a handler (bad JSON, media type, body size) reach Nest's own error
  // handler, registered at init, and from there AllExceptionsFilter.

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Lentera API')
      .setDescription(
        'Case management for integrated service centres (PPT / UPTD PPA). Authenticate with ' +
          '`POST /api/auth/login`, then send `Authorization: Bearer <accessToken>`. Each operation names ' +
          'the permission it needs (`x-permission`). Errors: `{statusCode, error, message, code}`.',
      )
      .setVersion('0.1.0')
      .addBearerAuth()
      .addCookieAuth('lentera_session')
      .build(),
  );
  for (const methods of Object.values(document.paths)) {
    for (const op of Object.values(methods) as any[]) {
      const permission = op?.['x-permission'];
      if (permission && !String(op.description ?? '').includes('Permission:')) {
        op.description = `${op.description ? op.description + '\n\n' : ''}Permission: \`${permission}\``;
      }
    }
  }
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/docs-json',
    customSiteTitle: 'Lentera API',
  });
}
