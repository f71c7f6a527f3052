import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { Role } from '../../src/platform/auth/permissions';
import { configureApp, createFastifyAdapter } from '../../src/bootstrap';
import { Clock, FakeClock } from '../../src/platform/common/clock';
import { languageOf } from '../../src/platform/common/request-context';
import { UsersService } from '../../src/users/users.service';
import { untranslatedIn } from './untranslated';

// No `process.env.TZ = 'UTC'` here: the application must give the same answers whatever the server's
// time zone, and `.ci/run` runs the whole suite under TZ=UTC and again under TZ=Asia/Jakarta. Forcing
// UTC in the harness made the second run a copy of the first and hid every use of process-local time.

export const TEST_PASSWORD = 'correct horse battery staple';

export interface TestApp {
  app: NestFastifyApplication;
  server: any;
  clock: FakeClock;
  dataDir: string;
  dataSource: DataSource;
  /** 'sqlite' or 'postgres' */
  dialect: string;
  /**
   * Every route the Fastify instance registered — Nest's controllers and everything registered on
   * Fastify directly (static files, Swagger) — as Fastify's onRoute hook saw them.
   */
  fastifyRoutes: { method: string; url: string }[];
  close(): Promise<void>;
}

/** Creates a throw-away PostgreSQL database on the server named by TEST_DATABASE_URL. */
export async function createPgDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = process.env.TEST_DATABASE_URL as string;
  const name = `lentera_t_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = base.replace(/\/[^/?]+(\?|$)/, `/${name}$1`);
  return {
    url,
    drop: async () => {
      const c = new Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * What the check on response bodies found since the last test ended: every body the application sends
 * (JSON, pages, CSV) is searched for leftover translation keys and untranslated codes
 * (support/untranslated.ts); a finding fails the test that caused it (the afterEach below), so no
 * suite has to remember to look.
 */
const untranslatedFindings: string[] = [];

function checkResponses(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onSend', async (req: any, reply: any, payload: unknown) => {
    const body =
      typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : null;
    // The OpenAPI document and its UI are English documentation for developers, not the interface.
    if (body !== null && !/^\/api\/docs/.test(req.url)) {
      const type = String(reply.getHeader('content-type') ?? '');
      const lang = languageOf(req);
      for (const f of untranslatedIn(body, type, lang)) {
        untranslatedFindings.push(
          `${req.method} ${req.url} → ${reply.statusCode} (${lang}): ${f.kind === 'key' ? 'translation key' : 'untranslated code'} "${f.text}" in "…${f.context}…"`,
        );
      }
    }
    return payload;
  });
}

/** Fails the test whose requests got an answer with untranslated words (and forgets them). */
export function assertNoUntranslatedResponses(): void {
  if (!untranslatedFindings.length) return;
  const found = untranslatedFindings.splice(0);
  throw new Error(`Responses with untranslated words:\n  ${[...new Set(found)].join('\n  ')}`);
}

// Registered by every test file that uses the harness (jest only: the crash suite runs under ts-node).
if (typeof afterEach === 'function') {
  afterEach(() => assertNoUntranslatedResponses());
  afterAll(() => assertNoUntranslatedResponses());
}

/**
 * The application as `main.ts` builds it (same modules, pipes, guards, filters and plugins) on a
 * fresh database: a temporary sqlite file, or a fresh PostgreSQL database when TEST_DATABASE_URL is set.
 */
export async function createTestApp(
  options: { env?: Record<string, string>; clock?: FakeClock } = {},
): Promise<TestApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lentera-test-'));
  const clock = options.clock ?? new FakeClock();
  let drop: (() => Promise<void>) | undefined;
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
    DATA_DIR: dataDir,
    LOGIN_RATE_LIMIT: '10000',
    ...options.env,
  };
  // A given DATABASE_URL (or DATABASE_PATH) is used as it is: an application started again on the
  // database of an earlier one (the caller drops it).
  if (process.env.TEST_DATABASE_URL && !env.DATABASE_PATH && !env.DATABASE_URL) {
    const db = await createPgDatabase();
    env.DATABASE_URL = db.url;
    drop = db.drop;
  }
  const fastifyRoutes: { method: string; url: string }[] = [];
  const saved: Record<string, string | undefined> = {};
  for (const key of [...Object.keys(env), 'DATABASE_URL', 'DATABASE_PATH', 'ENCRYPTION_KEY'])
    saved[key] = process.env[key];
  delete process.env.DATABASE_URL;
  delete process.env.DATABASE_PATH;
  Object.assign(process.env, env);
  let app: NestFastifyApplication;
  try {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
      .overrideProvider(Clock)
      .useValue(clock)
      .compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(createFastifyAdapter(), {
      logger: ['error'],
    });
    // Before anything registers a route: the hook is inherited by every plugin registered later.
    app
      .getHttpAdapter()
      .getInstance()
      .addHook('onRoute', (route: { method: string | string[]; url: string }) => {
        for (const method of Array.isArray(route.method) ? route.method : [route.method])
          fastifyRoutes.push({ method, url: route.url });
      });
    await configureApp(app);
    checkResponses(app);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
  const dataSource = app.get(DataSource);
  return {
    app,
    server: app.getHttpServer(),
    clock,
    dataDir,
    dataSource,
    dialect: dataSource.options.type,
    fastifyRoutes,
    close: async () => {
      await app.close();
      if (drop) await drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A second instance of the application on the database and data folder (master key) of `first`, with
 * its own process state (caches, buckets, timers) — what a second instance behind a proxy is. Its
 * `close()` stops the instance only: the database and folder stay `first`'s, removed by its close.
 */
export async function createSecondInstance(
  first: TestApp,
  options: { env?: Record<string, string>; clock?: FakeClock } = {},
): Promise<TestApp> {
  const sameDatabase: Record<string, string> =
    first.dialect === 'postgres'
      ? { DATABASE_URL: String((first.dataSource.options as { url?: string }).url) }
      : { DATABASE_PATH: String(first.dataSource.options.database) };
  const second = await createTestApp({
    ...options,
    env: { ...options.env, ...sameDatabase, DATA_DIR: first.dataDir },
  });
  return { ...second, close: () => second.app.close() };
}

/** Creates an active user with a known password that need not be changed. */
export async function createUser(
  t: TestApp,
  username: string,
  roles: Role[],
  extra: { institutionId?: string; mustChangePassword?: boolean; password?: string } = {},
) {
  const users = t.app.get(UsersService);
  const { user } = await users.create(
    { username, displayName: `Test ${username}`, roles, institutionId: extra.institutionId ?? null },
    { password: extra.password ?? TEST_PASSWORD, mustChangePassword: extra.mustChangePassword ?? false },
  );
  return user;
}

/** Logs in through the JSON API and returns the bearer token. */
export async function apiLogin(t: TestApp, username: string, password = TEST_PASSWORD): Promise<string> {
  const res = await request(t.server).post('/api/auth/login').send({ username, password });
  if (res.status !== 200)
    throw new Error(`login of ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.accessToken as string;
}

