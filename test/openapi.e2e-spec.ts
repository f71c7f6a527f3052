/**
 * The HTTP surface promised to operators and API clients:
 *  - `GET /api/docs-json` is an OpenAPI 3 document with a bearer security scheme; every JSON route
 *    Nest registered (every controller route under /api) is in it with the same method, and each
 *    operation carries `x-permission` and names that permission in its description; every `$ref`
 *    resolves; the document lists no operation that does not exist;
 *  - `GET /api/docs` serves the Swagger UI page, with its assets from this server;
 *  - `GET /health` answers 200 {"status":"ok","db":"ok"};
 *  - security headers on pages (self-only CSP, nosniff, no framing, referrer policy) and an
 *    `x-request-id` header on every response.
 */
import request from 'supertest';
import { API_PERMISSION_EXTENSION } from '../src/platform/auth/auth.decorators';
import { isApiPath, walkRoutes } from './support/routes';
import { createTestApp, TestApp } from './support/test-app';

interface ApiRoute {
  method: string;
  path: string;
  permission: string;
}

/** The controller routes under /api. */
function apiRoutes(t: TestApp): ApiRoute[] {
  return walkRoutes(t)
    .filter((r) => isApiPath(r.path))
    .map((r) => ({
      method: r.method,
      path: r.path,
      permission: r.isPublic ? 'public' : (r.permission ?? '(none)'),
    }));
}

/** Express-style `:id` to OpenAPI `{id}`. */
const toOpenApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

function collectRefs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => collectRefs(n, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else collectRefs(v, out);
    }
  }
  return out;
}

function resolvePointer(doc: any, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((node, key) => (node && typeof node === 'object' ? node[key] : undefined), doc);
}

/** Parses a Content-Security-Policy header into directive → sources. */
function parseCsp(header: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of header.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) map.set(name.toLowerCase(), sources);
  }
  return map;
}

describe('OpenAPI document, docs page, health and HTTP headers (e2e)', () => {
  let t: TestApp;
  let doc: any;

  beforeAll(async () => {
    t = await createTestApp();
    const res = await request(t.server).get('/api/docs-json').expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    doc = JSON.parse(res.text);
  });
  afterAll(() => t.close());

  describe('GET /api/docs-json', () => {
    it('is an OpenAPI 3 document with info, paths and a bearer security scheme', () => {
      expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
      expect(doc.info).toEqual(
        expect.objectContaining({ title: expect.any(String), version: expect.any(String) }),
      );
      expect(typeof doc.paths).toBe('object');
      const schemes = Object.values(doc.components?.securitySchemes ?? {}) as any[];
      expect(schemes).toContainEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }));
    });

    it('is well formed: every operation has responses, and every $ref resolves', () => {
      const problems: string[] = [];
      for (const [path, item] of Object.entries<any>(doc.paths)) {
        if (!path.startsWith('/')) problems.push(`path ${path} does not start with /`);
        for (const [method, op] of Object.entries<any>(item)) {
          if (!HTTP_METHODS.includes(method)) continue;
          if (!op.responses || !Object.keys(op.responses).length)
            problems.push(`${method} ${path}: no responses`);
          for (const param of (path.match(/\{([^}]+)\}/g) ?? []).map((p) => p.slice(1, -1))) {
            if (!(op.parameters ?? []).some((p: any) => p.in === 'path' && p.name === param))
              problems.push(`${method} ${path}: path parameter ${param} not declared`);
          }
        }
      }
      for (const ref of collectRefs(doc)) {
        if (resolvePointer(doc, ref) === undefined) problems.push(`unresolved $ref ${ref}`);
      }
      expect(problems).toEqual([]);
    });

    it('documents every JSON route with its method, x-permission and the permission in its description', () => {
      const routes = apiRoutes(t);
      expect(routes.length).toBeGreaterThan(0);
      const problems: string[] = [];
      for (const r of routes) {
        const op = doc.paths[toOpenApiPath(r.path)]?.[r.method.toLowerCase()];
        if (!op) {
          problems.push(`${r.method} ${r.path}: missing from the OpenAPI document`);
          continue;
        }
        if (op[API_PERMISSION_EXTENSION] !== r.permission)
          problems.push(
            `${r.method} ${r.path}: x-permission is ${op[API_PERMISSION_EXTENSION]}, route has ${r.permission}`,
          );
        if (!String(op.description ?? '').includes(r.permission))
          problems.push(`${r.method} ${r.path}: description does not name ${r.permission}`);
        if (r.permission !== 'public') {
          const security = (op.security ?? doc.security ?? []) as Record<string, unknown>[];
          if (!security.some((s) => 'bearer' in s))
            problems.push(`${r.method} ${r.path}: no bearer security`);
        }
      }
      expect(problems).toEqual([]);
    });

    it('lists no /api operation that the application does not serve', () => {
      const served = new Set(apiRoutes(t).map((r) => `${r.method.toLowerCase()} ${toOpenApiPath(r.path)}`));
      const documented = Object.entries<any>(doc.paths)
        .filter(([path]) => path.startsWith('/api'))
        .flatMap(([path, item]) =>
          Object.keys(item)
            .filter((m) => HTTP_METHODS.includes(m))
            .map((m) => `${m} ${path}`),
        );
      expect(documented.filter((d) => !served.has(d))).toEqual([]);
    });
  });

  it('GET /api/docs serves the Swagger UI page with its assets from this server', async () => {
    const res = await request(t.server).get('/api/docs').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('swagger-ui');
    const assets = [...res.text.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map((m) => m[1]);
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) {
      expect(asset).not.toMatch(/^(https?:)?\/\//);
      const url = new URL(asset, 'http://lentera.local/api/docs').pathname;
      await request(t.server).get(url).expect(200);
    }
  });

  it('GET /health answers 200 {"status":"ok","db":"ok"}', async () => {
    const res = await request(t.server).get('/health').expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual({ status: 'ok', db: 'ok' });
  });

  describe('HTTP headers', () => {
    it('a page carries a self-only CSP, nosniff, no framing and a referrer policy', async () => {
      const res = await request(t.server).get('/login').expect(200);
      const header = String(res.headers['content-security-policy'] ?? '');
      expect(header).not.toBe('');
      const csp = parseCsp(header);
      expect(csp.get('default-src')).toEqual(["'self'"]);
      const thirdParty = [...csp.entries()].filter(([, sources]) =>
        sources.some((s) => /^(https?:|wss?:)?\/\/|^\*|^https?:$|^[a-z0-9-]+(\.[a-z0-9-]+)+/i.test(s)),
      );
      expect(thirdParty).toEqual([]);
      for (const [directive, sources] of csp) {
        expect([directive, sources.filter((s) => s === "'unsafe-inline'" || s === "'unsafe-eval'")]).toEqual([
          directive,
          [],
        ]);
      }
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      const noFraming =
        /^(DENY|SAMEORIGIN)$/i.test(String(res.headers['x-frame-options'] ?? '')) ||
        (csp.get('frame-ancestors') ?? []).join(' ') === "'none'";
      expect(noFraming).toBe(true);
      expect(res.headers['referrer-policy']).toMatch(
        /^(no-referrer|same-origin|strict-origin|strict-origin-when-cross-origin)$/,
      );
    });

    it('every response has an x-request-id; a well-formed incoming one is kept, a bad one replaced', async () => {
      for (const url of [
        '/login',
        '/health',
        '/api/account',
        '/no-such-page',
        '/api/no-such-route',
        '/static/css/app.css',
      ]) {
        const res = await request(t.server).get(url);
        expect([url, res.headers['x-request-id']]).toEqual([
          url,
          expect.stringMatching(/^[A-Za-z0-9-]{8,36}$/),
        ]);
      }
      const a = await request(t.server).get('/health');
      const b = await request(t.server).get('/health');
      expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
      const kept = await request(t.server).get('/health').set('x-request-id', 'abcdef12-3456');
      expect(kept.headers['x-request-id']).toBe('abcdef12-3456');
      const replaced = await request(t.server)
        .get('/health')
        .set('x-request-id', '<script>alert(1)</script>');
      expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });
  });
});