/** The CSRF token of a rendered form. */
export function csrfFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no CSRF token in page');
  return match[1];
}

/** A cookie-keeping browser-like agent, logged in through the login page. */
export async function pageLogin(t: TestApp, username: string, password = TEST_PASSWORD) {
  const agent = request.agent(t.server);
  const page = await agent.get('/login').expect(200);
  const res = await agent
    .post('/login')
    .type('form')
    .send({ username, password, _csrf: csrfFrom(page.text) });
  if (res.status !== 303) throw new Error(`page login of ${username} failed: ${res.status}`);
  return agent;
}

/** Fetches a page and returns its CSRF token (for a following form post). */
export async function csrfOf(agent: ReturnType<typeof request.agent>, url: string): Promise<string> {
  const res = await agent.get(url).expect(200);
  return csrfFrom(res.text);
}

/** Asserts the documented JSON error shape. */
export function expectErrorShape(body: any, status: number, code?: string): void {
  expect(body).toEqual(
    expect.objectContaining({
      statusCode: status,
      error: expect.any(String),
      message: expect.any(String),
      code: expect.any(String),
    }),
  );
  if (code) expect(body.code).toBe(code);
}

/** The sections of the case page, each a page of its own (`/cases/:id` is the overview). */
export const CASE_PAGE_SECTIONS = [
  'people',
  'incident',
  'counseling',
  'shelter',
  'services',
  'conferences',
  'referrals',
  'recovery',
  'history',
  'documents',
] as const;

/** One section of the case page, as text (expects 200). */
export async function caseSection(
  agent: ReturnType<typeof request.agent>,
  caseId: string,
  section: (typeof CASE_PAGE_SECTIONS)[number] | 'overview',
): Promise<string> {
  const url = section === 'overview' ? `/cases/${caseId}` : `/cases/${caseId}/${section}`;
  return (await agent.get(url).expect(200)).text;
}

/** Every section of the case page, joined: what the whole page once showed, for checks of what it must not show. */
export async function wholeCasePage(
  agent: ReturnType<typeof request.agent>,
  caseId: string,
): Promise<string> {
  const pages: string[] = [await caseSection(agent, caseId, 'overview')];
  for (const s of CASE_PAGE_SECTIONS) pages.push(await caseSection(agent, caseId, s));
  return pages.join('\n');
}
